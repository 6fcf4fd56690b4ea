"""The first "What next" suggestions, for the initiative's home page."""

from __future__ import annotations

from collections.abc import Iterator

from convener.core.home import NEXT, HomeFigure, HomeItem
from convener.initiatives.models import Initiative
from convener.toolkit.recommend import recommendations_for


def home_items(initiative: Initiative) -> Iterator[HomeItem]:
    """Yield the three most pressing suggestions, each linked to the tool that helps."""
    for n, item in enumerate(recommendations_for(initiative)[:3]):
        yield HomeFigure(
            section=NEXT, label=item.tool_name, value="", url=item.url, note=item.reason, order=n
        )

"""A choice among pictures, each described in words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import check_options
from convener.live.kinds.single import OneChoice


class Image(OneChoice):
    key = "image"
    pictures = True

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        check_options(config, problems)
        for option in config.get("options") or []:
            if not isinstance(option, dict):
                continue
            if not str(option.get("image", "")).strip():
                problems.append(_("Every image option needs an image."))
            if not str(option.get("alt", "")).strip():
                problems.append(
                    _("Describe every image in words (alt text): %(label)s")
                    % {"label": option.get("label") or option.get("key") or "?"}
                )


IMAGE = Image()

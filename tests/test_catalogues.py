"""The Spanish catalogues: every plural message has every form its catalogue's rule can pick.

A catalogue whose header says three plural forms (as Django's own Spanish one does) but whose
message gives two shows the English plural for every count the third form covers.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

CATALOGUES = sorted(Path("convener").glob("**/locale/es/LC_MESSAGES/django.mo"))


def test_the_spanish_catalogues_are_found() -> None:
    assert len(CATALOGUES) >= 10


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.parts[1]))
def test_every_plural_message_has_every_form(path: Path) -> None:
    with path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    forms = {catalogue.plural(n) for n in (0, 1, 2, 5, 21, 1_000_000)}
    keys = catalogue._catalog
    plurals = {key[0] for key in keys if isinstance(key, tuple)}
    missing = sorted(
        (msgid, form) for msgid in plurals for form in forms if (msgid, form) not in keys
    )
    assert not missing, f"{path}: plural forms missing: {missing[:5]}"

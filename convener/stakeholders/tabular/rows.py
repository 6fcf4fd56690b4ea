"""Check every row of a table against the registry's rules; a record or errors per row."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _

from convener.stakeholders import matching
from convener.stakeholders.tabular.columns import CHOICE_ALIASES, normalise

TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "x", "si", "s", "verdadero"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", "falso", ""})
LANGUAGE_NAMES = {
    "english": "en",
    "ingles": "en",
    "spanish": "es",
    "espanol": "es",
    "castellano": "es",
}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,4})?$")
MAX_LENGTHS = {
    "name": 200,
    "organization": 200,
    "position": 200,
    "phone": 40,
    "consent_source": 200,
}
TAG_MAX_LENGTH = 60
TEXT_FIELDS = frozenset(
    {"name", "organization", "position", "phone", "consent_source", "what_they_might_do", "notes"}
)
DUPLICATE_CHOICES = ("skip", "merge", "overwrite")

_email_validator = EmailValidator()


@dataclass(frozen=True)
class Reference:
    """What validation needs to know about the initiative, as plain data.

    ``perspectives`` maps a normalised key or label to the perspective id; ``emails`` maps a
    lower-case e-mail address to a stakeholder id; ``names`` maps ``person_key(...)`` to a
    stakeholder id.
    """

    perspectives: Mapping[str, int] = field(default_factory=dict)
    emails: Mapping[str, int] = field(default_factory=dict)
    names: Mapping[tuple[str, str, str], int] = field(default_factory=dict)
    # Everyone in the registry, for the matches the keys above miss (a phone number, a name
    # written with a title or in another order): ``matching.find_matches``.
    index: matching.Index | None = None


@dataclass(frozen=True)
class CellError:
    column: str  # the field key the error is about
    message: str


@dataclass
class RowResult:
    number: int  # the row's line in the file (the header is line 1)
    values: dict[str, object]
    errors: list[CellError] = field(default_factory=list)
    duplicate_of: int | None = None  # id of the existing record it matches
    duplicate_by: str = ""  # "email", "name", "phone" or "similar_name"

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_bool(text: str) -> bool | None:
    """Return True/False for yes/no words (English or Spanish), or None if not one."""
    word = normalise(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_date(text: str) -> dt.date | None:
    """Return the date in ``text`` (ISO, or day/month/year when unambiguous), else raise."""
    text = text.strip()
    if not text:
        return None
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?", text)
    if iso:
        year, month, day = (int(p) for p in iso.groups())
        return dt.date(year, month, day)
    parts = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if parts:
        first, second, year = (int(p) for p in parts.groups())
        if first > 12 >= second:
            return dt.date(year, second, first)
        if second > 12 >= first:
            return dt.date(year, first, second)
        if first == second:
            return dt.date(year, first, second)
        raise ValueError("ambiguous")
    raise ValueError("unrecognised")


def parse_choice(field_key: str, text: str) -> str | None:
    """Return the stored value for a choice written in English or Spanish, or None."""
    word = normalise(text)
    for value, aliases in CHOICE_ALIASES[field_key].items():
        if word == value or word in aliases:
            return value
    return None


def split_tags(text: str) -> list[str]:
    """Return the distinct tags in a comma- or semicolon-separated cell, in order."""
    tags: list[str] = []
    for part in re.split(r"[,;]", text):
        tag = " ".join(part.split())
        if tag and tag.lower() not in (t.lower() for t in tags):
            tags.append(tag)
    return tags


def _typed_row(cells: Mapping[str, str], ref: Reference) -> tuple[dict[str, object], list]:
    """Return the typed values of one row's mapped cells and the errors found."""
    values: dict[str, object] = {}
    errors: list[CellError] = []

    def fail(key: str, message: str) -> None:
        errors.append(CellError(key, message))

    for key, text in cells.items():
        if key in MAX_LENGTHS and len(text) > MAX_LENGTHS[key]:
            fail(key, _("Longer than %d characters.") % MAX_LENGTHS[key])
            continue
        if key in TEXT_FIELDS:
            values[key] = text
        elif key == "accessibility":
            values["accessibility_needs"] = text
        elif key in ("interest", "affected", "can_affect", "contact_permitted"):
            flag = parse_bool(text)
            if flag is None:
                fail(key, _("Write yes or no."))
            target = key if key == "contact_permitted" else f"concern_{key}"
            values[target] = bool(flag)
        elif key in CHOICE_ALIASES:
            choice = parse_choice(key, text) if text else ""
            if choice is None:
                allowed = ", ".join(CHOICE_ALIASES[key])
                fail(
                    key,
                    _("“%(value)s” is not one of: %(allowed)s.")
                    % {"value": text, "allowed": allowed},
                )
            values[key] = choice or ("person" if key == "kind" else "")
        elif key == "perspective":
            found = ref.perspectives.get(normalise(text)) if text else None
            if text and found is None:
                fail(key, _("“%s” is not one of this initiative's perspectives.") % text)
            values["perspective_id"] = found
        elif key == "language":
            word = normalise(text)
            code = LANGUAGE_NAMES.get(word, text.lower())
            if text and not LANGUAGE_CODE.match(code):
                fail(key, _("Write a language code such as en or es."))
            values["preferred_language"] = code or "en"
        elif key == "email":
            email = text.lower()
            if email:
                try:
                    _email_validator(email)
                except ValidationError:
                    fail(key, _("“%s” is not a valid e-mail address.") % text)
            values["email"] = email
        elif key == "consent_date":
            try:
                values["consent_date"] = parse_date(text)
            except ValueError:
                fail(key, _("“%s” is not a date; write it as YYYY-MM-DD.") % text)
                values["consent_date"] = None
        elif key == "tags":
            tags = split_tags(text)
            if any(len(t) > TAG_MAX_LENGTH for t in tags):
                fail(key, _("A tag is longer than %d characters.") % TAG_MAX_LENGTH)
            values["tags"] = tags
    if not values.get("name"):
        fail("name", _("The name is missing."))
    values.setdefault("kind", "person")
    return values, errors


def person_key(kind: str, name: str, organization: str) -> tuple[str, str, str]:
    """Return the key two records share when they are the same kind, name and organization.

    Case, accents and punctuation are ignored, so "María López" matches "maria lopez".
    """
    return (kind, normalise(name), normalise(organization))


def validate_rows(
    header: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    mapping: Sequence[str],
    ref: Reference,
) -> list[RowResult]:
    """Check each ``(row number, cells)`` and return a result per row, in order.

    Rows that repeat an earlier row of the file (same e-mail, or same kind, name and
    organization) are errors; rows that match an existing record are marked as duplicates.
    """
    columns = [(i, key) for i, key in enumerate(mapping[: len(header)]) if key]
    results: list[RowResult] = []
    seen_emails: dict[str, int] = {}
    seen_names: dict[tuple[str, str, str], int] = {}
    for number, cells in rows:
        mapped = {key: (cells[i] if i < len(cells) else "") for i, key in columns}
        values, errors = _typed_row(mapped, ref)
        result = RowResult(number=number, values=values, errors=errors)
        email = str(values.get("email") or "")
        name_key = person_key(
            str(values["kind"]), str(values.get("name", "")), str(values.get("organization", ""))
        )
        if email and email in seen_emails:
            result.errors.append(
                CellError("email", _("Same e-mail as row %d of this file.") % seen_emails[email])
            )
        elif name_key[1] and name_key in seen_names:
            result.errors.append(
                CellError(
                    "name",
                    _("Same name and organization as row %d of this file.") % seen_names[name_key],
                )
            )
        if email:
            seen_emails.setdefault(email, number)
        if name_key[1]:
            seen_names.setdefault(name_key, number)
        if email and email in ref.emails:
            result.duplicate_of, result.duplicate_by = ref.emails[email], "email"
        elif name_key in ref.names:
            result.duplicate_of, result.duplicate_by = ref.names[name_key], "name"
        elif ref.index is not None and name_key[1]:
            _offer_match(result, values, name_key[2], ref.index)
        results.append(result)
    return results


def _offer_match(
    result: RowResult, values: Mapping[str, object], organization: str, index: matching.Index
) -> None:
    """Mark ``result`` as a duplicate of the registry record it may be: same phone, or the same
    name written differently (a title, word order, accents), at no other organization."""
    for found in matching.find_matches(
        name=str(values.get("name", "")),
        phone=str(values.get("phone") or ""),
        kind=str(values["kind"]),
        candidates=index,
        threshold=100.0,  # an import is large: same name once folded, no typo allowance
    ):
        theirs = normalise(found.candidate.organization)
        if found.strong or not (organization and theirs) or organization == theirs:
            result.duplicate_of = found.candidate.id
            result.duplicate_by = "phone" if found.strong else "similar_name"
            return

"""Reading and checking stakeholder spreadsheets: plain functions over plain data.

``read_table`` turns CSV or XLSX bytes into a header and rows of text; ``guess_mapping``
matches the columns to registry fields; ``validate_rows`` checks every row against a
``Reference`` (the initiative's perspectives and existing people, passed in as plain data) and
returns a typed record or a list of errors per row. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from convener.core.exports import unneutralise
from convener.core.uploads import OverBudget, check_xlsx_budget
from convener.stakeholders import matching

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 200

# The registry fields a column can fill, in the order the mapping form lists them.
FIELDS: dict[str, object] = {
    "name": gettext_lazy("Name"),
    "kind": gettext_lazy("Kind (person or organization)"),
    "organization": gettext_lazy("Organization"),
    "position": gettext_lazy("Position"),
    "perspective": gettext_lazy("Perspective"),
    "interest": gettext_lazy("Has an interest (yes/no)"),
    "affected": gettext_lazy("Is affected (yes/no)"),
    "can_affect": gettext_lazy("Can affect (yes/no)"),
    "side": gettext_lazy("Internal or external"),
    "power": gettext_lazy("Power"),
    "stance": gettext_lazy("Stance"),
    "scale": gettext_lazy("Level of scale"),
    "circle": gettext_lazy("Circle"),
    "what_they_might_do": gettext_lazy("What they might do"),
    "language": gettext_lazy("Preferred language"),
    "accessibility": gettext_lazy("Accessibility needs"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "contact_permitted": gettext_lazy("Contact permitted (yes/no)"),
    "consent_date": gettext_lazy("Consent date"),
    "consent_source": gettext_lazy("Consent source"),
    "notes": gettext_lazy("Notes"),
    "tags": gettext_lazy("Tags (comma-separated)"),
}

# Column headers recognised for each field, after ``normalise_header``.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full_name", "nombre", "nombre_completo"),
    "kind": ("kind", "type", "tipo"),
    "organization": ("organization", "organisation", "org", "agency", "organizacion", "agencia"),
    "position": ("position", "job_title", "title", "role", "cargo", "puesto"),
    "perspective": ("perspective", "perspectiva"),
    "interest": ("interest", "interested", "concern_interest", "interes", "interesado"),
    "affected": ("affected", "concern_affected", "afectado", "afectada"),
    "can_affect": ("can_affect", "concern_can_affect", "puede_afectar"),
    "side": ("internal_external", "side", "internal_or_external", "interno_externo"),
    "power": ("power", "poder"),
    "stance": ("stance", "postura"),
    "scale": ("scale", "level_of_scale", "escala", "nivel"),
    "circle": ("circle", "circulo"),
    "what_they_might_do": ("what_they_might_do", "might_do", "que_podrian_hacer"),
    "language": ("language", "preferred_language", "idioma", "lengua"),
    "accessibility": ("accessibility", "accessibility_needs", "accesibilidad"),
    "email": ("email", "e_mail", "mail", "email_address", "correo", "correo_electronico"),
    "phone": ("phone", "telephone", "tel", "phone_number", "telefono"),
    "contact_permitted": ("contact_permitted", "may_contact", "consent", "permiso_contacto"),
    "consent_date": ("consent_date", "fecha_consentimiento"),
    "consent_source": ("consent_source", "fuente_consentimiento"),
    "notes": ("notes", "note", "notas", "nota"),
    "tags": ("tags", "tag", "etiquetas"),
}

# Accepted spellings of each choice value (normalised like headers), English and Spanish.
CHOICE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {
        "person": ("person", "individual", "persona"),
        "organization": (
            "organization",
            "organisation",
            "org",
            "group",
            "organization_or_group",
            "organizacion",
            "grupo",
        ),
    },
    "side": {
        "internal": ("internal", "interno", "interna"),
        "external": ("external", "externo", "externa"),
    },
    "power": {
        "authority": ("authority", "autoridad"),
        "influence": ("influence", "influencia"),
        "both": ("both", "authority_and_influence", "ambos", "ambas", "autoridad_e_influencia"),
    },
    "stance": {
        "supporter": ("supporter", "support", "ally", "partidario", "partidaria", "aliado"),
        "neutral": ("neutral",),
        "critic": ("critic", "critical", "critico", "critica"),
    },
    "scale": {
        "state": ("state", "estatal", "estado"),
        "regional": ("regional", "region"),
        "local": ("local",),
        "practice": ("practice", "practica"),
    },
    "circle": {
        "core": ("core", "core_team", "doers", "core_team_the_doers", "equipo_central"),
        "key": ("key", "key_participants", "key_advisors", "champions", "participantes_clave"),
        "extended": (
            "extended",
            "extended_participants",
            "feedback_networks",
            "intended_audiences",
            "participantes_ampliados",
        ),
        "dissemination": (
            "dissemination",
            "dissemination_networks",
            "communication_networks",
            "promoters",
            "redes_de_difusion",
        ),
    },
}

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


class TabularError(ValueError):
    """The file cannot be read as a table."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]  # every row has exactly len(header) cells
    format: str  # "csv" or "xlsx"


# --- Reading -----------------------------------------------------------------------------


def detect_format(data: bytes, filename: str = "") -> str:
    """Return "xlsx" for a zip container (what an .xlsx file is), else "csv"."""
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        return "xlsx"
    return "csv"


def decode_text(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 with or without a byte-order mark, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel's "CSV" export on Windows writes the ANSI code page; a few bytes are
        # undefined there, and Latin-1 reads those as the nearest control character.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """Return the delimiter (comma, semicolon or tab) that splits the header line most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_outside_quotes(first, d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def read_csv(data: bytes) -> Table:
    """Parse CSV bytes into a table, detecting the encoding and the delimiter."""
    text = decode_text(data)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        raw = [row for row in reader]
    except csv.Error as exc:
        raise TabularError(_("The file could not be read as CSV: %s") % exc) from exc
    return _table(raw, "csv")


def read_xlsx(data: bytes) -> Table:
    """Parse the first sheet of an XLSX workbook into a table of text cells."""
    from openpyxl import load_workbook

    try:
        check_xlsx_budget(data)  # before openpyxl unpacks anything (shared strings load whole)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except OverBudget as exc:
        raise TabularError(str(exc)) from exc
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise TabularError(_("The file could not be read as an Excel workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        raw = []
        # Read row by row and stop early: a small compressed file can hold millions of rows.
        for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            raw.append([_cell_text(v) for v in row])
            if len(raw) > MAX_ROWS + 1:
                raise TabularError(_too_many_rows())
    except TabularError:
        raise
    except Exception as exc:  # a damaged cell (text in a number cell) surfaces only here
        raise TabularError(
            _("Row %(n)s of the workbook could not be read.") % {"n": len(raw) + 1}
        ) from exc
    finally:
        workbook.close()
    return _table(raw, "xlsx")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _too_many_rows() -> str:
    return _("The file has more than %d rows; import at most that many at a time.") % MAX_ROWS


def _table(raw: list[list[str]], fmt: str) -> Table:
    # Our CSV exports prefix formula-like text with an apostrophe (core.exports.neutralise);
    # drop it so that an exported file imports back as it was. Exports add it again.
    rows = [[unneutralise(cell.strip()) for cell in row] for row in raw]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise TabularError(_("The file is empty: the first row should hold the column names."))
    header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    width = len(header)
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    if len(body) > MAX_ROWS:
        raise TabularError(_too_many_rows())
    return Table(header=header, rows=body, format=fmt)


def read_table(data: bytes, *, filename: str = "", fmt: str = "") -> Table:
    """Parse CSV or XLSX bytes (``fmt`` "csv", "xlsx", or "" to detect) into a table."""
    if len(data) > MAX_BYTES:
        raise TabularError(_("The file is larger than 10 MB."))
    fmt = fmt or detect_format(data, filename)
    return read_xlsx(data) if fmt == "xlsx" else read_csv(data)


def rows_from_records(records: Sequence[Mapping[str, object]]) -> tuple[list[str], list[list[str]]]:
    """Turn ``[{column: value}]`` (the API's shape) into a header and rows of text."""
    header: list[str] = []
    for record in records:
        header.extend(str(k) for k in record if str(k) not in header)
    rows = [[_cell_text(record.get(col)).strip() for col in header] for record in records]
    return header, rows


# --- Mapping -----------------------------------------------------------------------------


_NOT_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=8192)  # the same choice words, perspectives and organizations recur
def normalise(text: str) -> str:
    """Return ``text`` lower-case, without accents, with runs of other characters as "_"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_WORD.sub("_", text.lower()).strip("_")


_ALIAS_TO_FIELD = {alias: key for key, aliases in HEADER_ALIASES.items() for alias in aliases}


def guess_mapping(header: Sequence[str], remembered: Mapping[str, str] | None = None) -> list[str]:
    """Return one field key (or "" to ignore) per column: remembered first, then aliases."""
    remembered = remembered or {}
    mapping: list[str] = []
    for column in header:
        key = normalise(column)
        guess = remembered.get(key, _ALIAS_TO_FIELD.get(key, ""))
        mapping.append(guess if guess in FIELDS and guess not in mapping else "")
    return mapping


def mapping_errors(mapping: Sequence[str]) -> list[str]:
    """Return the problems with a column mapping (empty when it can be used)."""
    errors = []
    if "name" not in mapping:
        errors.append(_("Choose the column that holds the name."))
    for key in sorted({k for k in mapping if k and mapping.count(k) > 1}):
        errors.append(_("Two columns fill “%s”; choose one.") % FIELDS[key])
    unknown = [k for k in mapping if k and k not in FIELDS]
    if unknown:
        errors.append(_("Unknown field: %s") % ", ".join(unknown))
    return errors


def remembered_mapping(header: Sequence[str], mapping: Sequence[str]) -> dict[str, str]:
    """Return the mapping keyed by normalised header, to offer again next time."""
    return {normalise(col): key for col, key in zip(header, mapping, strict=False) if col}


# --- Validation --------------------------------------------------------------------------


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

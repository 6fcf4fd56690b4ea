"""The words in a meeting tool's report: names, dates and durations, as plain functions.

Split from ``meeting_reports`` (which reads the files): a display name is cleaned of device
names and markers, folded for comparison, and dates and durations are read in the formats the
three tools write.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata

# --- Names ----------------------------------------------------------------------------------

_DEVICE = re.compile(
    r"\b(iphone|ipad|android|galaxy|samsung|pixel|phone|tel[eé]fono|celular|m[oó]vil|"
    r"tablet|laptop|macbook|pc|desktop|chromebook|zoom user|usuario de zoom)\b",
    re.IGNORECASE,
)
_PAREN = re.compile(r"^(?P<outer>.*?)\s*\((?P<inner>[^()]*)\)\s*$")


_ASCII_PUNCTUATION = {ord(ch): " " for ch in string.punctuation}


def fold(text: str) -> str:
    """Return a name folded for comparison: no accents, case, punctuation or extra spaces."""
    text = text.casefold()
    if not text.isascii():  # most registry names are plain ASCII: skip the slow path for them
        decomposed = unicodedata.normalize("NFKD", text)
        text = re.sub(
            r"[^\w\s]", " ", "".join(c for c in decomposed if not unicodedata.combining(c))
        )
    return " ".join(text.translate(_ASCII_PUNCTUATION).split())


def is_device_name(text: str) -> bool:
    """Say whether a name is a device's ("Maria's iPhone", "Galaxy S21") rather than a person's."""
    return bool(_DEVICE.search(text))


_MARKER = re.compile(
    r"^(guest|invitado|invitada|external|externo|externa|unverified|no verificado)$", re.I
)


def _first_last(text: str) -> str:
    """Turn "Okafor, Chidi" into "Chidi Okafor"; leave other names alone."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 2 and all(parts) and all(len(p.split()) <= 2 for p in parts):
        return f"{parts[1]} {parts[0]}"
    return text


def clean_name(raw: str) -> tuple[str, list[str]]:
    """Return the person's name from a meeting display name, and any other name it carries.

    Zoom writes "Name (original name)" when someone renamed themselves; the part in brackets is
    often a device ("María López (Maria's iPhone)"), sometimes the person's real name. Teams
    adds "(Guest)". A "Last, First" name is turned around.
    """
    outer, others = _split_brackets(" ".join(raw.split()))
    return _first_last(outer), [_first_last(o) for o in others]


def _split_brackets(text: str) -> tuple[str, list[str]]:
    match = _PAREN.match(text)
    if not match:
        return text, []
    outer, inner = match["outer"].strip(), match["inner"].strip()
    if not outer:
        return inner, []
    if not inner or is_device_name(inner) or _MARKER.match(inner):
        return outer, []
    if is_device_name(outer):
        return inner, []
    return outer, [inner]


# --- Dates and durations --------------------------------------------------------------------

_DATETIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y, %I:%M:%S %p",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M:%S %p",
    "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
)
_TIME_FORMATS = ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")


def parse_datetime(text: str, *, day: dt.date | None = None) -> dt.datetime | None:
    """Read a meeting tool's date and time; a bare time is placed on ``day`` when given."""
    text = " ".join(text.replace("\u202f", " ").split())
    if not text:
        return None
    for fmt in _DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    if day is not None:
        for fmt in _TIME_FORMATS:
            try:
                return dt.datetime.combine(day, dt.datetime.strptime(text, fmt).time())
            except ValueError:
                continue
    return None


_DURATION_PART = re.compile(
    r"(\d+)\s*(h|hr|hrs|hour|hours|m|min|mins|minutes|s|sec|secs|seconds)\b"
)


def parse_minutes(text: str) -> int:
    """Read a duration ("92", "1h 2m 3s", "1 hr 5 min", "01:02:03") as whole minutes."""
    text = text.strip().lower()
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", text):
        parts = [int(p) for p in text.split(":")]
        if len(parts) == 2:
            return parts[0] * 60 + parts[1]
        return parts[0] * 60 + parts[1] + (1 if parts[2] >= 30 else 0)
    seconds = 0
    for number, unit in _DURATION_PART.findall(text):
        scale = 3600 if unit.startswith("h") else 60 if unit.startswith("m") else 1
        seconds += int(number) * scale
    return round(seconds / 60)


def yes_or_no(text: str) -> bool | None:
    value = text.strip().lower()
    if value in ("yes", "sí", "si", "true", "1"):
        return True
    if value in ("no", "false", "0"):
        return False
    return None


def looks_like_name(text: str) -> bool:
    """Say whether text could be a person's name: letters, spaces, ' . -, one to five words."""
    return (
        bool(text)
        and text[0].isalpha()
        and all(ch.isalpha() or ch in " '.-\u2019" for ch in text)
        and len(text.split()) <= 5
    )

"""What a Spanish page must not show a person: English from the catalogues, internal keys,
or the English of team content that has a Spanish form. Used by tests/test_spanish_pages.py.

Text inside an element marked with another language (``lang="en"``: the language switch, a
team text shown in English because no Spanish was written) is declared not Spanish and is
left out.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings

# Elements whose content a person does not read as text.
HIDDEN = {"script", "style", "template", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
# The product's name, which the catalogue also holds as a team role ("Convener": "Convocante").
PROPER_NAMES = {"Convener"}
# Attributes a person reads or hears.
READ = ("title", "placeholder", "aria-label", "alt", "aria-description")
KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?::[a-z0-9_]+)?|[a-z][a-z0-9_]+:[a-z0-9_]+"
                 r"|[a-z_]{2,}\.[a-z_]{2,}")  # fmt: skip


@dataclass
class Page:
    name: str
    texts: list[str] = field(default_factory=list)  # text read as Spanish, whitespace collapsed
    every: list[str] = field(default_factory=list)  # also the text marked as another language

    @property
    def whole(self) -> str:
        return " ".join(self.texts)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, read as Spanish)
        self.texts: list[str] = []
        self.every: list[str] = []
        self.json_script = False

    def _read(self) -> bool:
        return all(spanish and tag not in HIDDEN for tag, spanish in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        spanish = (found.get("lang") or "es").split("-")[0] == "es"
        if spanish and self._read():
            self.texts += [" ".join(v.split()) for k in READ if (v := found.get(k))]
            if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
                self.texts.append(found["value"] or "")
        if tag == "script":
            self.json_script = found.get("type") == "application/json"
        if tag not in VOID:
            self.stack.append((tag, spanish))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script" and self.json_script:
            # strings the page's script shows later (live-strings): read like page text
            self.texts += [" ".join(t.split()) for t in _strings(json.loads(data))]
            return
        text = " ".join(data.split())
        if text and not any(tag in HIDDEN for tag, _spanish in self.stack):
            self.every.append(text)
            if self._read():
                self.texts.append(text)


def read(name: str, html: str) -> Page:
    """Return the text a person reads or hears on ``html``."""
    reader = _Reader()
    reader.feed(html)
    return Page(name, reader.texts, reader.every)


def po_entries(path: Path) -> Iterator[tuple[str, str]]:
    """Yield (msgid, msgstr) of a .po file's singular, context-free, non-obsolete entries."""
    entry: dict[str, str] = {}
    current = ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if "msgid" in entry and "msgctxt" not in entry and "msgid_plural" not in entry:
                # a fuzzy entry is not compiled: the page shows the English
                yield entry["msgid"], "" if "fuzzy" in entry else entry.get("msgstr", "")
                entry, current = {}, ""
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = ""
            if not line:
                entry, current = {}, ""
            continue
        if line.startswith('"'):
            if current:
                entry[current] += ast.literal_eval(line)
            continue
        keyword, _sep, rest = line.partition(" ")
        current = keyword
        entry[keyword] = ast.literal_eval(rest) if rest.startswith('"') else ""


@cache
def english_catalogue() -> dict[str, str]:
    """Return {English msgid: Spanish} of the project's catalogues where they differ.

    Read from the .po files, so a msgid whose Spanish is missing (empty) counts as English.
    """
    paths = [Path(p) for p in settings.LOCALE_PATHS]
    paths += [
        Path(c.path) / "locale" for c in apps.get_app_configs() if c.name.startswith("convener")
    ]
    spanish: dict[str, str] = {}
    for base in paths:
        po = base / "es" / "LC_MESSAGES" / "django.po"
        if po.exists():
            for msgid, msgstr in po_entries(po):
                if msgid and (msgstr or not spanish.get(msgid)):
                    spanish[msgid] = msgstr  # Django merges the catalogues: any Spanish counts
    return {" ".join(k.split()): v for k, v in spanish.items() if v != k}


def english_strings(page: Page, catalogue: dict[str, str] | None = None) -> list[str]:
    """Return the texts of ``page`` that are catalogue English with a different Spanish."""
    catalogue = english_catalogue() if catalogue is None else catalogue
    whole = page.whole
    found = [text for text in page.texts if text in catalogue and text not in PROPER_NAMES]
    # sentences of the catalogue inside longer runs (a paragraph around a link)
    found += [msgid for msgid in catalogue if len(msgid) >= 24 and " " in msgid
              and "%" not in msgid and "{" not in msgid and msgid in whole
              and msgid not in found]  # fmt: skip
    return found


def internal_keys(page: Page) -> list[str]:
    """Return snake_case, dotted or colon keys shown as words on ``page``."""
    found = []
    for text in page.texts:
        for word in text.split():
            word = word.strip(".,;:()[]«»“”\"'¿?¡!")
            if "@" in word or "/" in word:
                continue
            if KEY.fullmatch(word):
                found.append(word)
    return found


def team_english(page: Page, pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Return the English of team content shown on ``page`` although its Spanish exists."""
    whole = " ".join(page.every)
    return [english for english, spanish in pairs
            if english and spanish and english != spanish and english not in spanish
            and re.search(r"(?<!\w)" + re.escape(english) + r"(?!\w)", whole)]  # fmt: skip


# "tú" forms: the pages speak to a person as "usted", one register throughout.
TU_WORDS = {"tu", "tus", "te", "ti", "contigo", "puedes", "quieres", "estás", "eres", "tienes",
            "necesitas", "conectas", "sientes", "guardes", "tú", "has", "aportas", "muestres",
            "ves", "quieras", "puedas"}  # fmt: skip
# An accented word ending in "te" is a "tú" imperative with its pronoun: "Regístrate",
# "Conéctate", "Únete" (usted says "Regístrese"); adverbs ("últimamente") are not.
TU_ENCLITIC = re.compile(r"^(?!\w*mente$)\w*[áéíóú]\w*te$")
TU_IMPERATIVES = {"Elige", "Escribe", "Coloca", "Únete", "Ordénalas", "Toca", "Pulsa", "Arrastra",
                  "Mira", "Cambia", "Envía", "Vuelve", "Revisa", "Usa"}  # fmt: skip
# Words that fix a gender on the reader ("seguro/a", "Bienvenido").
GENDERED = re.compile(r"\w+[oa]/[ao]\b|\w+\([ao]s?\)|\b[Bb]ienvenidos?\b|\b[Cc]onectad[oa]\b")


def familiar_or_gendered(page: Page) -> list[str]:
    """Return "tú" forms and gendered words addressed to the reader on ``page``."""
    found = []
    for text in page.texts:
        words = [w.strip(".,;:()[]«»“”\"'¿?¡!…") for w in text.split()]
        found += [w for w in words if w.lower() in TU_WORDS or TU_ENCLITIC.match(w)]
        if words and words[0] in TU_IMPERATIVES:
            found.append(words[0])
        found += GENDERED.findall(text)
    return found


def problems(pages: Iterable[Page], pairs: list[tuple[str, str]]) -> Iterator[str]:
    """Yield one line per thing a Spanish reader should not see."""
    for page in pages:
        for text in english_strings(page):
            yield f"{page.name}: English from the catalogue: {text!r}"
        for key in internal_keys(page):
            yield f"{page.name}: internal key: {key!r}"
        for word in familiar_or_gendered(page):
            yield f"{page.name}: not usted or not gender-neutral: {word!r}"
        for text in team_english(page, pairs):
            yield f"{page.name}: team text in English although its Spanish exists: {text!r}"

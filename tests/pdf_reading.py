"""Read a PDF the way assistive technology does: its structure tree and its language (pikepdf)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pikepdf

HEADING_TAGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}


def _open(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))


def language(pdf: bytes) -> str:
    """Return the document's /Lang ("" when it has none)."""
    with _open(pdf) as document:
        return str(document.Root.get("/Lang", ""))


def _elements(node: Any) -> Iterator[Any]:
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def structure(pdf: bytes) -> list[str]:
    """Return the tag of every element of the structure tree, depth first ([] if untagged)."""
    with _open(pdf) as document:
        root = document.Root.get("/StructTreeRoot")
        mark_info: Any = document.Root.get("/MarkInfo")
        if root is None or mark_info is None or not mark_info.get("/Marked", False):
            return []
        return [str(element.S) for element in _elements(root)]


def headings(pdf: bytes) -> list[str]:
    """Return the text of each heading element, read from the content it marks."""
    with _open(pdf) as document:
        root = document.Root.get("/StructTreeRoot")
        if root is None:
            return []
        marked = _marked_text(document)
        found = []
        for element in _elements(root):
            if str(element.S) in HEADING_TAGS:
                found.append(" ".join(_element_text(element, marked).split()))
        return found


def _element_text(element: Any, marked: dict[tuple[int, int], str]) -> str:
    kids = element.get("/K")
    parts = []
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            page = element.get("/Pg")
            parts.append(marked.get((page.objgen[0], int(kid)), "") if page is not None else "")
        elif isinstance(kid, pikepdf.Dictionary):
            if "/MCID" in kid:
                page = kid.get("/Pg", element.get("/Pg"))
                parts.append(marked.get((page.objgen[0], int(kid.MCID)), ""))
            elif "/S" in kid:
                parts.append(_element_text(kid, marked))
    return "".join(parts)


def _marked_text(document: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """Return the text shown inside each marked-content sequence, by (page object, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    for page in document.pages:
        font_maps: dict[str, dict[int, str]] = {}
        resources: Any = page.obj.get("/Resources", pikepdf.Dictionary())
        for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
            font_maps[name] = _to_unicode(font)
        stack: list[int | None] = []
        font = None
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC":
                props = operands[1]
                mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                stack.append(int(mcid) if mcid is not None else None)
            elif op == "BMC":
                stack.append(None)
            elif op == "EMC" and stack:
                stack.pop()
            elif op == "Tf":
                font = font_maps.get(str(operands[0]), {})
            elif op in ("Tj", "TJ") and stack and stack[-1] is not None:
                strings = operands[0] if op == "TJ" else [operands[0]]
                shown = "".join(
                    _decode(bytes(s), font or {}) for s in strings if isinstance(s, pikepdf.String)
                )
                key = (page.obj.objgen[0], stack[-1])
                texts[key] = texts.get(key, "") + shown
    return texts


def _decode(raw: bytes, cmap: dict[int, str]) -> str:
    codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
    return "".join(cmap.get(code, "") for code in codes)


def _to_unicode(font: Any) -> dict[int, str]:
    """Return a CID font's code → text map from its /ToUnicode CMap (bfchar and bfrange)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    text = stream.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}
    tokens = text.replace("[", " [ ").replace("]", " ] ").split()
    i = 0
    mode = ""
    while i < len(tokens):
        token = tokens[i]
        if token in ("beginbfchar", "beginbfrange"):
            mode = token
        elif token.startswith("end"):
            mode = ""
        elif mode == "beginbfchar" and token.startswith("<"):
            mapping[int(token[1:-1], 16)] = _hex_text(tokens[i + 1])
            i += 1
        elif mode == "beginbfrange" and token.startswith("<"):
            low, high, target = int(token[1:-1], 16), int(tokens[i + 1][1:-1], 16), tokens[i + 2]
            if target == "[":
                j = i + 3
                for code in range(low, high + 1):
                    mapping[code] = _hex_text(tokens[j])
                    j += 1
                i = j
            else:
                start = int(target[1:-1], 16)
                for offset, code in enumerate(range(low, high + 1)):
                    mapping[code] = chr(start + offset)
                i += 2
        i += 1
    return mapping


def _hex_text(token: str) -> str:
    raw = bytes.fromhex(token.strip("<>"))
    return raw.decode("utf-16-be", errors="replace")

"""A worksheet as Markdown and as PDF."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from convener.framework.packs import localize
from convener.framework.packs.content import FieldDef, SectionDef
from convener.toolkit import engine


def _cell(text: str) -> str:
    """Escape a text for one cell of a Markdown table."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>") or " "


def _line(text: str) -> str:
    """Keep a text from being read as Markdown structure at the start of a line."""
    return "\n".join(
        ("\\" + line if line[:1] in {"#", ">", "-", "*", "+", "|"} else line)
        for line in text.splitlines()
    )


def field_markdown(
    fd: FieldDef, value: Any, language: str | None, circles: Mapping[str, str]
) -> list[str]:
    label = localize(fd.label, language)
    if fd.type != "rows":
        text = engine.display_text(fd, value, language, circles)
        return [f"**{_line(label)}**", "", _line(text) if text else "—", ""]
    lines = [f"**{_line(label)}**", ""]
    rows = value if isinstance(value, list) else []
    if not rows:
        return [*lines, "—", ""]
    lines.append("| " + " | ".join(_cell(localize(c.label, language)) for c in fd.columns) + " |")
    lines.append("|" + "---|" * len(fd.columns))
    for row in rows:
        cells = [
            _cell(engine.display_text(c, row.get(c.key), language, circles)) for c in fd.columns
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def worksheet_markdown(
    *,
    title: str,
    tool_name: str,
    sections: Sequence[SectionDef],
    values: Mapping[str, Mapping[str, Any]],
    language: str | None,
    circles: Mapping[str, str],
) -> str:
    """Return the worksheet as a Markdown document: title, then each section's answers."""
    lines = [f"# {_line(title)}", "", f"*{_line(tool_name)}*", ""]
    for section in sections:
        lines += [f"## {_line(localize(section.title, language))}", ""]
        lines += [_line(localize(section.prompt, language)), ""]
        section_values = values.get(section.key, {})
        for fd in section.fields:
            lines += field_markdown(fd, section_values.get(fd.key), language, circles)
    return "\n".join(lines).rstrip() + "\n"


def render_pdf(html: str, css_path: Path) -> bytes:
    """Render `html` to PDF with the print stylesheet; fetch nothing from the network."""
    import weasyprint  # imported here: it is slow to import and only PDFs need it
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, base_url=str(css_path.parent), url_fetcher=fetcher)
    stylesheet = weasyprint.CSS(string=css_path.read_text(encoding="utf-8"), url_fetcher=fetcher)
    # Tagged (structure tree and /Lang from <html lang>) so that screen readers can read it.
    return bytes(document.write_pdf(stylesheets=[stylesheet], pdf_tags=True))

"""Read a PDF's pages and text through WeasyPrint's own document model (no PDF reader needed)."""

from __future__ import annotations

from weasyprint.formatting_structure.boxes import MarginBox, ReplacedBox, TextBox

from convener.reports import documents
from convener.reports.figures import Report


def rendered_pages(report: Report) -> list[str]:
    """Lay the report out as the PDF is, and return each page's text, words joined by spaces."""
    html = documents.render_document(report)
    doc = documents.pdf_document(html).render(stylesheets=[documents.print_stylesheet()])
    pages = []
    for page in doc.pages:
        words = [box.text for box in page._page_box.descendants() if isinstance(box, TextBox)]
        pages.append(" ".join(" ".join(words).split()))
    return pages


def last_blocks(report: Report) -> list[str]:
    """Return, for each page of the laid-out PDF, the tag of the last element with content."""
    html = documents.render_document(report)
    doc = documents.pdf_document(html).render(stylesheets=[documents.print_stylesheet()])
    containers = {"html", "body", "section", "div", "header", "table", "thead", "tbody", "tr"}
    containers |= {"dl", "ul", "ol", "span", "a", "strong", "em", "abbr", "br"}
    tags = []
    for page in doc.pages:
        content = [
            box.element_tag
            for box in page._page_box.descendants()
            if box.element_tag
            and box.element_tag not in containers
            and not (isinstance(box, TextBox) and not box.text.strip())
        ]
        tags.append(content[-1] if content else "")
    return tags


def page_fill(report: Report) -> list[float]:
    """Return, for each page of the laid-out PDF, how much of its height the content fills (0-1)."""
    html = documents.render_document(report)
    doc = documents.pdf_document(html).render(stylesheets=[documents.print_stylesheet()])
    fills = []
    for page in doc.pages:
        box = page._page_box
        top = box.content_box_y()
        height = box.height
        bottoms = [
            b.position_y + b.margin_height()
            for child in box.children
            if not isinstance(child, MarginBox)  # the page counter sits in the bottom margin
            for b in child.descendants()
            if (isinstance(b, TextBox) and b.text.strip()) or isinstance(b, ReplacedBox)
        ]
        fills.append(round((max(bottoms) - top) / height, 2) if bottoms else 0.0)
    return fills

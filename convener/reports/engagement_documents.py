"""The stakeholder-engagement account as a page, a PDF and a Word document.

All three read one ``Account`` (``convener.reports.engagement``). The PDF is drawn by
WeasyPrint from the same HTML as the print view, tagged like the general report's; the .docx is
written with python-docx, with real headings and tables so that staff can paste it into their
state's submission.
"""

from __future__ import annotations

import io

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from weasyprint import CSS

from convener.reports import documents
from convener.reports.engagement import Account, PerspectiveFigures, RecordRef

STYLESHEETS = ("reports/report.css", "reports/engagement.css")
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_html(account: Account, *, pdf: bool) -> str:
    """Return the standalone page (print view; for the PDF without links and stylesheets)."""
    return render_to_string("reports/engagement/document.html", {"account": account, "pdf": pdf})


def _stylesheets() -> list[CSS]:
    sheets = []
    for name in STYLESHEETS:
        found = finders.find(name)
        assert isinstance(found, str), name
        sheets.append(CSS(filename=found, url_fetcher=documents.StaticOnlyFetcher()))
    return sheets


def pdf_document(account: Account):
    """Return the account laid out as the PDF is (pages with their boxes)."""
    html = render_html(account, pdf=True)
    return documents.pdf_document(html).render(stylesheets=_stylesheets(), pdf_tags=True)


def render_pdf(account: Account) -> bytes:
    """Return the account as tagged PDF bytes."""
    pdf = pdf_document(account).write_pdf(pdf_tags=True)
    assert pdf is not None
    return pdf


def filename(account: Account, ext: str) -> str:
    p = account.period
    return f"engagement-{account.slug}-{p.since.isoformat()}-{p.until.isoformat()}.{ext}"


def _fewer(account: Account) -> str:
    return _("fewer than %(n)s") % {"n": account.threshold}


def _cell(value: int | None, account: Account) -> str:
    return _fewer(account) if value is None else str(value)


def _perspective_table(
    doc: DocxDocument, rows: tuple[PerspectiveFigures, ...], account: Account
) -> None:
    header = (
        _("Perspective"),
        _("People"),
        _("Times in all"),
        _("Attended"),
        _("Answered a round"),
        _("Took a position"),
        _("Attended at collaborating or deeper"),
    )
    shown = [r for r in rows if r.suppressed or r.people]
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for r in shown:
        values = (r.people, r.times, r.attended, r.answered, r.positions, r.deeper)
        cells = table.add_row().cells
        cells[0].text = r.label
        for cell, value in zip(cells[1:], values, strict=True):
            cell.text = _cell(value, account)


def _records(doc: DocxDocument, records: tuple[RecordRef, ...]) -> None:
    for r in records:
        when = date_format(r.on, "DATE_FORMAT") + " " if r.on else ""
        doc.add_paragraph(when + r.title, style="List Bullet")


def render_docx(account: Account) -> bytes:
    """Return the account as a Word document: the same headings, sentences and tables."""
    doc = Document()
    doc.core_properties.title = _("Stakeholder engagement") + ": " + account.title
    doc.core_properties.language = get_language() or "en"
    doc.add_heading(_("Stakeholder engagement") + ": " + account.title, level=0)
    p = account.period
    doc.add_paragraph(
        _("Account for %(since)s to %(until)s")
        % {
            "since": date_format(p.since, "DATE_FORMAT"),
            "until": date_format(p.until, "DATE_FORMAT"),
        }
    )
    doc.add_paragraph(
        _("Groups smaller than %(n)s are not shown on their own.") % {"n": account.threshold}
    )
    for sentence in account.summary:
        doc.add_paragraph(sentence)
    doc.add_heading(_("Who took part, by purpose"), level=1)
    for purpose in account.purposes:
        doc.add_heading(purpose.label, level=2)
        for sentence in purpose.sentences:
            doc.add_paragraph(sentence)
        if purpose.records:
            _perspective_table(doc, purpose.perspectives, account)
            doc.add_paragraph(_("The records behind these figures:"))
            _records(doc, purpose.records)
    doc.add_heading(_("Reaching under-represented groups"), level=1)
    for group in account.outreach:
        doc.add_heading(group.label, level=2)
        doc.add_paragraph(group.sentence)
        _records(doc, group.activities)
    if not account.outreach:
        doc.add_paragraph(
            _(
                "No activity in the period set out to reach families, youth or a perspective "
                "below its target."
            )
        )
    doc.add_heading(_("How input was sought"), level=1)
    for sentence in account.mechanisms.sentences:
        doc.add_paragraph(sentence)
    doc.add_heading(_("Decisions and how stakeholders\u2019 positions figured"), level=1)
    for d in account.decisions:
        doc.add_heading(d.title, level=2)
        doc.add_paragraph(d.sentence)
        if d.by_perspective:
            parts = [
                f"{c.label} ({_fewer(account) if c.suppressed else c.count})"
                for c in d.by_perspective
            ]
            doc.add_paragraph(_("Who took a position, by perspective:") + " " + "; ".join(parts))
    if not account.decisions:
        doc.add_paragraph(_("No decision was recorded in the period."))
    doc.add_heading(_("How results were shared"), level=1)
    for sentence in account.sharing.sentences:
        doc.add_paragraph(sentence)
    _records(doc, account.sharing.records + account.sharing.publications)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()

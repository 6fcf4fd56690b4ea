"""The one way Convener sends e-mail: text and HTML from the same template, and the headers
mail programs use to treat a message well.

- The text part is the app's ``.txt`` template; the HTML part is that same text, escaped, with
  paragraphs and links (``core/email.html``), so the two never say different things.
- ``Reply-To`` is the person who convenes, so a reply reaches someone rather than a robot.
- ``List-Unsubscribe`` with ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058)
  on messages to stakeholders, so mail programs offer a working unsubscribe button.
- ``Auto-Submitted: auto-generated`` (RFC 3834) on reminders and other automatic mail, so
  auto-responders do not answer them.

Every link in a message is built from ``settings.SITE_URL`` (:func:`site_url`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import get_language


def site_url(path: str = "/") -> str:
    """Return the absolute address of ``path`` on the configured site (``SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def send_message(
    *,
    to: str,
    subject: str,
    template: str,
    context: Mapping[str, Any],
    reply_to: Sequence[str] = (),
    unsubscribe_url: str = "",
    automatic: bool = False,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Send one message to ``to`` as text and HTML, both from the text ``template``.

    ``attachments`` are (file name, content, MIME type), such as a calendar entry.
    """
    text = render_to_string(template, dict(context))
    html = render_to_string(
        "core/email.html", {"subject": subject, "body": text, "language": get_language() or "en"}
    )
    headers: dict[str, str] = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if automatic:
        headers["Auto-Submitted"] = "auto-generated"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        reply_to=[r for r in reply_to if r],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()

"""Personal links for a round: issue them, and e-mail invitations and reminders."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.core import personal_links
from convener.core.jobs import enqueue
from convener.core.mail import send_message
from convener.core.translated import shown
from convener.initiatives.services import record_audit
from convener.measuring.models import (
    Round,
    RoundLink,
)
from convener.measuring.services.common import RESPONDENT_LANGUAGES
from convener.measuring.services.rounds import audience, is_accepting
from convener.stakeholders.services.unsubscribe import unsubscribe_url


def issue_links(*, round: Round) -> list[tuple[RoundLink, str]]:
    """Create a personal link for each audience member without one; return (link, secret).

    The secret is returned only here; the database keeps its SHA-256 digest. Nobody's existing
    link is touched.
    """
    return [
        personal_links.make_link(links=round.links, stakeholder=stakeholder)
        for stakeholder in personal_links.without_link(audience(round), round.links)
    ]


def link_url(secret: str, base_url: str | None = None) -> str:
    base = (base_url or settings.SITE_URL).rstrip("/")
    return base + reverse("respond:link", kwargs={"token": secret})


def request_invitations(*, round: Round, actor: User | None, base_url: str | None = None) -> None:
    """Queue the e-mailing of personal links to everyone in the audience not yet invited."""
    record_audit(
        initiative=round.initiative, actor=actor, action="invite", target_type="round",
        target_id=round.pk,
    )  # fmt: skip
    enqueue(send_invitations, round_id=round.pk, base_url=base_url)


def request_reminders(*, round: Round, actor: User | None, base_url: str | None = None) -> None:
    """Queue reminder e-mails to invited people who have not submitted."""
    record_audit(
        initiative=round.initiative, actor=actor, action="remind", target_type="round",
        target_id=round.pk,
    )  # fmt: skip
    enqueue(send_reminders, round_id=round.pk, base_url=base_url)


def send_invitations(*, round_id: int, base_url: str | None = None) -> int:
    """E-mail a new link to everyone in the audience who has none (a background job).

    A person who already holds a link keeps it: it is never replaced behind their back.
    """
    round = Round.objects.select_related("initiative").get(pk=round_id)
    if not is_accepting(round):
        return 0
    return personal_links.send_new_links(
        links=round.links,
        people=audience(round),
        mail=lambda link, secret: _mail(link, link_url(secret, base_url), "invitation"),
    )


def non_respondent_links(round: Round) -> QuerySet[RoundLink]:
    """Return the links of invited people who have not submitted an answer."""
    return round.links.filter(sent_at__isnull=False, stakeholder__erased_at__isnull=True).exclude(
        response__submitted_at__isnull=False
    )


def send_reminders(
    *, round_id: int, base_url: str | None = None, min_interval: dt.timedelta | None = None
) -> int:
    """E-mail a reminder to each invited person who has not submitted (a background job).

    The reminder carries a fresh link that replaces the earlier one (the page's "Send
    reminders" says so before it is pressed); answers already saved stay with the person's
    response. ``min_interval`` skips people reminded recently.
    """
    round = Round.objects.select_related("initiative").get(pk=round_id)
    if not is_accepting(round):
        return 0
    links = non_respondent_links(round).select_related("stakeholder")
    if min_interval is not None:
        links = links.exclude(reminded_at__gt=timezone.now() - min_interval)
    sent = 0
    for link in links:
        link.round = round
        if not link.stakeholder.email or not link.stakeholder.contact_permitted:
            continue
        with transaction.atomic():  # a failed e-mail leaves the earlier link working
            link.reminded_at = timezone.now()
            link.reminder_count += 1
            secret = personal_links.replace_link(
                link, sent=True, update_fields=("reminded_at", "reminder_count")
            )
            _mail(link, link_url(secret, base_url), "reminder")
        sent += 1
    return sent


def _mail(link: RoundLink, url: str, kind: str) -> None:
    stakeholder = link.stakeholder
    language = stakeholder.preferred_language if stakeholder.preferred_language in (
        link.round.languages or RESPONDENT_LANGUAGES
    ) else (link.round.languages or ["en"])[0]  # fmt: skip
    convener = link.round.created_by
    with translation.override(language):
        context = {"round": link.round, "initiative": link.round.initiative, "url": url}
        if kind == "reminder":
            subject = _("Reminder: “%(title)s” would like your view") % {
                "title": shown(link.round.initiative, "title")
            }
        else:
            subject = _("“%(title)s” would like your view") % {
                "title": shown(link.round.initiative, "title")
            }
        send_message(
            to=stakeholder.email,
            subject=subject,
            template=f"measuring/respond_email_{kind}.txt",
            context=context,
            reply_to=[convener.email] if convener else [],
            unsubscribe_url=unsubscribe_url(stakeholder),
            automatic=kind == "reminder",
        )

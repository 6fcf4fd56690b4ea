"""Invitations that reach people: e-mail with a calendar entry and reply links, no account needed.

Each invited person with an e-mail address who may be contacted gets one message in their own
language (English or Spanish), with the activity as an RFC 5545 attachment and three links:
coming, not coming, maybe. A reply link opens a page that asks to confirm (GET never changes
anything). Changes to the time or place go out as calendar updates, a cancellation as a
calendar cancellation, and a reminder goes out the day before to everyone who has not said no.

The reply link's secret is an HMAC of the invitation under the server's key and a per-invitation
salt: it is 256 bits, only its SHA-256 digest is stored, and every message carries the same link,
so a link someone copied keeps working until the team explicitly replaces it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities.ical import activity_event, calendar_bytes
from convener.activities.models import Activity, ActivityInvitation, InvitationStatus
from convener.activities.services.events import set_invitation_status
from convener.core.jobs import enqueue
from convener.core.mail import send_message, site_url
from convener.core.tokens import hash_token
from convener.core.translated import shown
from convener.initiatives.services import record_audit
from convener.stakeholders.services.unsubscribe import unsubscribe_url

LANGUAGES = ("en", "es")
ANSWERS = {
    "yes": InvitationStatus.ACCEPTED,
    "maybe": InvitationStatus.MAYBE,
    "no": InvitationStatus.DECLINED,
}


# --- Reply links ---------------------------------------------------------------------------


def reply_secret(invitation: ActivityInvitation) -> str:
    """Return the invitation's reply secret, making its salt (and stored digest) on first use."""
    if not invitation.reply_salt:
        invitation.reply_salt = secrets.token_hex(16)
        invitation.reply_token_hash = None
    message = f"activity-reply:{invitation.pk}:{invitation.reply_salt}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    secret = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    if invitation.reply_token_hash != hash_token(secret):
        invitation.reply_token_hash = hash_token(secret)
        invitation.save(update_fields=["reply_salt", "reply_token_hash"])
    return secret


def replace_reply_link(invitation: ActivityInvitation) -> None:
    """End the invitation's reply link: the next message carries a new one."""
    invitation.reply_salt = ""
    invitation.reply_token_hash = None
    invitation.save(update_fields=["reply_salt", "reply_token_hash"])


def find_invitation(secret: str) -> ActivityInvitation | None:
    """Return the invitation a reply secret belongs to, if it can still be answered."""
    if not secret or len(secret) > 100:
        return None
    return (
        ActivityInvitation.objects.select_related("activity__initiative", "stakeholder")
        .filter(
            reply_token_hash=hash_token(secret),
            stakeholder__erased_at__isnull=True,
            activity__initiative__archived_at__isnull=True,
        )
        .first()
    )


def reply_url(invitation: ActivityInvitation, answer: str = "") -> str:
    url = site_url(reverse("reply:link", args=[reply_secret(invitation)]))
    return f"{url}?answer={answer}" if answer else url


def record_reply(*, invitation: ActivityInvitation, answer: str) -> None:
    """Record a reply sent through the reply page (coming, not coming or maybe)."""
    status = ANSWERS[answer]
    set_invitation_status(invitation=invitation, status=status, actor=None)
    record_audit(
        initiative=invitation.activity.initiative,
        actor=None,
        action="reply",
        target_type="activity",
        target_id=invitation.activity_id,
        detail=f"invitation {invitation.pk}: {status}",
    )


def is_open_for_replies(activity: Activity, now: dt.datetime | None = None) -> bool:
    """Replies are taken until the activity is over (and never for a cancelled one)."""
    if activity.cancelled_at is not None:
        return False
    now = now or timezone.now()
    ends = activity.ends_at or activity.starts_at
    if ends is not None:
        return now < ends
    return timezone.localdate(now) <= (activity.ends_on or activity.starts_on)


# --- Messages ------------------------------------------------------------------------------


def _language(invitation: ActivityInvitation) -> str:
    wanted = (invitation.stakeholder.preferred_language or "en").split("-")[0]
    return wanted if wanted in LANGUAGES else "en"


def reachable(activity: Activity) -> QuerySet[ActivityInvitation]:
    """Invitations that can be e-mailed: an address, contact permitted, not erased."""
    return (
        activity.invitations.select_related("stakeholder")
        .filter(stakeholder__erased_at__isnull=True, stakeholder__contact_permitted=True)
        .exclude(stakeholder__email="")
    )


def _send(invitation: ActivityInvitation, kind: str, *, reply_to: str = "") -> None:
    """Send one message (invitation, update, reminder or cancellation) in the person's language."""
    activity = invitation.activity
    cancelled = kind == "cancellation"
    method = "CANCEL" if cancelled else "PUBLISH"
    ics = calendar_bytes([activity_event(activity, cancelled=cancelled)], method=method)
    with translation.override(_language(invitation)):
        context = {
            "activity": activity,
            "initiative": activity.initiative,
            "kind": kind,
            "answers": []
            if cancelled
            else [
                (reply_url(invitation, "yes"), _("I'm coming")),
                (reply_url(invitation, "no"), _("I can't come")),
                (reply_url(invitation, "maybe"), _("Maybe")),
            ],
        }
        subjects = {
            "invitation": _("Invitation: %(title)s"),
            "update": _("Updated: %(title)s"),
            "reminder": _("Reminder: %(title)s is tomorrow"),
            "cancellation": _("Cancelled: %(title)s"),
        }
        send_message(
            to=invitation.stakeholder.email,
            subject=subjects[kind] % {"title": shown(activity, "title")},
            template="activities/email/invitation.txt",
            context=context,
            reply_to=[reply_to],
            unsubscribe_url=unsubscribe_url(invitation.stakeholder),
            automatic=kind == "reminder",
            attachments=[("invitation.ics", ics, f"text/calendar; charset=utf-8; method={method}")],
        )


@dataclass(frozen=True)
class Sent:
    sent: int
    unreachable: int  # invited people without an address or permission to be contacted


def _reply_to(activity: Activity) -> str:
    creator = activity.created_by
    return creator.email if creator is not None else ""


def send_invitations(*, activity_id: int) -> Sent:
    """E-mail everyone invited and not yet sent a message (a background job)."""
    activity = Activity.objects.select_related("initiative", "created_by").get(pk=activity_id)
    if not is_open_for_replies(activity):
        return Sent(0, 0)
    to_send = reachable(activity).filter(sent_at__isnull=True)
    sent = 0
    for invitation in to_send:
        invitation.activity = activity
        _send(invitation, "invitation", reply_to=_reply_to(activity))
        invitation.sent_at = timezone.now()
        invitation.sent_sequence = activity.calendar_sequence
        invitation.save(update_fields=["sent_at", "sent_sequence"])
        sent += 1
    unreachable = activity.invitations.count() - reachable(activity).count()
    return Sent(sent, unreachable)


def send_updates(*, activity_id: int, cancelled: bool = False) -> int:
    """E-mail a calendar update (or cancellation) to everyone sent an earlier version."""
    activity = Activity.objects.select_related("initiative", "created_by").get(pk=activity_id)
    people = reachable(activity).filter(sent_at__isnull=False)
    if not cancelled:
        people = people.exclude(sent_sequence=activity.calendar_sequence).exclude(
            status=InvitationStatus.DECLINED
        )
    count = 0
    for invitation in people:
        invitation.activity = activity
        kind = "cancellation" if cancelled else "update"
        _send(invitation, kind, reply_to=_reply_to(activity))
        invitation.sent_sequence = activity.calendar_sequence
        invitation.save(update_fields=["sent_sequence"])
        count += 1
    return count


def due_for_reminder(now: dt.datetime) -> QuerySet[ActivityInvitation]:
    """Invitations whose activity is tomorrow (in its own time zone) that may be reminded."""
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    window = (tomorrow - dt.timedelta(days=1), tomorrow + dt.timedelta(days=1))
    return (
        ActivityInvitation.objects.filter(
            activity__starts_on__range=window,
            activity__initiative__archived_at__isnull=True,
            activity__cancelled_at__isnull=True,
            sent_at__isnull=False,
            reminded_at__isnull=True,
            stakeholder__erased_at__isnull=True,
            stakeholder__contact_permitted=True,
        )
        .exclude(status=InvitationStatus.DECLINED)
        .exclude(stakeholder__email="")
        .select_related("activity__initiative", "activity__created_by", "stakeholder")
    )


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind, the day before, everyone invited who has not said no (a daily job)."""
    now = now or timezone.now()
    count = 0
    for invitation in due_for_reminder(now):
        activity = invitation.activity
        local_today = now.astimezone(_zone(activity)).date()
        if activity.starts_on != local_today + dt.timedelta(days=1):
            continue
        _send(invitation, "reminder", reply_to=_reply_to(activity))
        invitation.reminded_at = now
        invitation.save(update_fields=["reminded_at"])
        count += 1
    return count


def _zone(activity: Activity) -> dt.tzinfo:
    return ZoneInfo(activity.zone_name)


# --- Use cases -------------------------------------------------------------------------------


def request_invitations(*, activity: Activity, actor: User | None) -> None:
    """Queue the invitation e-mails for ``activity`` after this transaction commits."""
    record_audit(
        initiative=activity.initiative,
        actor=actor,
        action="send_invitations",
        target_type="activity",
        target_id=activity.pk,
    )
    enqueue(send_invitations, activity_id=activity.pk)


def request_updates(*, activity: Activity, actor: User | None, cancelled: bool = False) -> None:
    """Queue calendar updates (or a cancellation) to everyone already sent the activity."""
    record_audit(
        initiative=activity.initiative,
        actor=actor,
        action="cancel" if cancelled else "send_updates",
        target_type="activity",
        target_id=activity.pk,
    )
    enqueue(send_updates, activity_id=activity.pk, cancelled=cancelled)


@transaction.atomic
def cancel_activity(*, activity: Activity, actor: User | None) -> None:
    """Mark ``activity`` cancelled and queue a calendar cancellation to everyone sent it."""
    activity.cancelled_at = timezone.now()
    activity.calendar_sequence += 1
    activity.save(update_fields=["cancelled_at", "calendar_sequence"])
    request_updates(activity=activity, actor=actor, cancelled=True)


# --- What the team sees ----------------------------------------------------------------------


@dataclass(frozen=True)
class MailSummary:
    to_send: int  # invited, reachable, no message yet
    sent: int
    unreachable: int
    pending_updates: int  # sent an earlier version of the time or place
    replies: list[ActivityInvitation]
    open_for_replies: bool = True  # False once the activity is over: nothing more to send


def mail_summary(activity: Activity) -> MailSummary:
    """Return what the activity page says about invitation e-mails and replies."""
    reach = reachable(activity)
    invited = activity.invitations.count()
    reachable_count = reach.count()
    return MailSummary(
        to_send=reach.filter(sent_at__isnull=True).count(),
        sent=reach.filter(sent_at__isnull=False).count(),
        unreachable=invited - reachable_count,
        pending_updates=reach.filter(sent_at__isnull=False)
        .exclude(sent_sequence=activity.calendar_sequence)
        .exclude(status=InvitationStatus.DECLINED)
        .count(),
        replies=list(
            activity.invitations.select_related("stakeholder")
            .exclude(status=InvitationStatus.INVITED)
            .order_by("status", "stakeholder__name")
        ),
        open_for_replies=is_open_for_replies(activity),
    )

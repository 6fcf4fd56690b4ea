"""Use cases for collecting rubric answers: instruments, rounds, personal links and responses.

Results (aggregation, displays, exports) live in ``aggregation.py`` and ``selectors.py``.
"""

from __future__ import annotations

import base64
import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.core import personal_links
from convener.core.jobs import enqueue
from convener.core.mail import send_message
from convener.core.tokens import hash_token
from convener.core.translated import shown
from convener.framework.packs import DEPTH_KEYS
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.services import record_audit
from convener.measuring.models import (
    NOT_SURE,
    Answer,
    CollectionMode,
    CustomRow,
    Instrument,
    Response,
    Round,
    RoundKind,
    RoundLink,
    RoundStatus,
)
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.services.unsubscribe import unsubscribe_url

RESPONDENT_LANGUAGES = ("en", "es")
CUSTOM_PREFIX = "custom."


class CollectionError(Exception):
    """A request the rules refuse; ``fields`` names the offending inputs."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


# --- Instruments -------------------------------------------------------------------------------


def row_choices(*, initiative: Initiative) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return (habit key, habit name, [(row key, title)]) for every habit with rows."""
    pack, language = active_pack(), translation.get_language() or "en"
    custom = list(initiative.custom_rows.all())
    groups = []
    for habit in pack.habits:
        rows = [(r.key, r.title.get_text(language)) for r in pack.rows_for_habit(habit.key)]
        rows += [(c.key, c.title) for c in custom if c.habit == habit.key]
        if rows:
            groups.append((habit.key, habit.name.get_text(language), rows))
    return groups


def instrument_rows(*, initiative: Initiative, row_keys: Sequence[str]) -> list[dict[str, Any]]:
    """Return the frozen rows for ``row_keys``: titles and descriptors in every pack language.

    Raise CollectionError naming ``rows`` when a key is unknown, repeated or none is given.
    """
    if not row_keys:
        raise CollectionError(_("Choose at least one rubric row."), {"rows": [_("Required.")]})
    pack = active_pack()
    custom = {c.key: c for c in initiative.custom_rows.filter(key__in=list(row_keys))}
    rows: list[dict[str, Any]] = []
    unknown: list[str] = []
    for key in row_keys:
        if key in custom:
            c = custom[key]
            rows.append(
                {
                    "key": c.key,
                    "habit": c.habit,
                    "title": {"en": c.title},
                    "descriptors": [{"en": text} for text in c.descriptors],
                    "custom": True,
                }
            )
            continue
        try:
            row = pack.rubric_row(key)
        except KeyError:
            unknown.append(key)
            continue
        rows.append(
            {
                "key": row.key,
                "habit": row.habit,
                "title": dict(row.title),
                "descriptors": [dict(text) for text in row.descriptors],
                "custom": False,
            }
        )
    if unknown:
        raise CollectionError(
            _("Unknown rubric rows: %(keys)s.") % {"keys": ", ".join(unknown)},
            {"rows": [_("Unknown row key: %(key)s") % {"key": k} for k in unknown]},
        )
    if len({r["key"] for r in rows}) != len(rows):
        raise CollectionError(_("A row is listed twice."), {"rows": [_("Repeated row key.")]})
    return rows


def current_instrument(*, initiative: Initiative, row_keys: Sequence[str]) -> Instrument:
    """Return the latest instrument when it has exactly these rows and texts, else version n+1."""
    rows = instrument_rows(initiative=initiative, row_keys=row_keys)
    pack = active_pack()
    with transaction.atomic():
        latest = initiative.instruments.order_by("-version").first()
        if (
            latest is not None
            and latest.rows == rows
            and latest.pack_key == pack.key
            and latest.pack_version == pack.version
        ):
            return latest
        return Instrument.objects.create(
            initiative=initiative,
            version=(latest.version + 1) if latest else 1,
            rows=rows,
            pack_key=pack.key,
            pack_version=pack.version,
        )


def create_custom_row(
    *,
    initiative: Initiative,
    actor: User | None,
    habit: str,
    title: str,
    descriptors: Sequence[str],
    makes_difference: str,
    observable: str,
    beneficiaries_view: str,
    can_change: str,
) -> CustomRow:
    """Add a team's own operational decision to a habit's rubric, with a stable key."""
    pack = active_pack()
    if habit not in pack.habit_keys:
        raise CollectionError(_("Unknown habit."), {"habit": [_("Choose a habit.")]})
    if len(descriptors) != len(pack.depth_keys) or not all(d.strip() for d in descriptors):
        raise CollectionError(
            _("Write one descriptor for each depth."), {"descriptors": [_("Four are needed.")]}
        )
    base = CUSTOM_PREFIX + (slugify(title)[:60] or "row")
    key, n = base, 1
    while initiative.custom_rows.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    row = CustomRow.objects.create(
        initiative=initiative,
        key=key,
        habit=habit,
        title=title.strip(),
        descriptors=[d.strip() for d in descriptors],
        makes_difference=makes_difference,
        observable=observable,
        beneficiaries_view=beneficiaries_view,
        can_change=can_change,
        created_by=actor,
    )
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type="custom_row",
        target_id=row.pk,
        fields=["title", "descriptors"],
    )
    return row


# --- Rounds ------------------------------------------------------------------------------------


def create_round(
    *,
    initiative: Initiative,
    actor: User | None,
    name: str,
    row_keys: Sequence[str],
    kind: str = RoundKind.STAKEHOLDERS,
    anonymous: bool = True,
    languages: Sequence[str] = RESPONDENT_LANGUAGES,
    audience_circles: Sequence[str] = (),
    audience_perspectives: Iterable[Perspective] = (),
    audience_stakeholders: Iterable[Stakeholder] = (),
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    allow_not_sure: bool = True,
    allow_comments: bool = True,
    suppression_threshold: int = 5,
) -> Round:
    """Create a draft round on the current instrument for ``row_keys``."""
    errors: dict[str, list[str]] = {}
    if kind not in RoundKind.values:
        errors["kind"] = [_("Choose stakeholders or self_assessment.")]
    bad_languages = [code for code in languages if code not in RESPONDENT_LANGUAGES]
    if bad_languages or not languages:
        errors["languages"] = [_("Offer English, Spanish or both.")]
    if suppression_threshold < 3:
        errors["suppression_threshold"] = [_("The smallest group shown is never below 3.")]
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = [_("The round must close after it opens.")]
    if errors:
        raise CollectionError(_("The round has invalid settings."), errors)
    with transaction.atomic():
        instrument = current_instrument(initiative=initiative, row_keys=row_keys)
        round_ = Round.objects.create(
            initiative=initiative,
            instrument=instrument,
            name=name.strip(),
            kind=kind,
            anonymous=anonymous,
            languages=[code for code in RESPONDENT_LANGUAGES if code in languages],
            audience_circles=list(audience_circles),
            opens_at=opens_at,
            closes_at=closes_at,
            allow_not_sure=allow_not_sure,
            allow_comments=allow_comments,
            suppression_threshold=suppression_threshold,
            created_by=actor,
        )
        round_.audience_perspectives.set(
            [p for p in audience_perspectives if p.initiative_id == initiative.pk]
        )
        round_.audience_stakeholders.set(
            [s for s in audience_stakeholders if s.initiative_id == initiative.pk]
        )
        round_.room_token_hash = hash_token(room_token(round_))
        round_.save(update_fields=["room_token_hash"])
        record_audit(
            initiative=initiative, actor=actor, action="create", target_type="round",
            target_id=round_.pk, fields=["name", "kind", "instrument"],
        )  # fmt: skip
    return round_


def open_round(*, round: Round, actor: User | None) -> Round:
    """Open a draft or closed round for answers from now on."""
    now = timezone.now()
    round.status = RoundStatus.OPEN
    if round.opens_at is None or round.opens_at > now:
        round.opens_at = now
    if round.closes_at is not None and round.closes_at <= now:
        round.closes_at = None  # reopened: the old end date is over
    round.save(update_fields=["status", "opens_at", "closes_at", "updated_at"])
    record_audit(
        initiative=round.initiative, actor=actor, action="open", target_type="round",
        target_id=round.pk,
    )  # fmt: skip
    return round


def close_round(*, round: Round, actor: User | None) -> Round:
    """Close a round: links stop working and answers can no longer change."""
    now = timezone.now()
    round.status = RoundStatus.CLOSED
    if round.closes_at is None or round.closes_at > now:
        round.closes_at = now
    round.save(update_fields=["status", "closes_at", "updated_at"])
    record_audit(
        initiative=round.initiative, actor=actor, action="close", target_type="round",
        target_id=round.pk,
    )  # fmt: skip
    return round


def is_accepting(round: Round, *, now: dt.datetime | None = None) -> bool:
    """Return whether respondents may answer now: open, and inside the date window."""
    now = now or timezone.now()
    return (
        round.status == RoundStatus.OPEN
        and (round.opens_at is None or round.opens_at <= now)
        and (round.closes_at is None or now < round.closes_at)
    )


def room_token(round: Round) -> str:
    """Return the round's in-the-room token: 128 bits derived from the site secret.

    Derived rather than stored, so the QR code can be shown again; only its digest is kept.
    """
    digest = salted_hmac("convener.measuring.room", str(round.pk), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:16]).decode("ascii").rstrip("=")


def ensure_room_token(round: Round) -> str:
    """Return the round's room token, re-recording its digest if the site secret changed."""
    token = room_token(round)
    digest = hash_token(token)
    if round.room_token_hash != digest:
        round.room_token_hash = digest
        Round.objects.filter(pk=round.pk).update(room_token_hash=digest)
    return token


def audience(round: Round) -> QuerySet[Stakeholder]:
    """Return the stakeholders a round invites: its circles/perspectives plus hand-picked people.

    Only people with an e-mail address who may be contacted, and whose data is not erased.
    """
    base = (
        Stakeholder.objects.active()
        .filter(initiative=round.initiative, contact_permitted=True)
        .exclude(email="")
    )
    perspective_ids = list(round.audience_perspectives.values_list("pk", flat=True))
    picked = Q(pk__in=round.audience_stakeholders.values("pk"))
    if round.audience_circles or perspective_ids:
        by_group = Q()
        if round.audience_circles:
            by_group &= Q(circle__in=round.audience_circles)
        if perspective_ids:
            by_group &= Q(perspective_id__in=perspective_ids)
        return base.filter(by_group | picked).distinct()
    return base.filter(picked).distinct()


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


# --- Responses ---------------------------------------------------------------------------------


def find_link(secret: str) -> RoundLink | None:
    """Return the usable link whose token is ``secret``: round accepting, person not erased."""
    link = personal_links.find_by_secret(
        RoundLink.objects.select_related("round", "stakeholder"), secret
    )
    if link is None or link.stakeholder.is_erased or not is_accepting(link.round):
        return None
    return link


def find_room_round(secret: str) -> Round | None:
    """Return the accepting round whose in-the-room token is ``secret``."""
    round = Round.objects.filter(room_token_hash=hash_token(secret)).first()
    return round if round is not None and is_accepting(round) else None


def valid_levels(round: Round) -> tuple[str, ...]:
    """Return the level keys a respondent may give (the pack schema fixes the depth keys)."""
    return (*DEPTH_KEYS, NOT_SURE) if round.allow_not_sure else DEPTH_KEYS


# SQLite takes one writer at a time, and a writer that finds the database busy sleeps in
# growing steps before retrying, which stretches the tail under many concurrent respondents.
# Queueing this process's respondent writes on a lock hands the database on without sleeping.
_respondent_writes = threading.RLock()


@contextmanager
def respondent_write() -> Iterator[None]:
    """Run a respondent's write transaction, queued behind others in this process on SQLite."""
    if connection.vendor != "sqlite":
        with transaction.atomic():
            yield
        return
    with _respondent_writes, transaction.atomic():
        yield


def start_response(
    *,
    round: Round,
    mode: str,
    language: str = "en",
    link: RoundLink | None = None,
    perspective: Perspective | None = None,
) -> Response:
    """Create a respondent's response; one per personal link (the existing one is returned)."""
    if link is not None:
        existing = Response.objects.filter(link=link).first()
        if existing is not None:
            return existing
    stakeholder = link.stakeholder if link is not None else None
    if stakeholder is not None and not round.anonymous:
        perspective = stakeholder.perspective
    with respondent_write():
        return Response.objects.create(
            round=round,
            link=link,
            stakeholder=stakeholder if not round.anonymous else None,
            perspective=perspective,
            circle=stakeholder.circle if stakeholder is not None else "",
            language=language if language in RESPONDENT_LANGUAGES else "en",
            mode=mode,
        )


def save_answers(
    *,
    response: Response,
    levels: Mapping[str, str],
    comments: Mapping[str, str] | None = None,
) -> int:
    """Upsert the given items of a response; an empty level clears the item.

    Return how many items the response has answered afterwards. Unknown rows and levels are
    ignored (respondent forms are not trusted to be well formed). Answers saved after the
    response was submitted are counted straight away.
    """
    round = response.round
    allowed_rows = set(round.instrument.row_keys)
    allowed_levels = set(valid_levels(round))
    comments = comments or {}
    existing = {a.row_key: a for a in response.answers.all()}
    counted = response.submitted_at is not None
    create, update, clear = [], [], []
    for row_key, level in levels.items():
        if row_key not in allowed_rows:
            continue
        comment = (comments.get(row_key, "") or "")[:2000] if round.allow_comments else ""
        answer = existing.get(row_key)
        if not level:
            if answer is not None:
                clear.append(answer.pk)
            continue
        if level not in allowed_levels:
            continue
        if answer is None:
            create.append(
                Answer(
                    response=response,
                    round=round,
                    row_key=row_key,
                    level=level,
                    comment=comment,
                    perspective_id=response.perspective_id,
                    circle=response.circle,
                    counted=counted,
                )
            )
        elif answer.level != level or answer.comment != comment:
            answer.level, answer.comment = level, comment
            update.append(answer)
    answered = len(existing) + len(create) - len(clear)
    if not (create or update or clear):
        return answered
    with respondent_write():
        if clear:
            Answer.objects.filter(pk__in=clear).delete()
        if create:
            Answer.objects.bulk_create(create)
        for answer in update:  # usually one: the item just changed
            Answer.objects.filter(pk=answer.pk).update(level=answer.level, comment=answer.comment)
    return answered


def save_answer(
    *,
    round: Round,
    row_key: str,
    level: str,
    comment: str = "",
    response: Response | None = None,
    link: RoundLink | None = None,
    mode: str = CollectionMode.ONLINE,
    language: str = "en",
    perspective: Perspective | None = None,
) -> Response:
    """Autosave one item, creating the response on the first answer; return the response."""
    if not is_accepting(round):
        raise CollectionError(_("This round is not taking answers."))
    if response is None:
        response = start_response(
            round=round, mode=mode, language=language, link=link, perspective=perspective
        )
    save_answers(response=response, levels={row_key: level}, comments={row_key: comment})
    return response


def set_perspective(*, response: Response, perspective: Perspective | None) -> None:
    """Record the perspective a respondent reports, on the response and its answers."""
    if response.perspective_id == (perspective.pk if perspective else None):
        return
    with respondent_write():
        response.perspective = perspective
        response.save(update_fields=["perspective", "updated_at"])
        response.answers.update(perspective=perspective)


def submit_response(*, response: Response) -> Response:
    """Submit a response: its answers count from now on (and stay counted if edited later).

    Raise CollectionError when the response has no answer: an empty form is not a response.
    """
    if not is_accepting(response.round):
        raise CollectionError(_("This round is not taking answers."))
    if not response.answers.exists():
        raise CollectionError(
            _(
                "Answer at least one topic before you send your answers. What you have entered "
                "is kept."
            )
        )
    with respondent_write():
        if response.submitted_at is None:
            response.submitted_at = timezone.now()
            response.save(update_fields=["submitted_at", "updated_at"])
        Answer.objects.filter(response=response).update(counted=True)
    return response


def resolve_perspective(initiative: Initiative, value: str) -> Perspective | None:
    """Return the initiative's perspective whose key or label is ``value``."""
    value = value.strip()
    return (
        initiative.perspectives.filter(key=value).first()
        or initiative.perspectives.filter(label__iexact=value).first()
    )


def enter_paper_response(
    *,
    round: Round,
    actor: User | None,
    perspective: Perspective | None,
    answers: Mapping[str, str | None],
    comments: Mapping[str, str] | None = None,
) -> Response:
    """Record one paper form typed in by a facilitator: a submitted, counted response.

    Raise CollectionError naming each unknown row or level; nothing is saved then.
    """
    allowed_rows = set(round.instrument.row_keys)
    allowed_levels = {*DEPTH_KEYS, NOT_SURE}
    errors: dict[str, list[str]] = {}
    for row_key, level in answers.items():
        if row_key not in allowed_rows:
            errors[f"answers.{row_key}"] = [_("This row is not part of the round.")]
        elif level is not None and level != "" and level not in allowed_levels:
            errors[f"answers.{row_key}"] = [
                _("Unknown level %(level)s; use one of %(levels)s.")
                % {"level": level, "levels": ", ".join(sorted(allowed_levels))}
            ]
    if perspective is not None and perspective.initiative_id != round.initiative_id:
        errors["perspective"] = [_("Unknown perspective.")]
    if errors:
        raise CollectionError(_("The form has unknown rows or levels."), errors)
    if not any(answers.values()):
        raise CollectionError(
            _("The form has no answers. Enter at least one answer; a blank form is not counted."),
            {"answers": [_("Enter at least one answer.")]},
        )
    comments = comments or {}
    with transaction.atomic():
        response = Response.objects.create(
            round=round,
            perspective=perspective,
            mode=CollectionMode.PAPER,
            entered_by=actor,
            submitted_at=timezone.now(),
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                round=round,
                row_key=row_key,
                level=level,
                comment=(comments.get(row_key) or "")[:2000],
                perspective=perspective,
                counted=True,
            )
            for row_key, level in answers.items()
            if level
        )
    return response


def paper_count(round: Round) -> int:
    return round.responses.filter(mode=CollectionMode.PAPER).count()

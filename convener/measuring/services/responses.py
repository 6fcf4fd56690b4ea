"""Responses: find a respondent's way in, save and submit answers, enter paper forms."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.core import personal_links
from convener.core.tokens import hash_token
from convener.framework.packs import DEPTH_KEYS
from convener.initiatives.models import Initiative, Perspective
from convener.measuring.models import (
    NOT_SURE,
    Answer,
    CollectionMode,
    Response,
    Round,
    RoundLink,
    RoundStatus,
)
from convener.measuring.services.common import RESPONDENT_LANGUAGES, CollectionError
from convener.measuring.services.rounds import is_accepting


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


def find_closed_room_round(secret: str) -> Round | None:
    """Return the round whose room token is ``secret`` if it has closed (its page says so).

    The room's code is shared openly, so saying that its round is over reveals nothing; a
    personal link keeps the one neutral page whatever the reason.
    """
    round = Round.objects.filter(room_token_hash=hash_token(secret)).first()
    if round is None or is_accepting(round):
        return None
    ended = round.closes_at is not None and round.closes_at <= timezone.now()
    return round if round.status == RoundStatus.CLOSED or ended else None


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

"""Building a session's agenda: create, copy, add, change, move and delete items."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.initiatives.models import Initiative
from convener.initiatives.services import record_audit
from convener.live.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Item,
    LiveSession,
)
from convener.live.services.common import TARGET, LiveError, _bump, _check_config
from convener.live.session_templates import get_template, session_template_translations


def new_join_code() -> str:
    """Return a join code no session uses yet."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not LiveSession.objects.filter(join_code=code).exists():
            return code


@transaction.atomic
def create_session(
    *, initiative: Initiative, actor: User | None, title: str, template_key: str = ""
) -> LiveSession:
    """Create a draft session, with the items of the built-in template ``template_key``."""
    template = get_template(template_key) if template_key else None
    if template_key and template is None:
        raise LiveError(_("There is no session template called %(key)s.") % {"key": template_key})
    session = LiveSession.objects.create(
        initiative=initiative,
        title=title.strip() or (template.title_in("en") if template else _("Live session")),
        description=template.description_in("en") if template else "",
        translations=session_template_translations(template)
        if template and not title.strip()
        else {},
        join_code=new_join_code(),
        template_key=template_key,
        created_by=actor,
    )
    if template:
        Item.objects.bulk_create(
            Item(session=session, position=n, kind=t.kind, prompt=t.prompt, config=t.config)
            for n, t in enumerate(template.items, start=1)
        )
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type=TARGET,
        target_id=session.pk,
    )
    return session


@transaction.atomic
def copy_session(
    *, session: LiveSession, actor: User | None, as_template: bool = False
) -> LiveSession:
    """Copy the agenda of ``session`` into a new draft session (rerun, or keep as a template)."""
    copy = LiveSession.objects.create(
        initiative=session.initiative,
        title=session.title,
        description=session.description,
        translations=session.translations,
        join_code=new_join_code(),
        template_key=session.template_key,
        is_template=as_template,
        copied_from=session,
        suppression_threshold=session.suppression_threshold,
        created_by=actor,
    )
    Item.objects.bulk_create(
        Item(session=copy, position=i.position, kind=i.kind, prompt=i.prompt, config=i.config)
        for i in session.items.order_by("position")
    )
    record_audit(
        initiative=session.initiative,
        actor=actor,
        action="create",
        target_type=TARGET,
        target_id=copy.pk,
        detail=f"copy of session {session.pk}",
    )
    return copy


@transaction.atomic
def add_item(
    *,
    session: LiveSession,
    kind: str,
    prompt: str,
    config: Mapping[str, Any],
    actor: User | None,
    position: int | None = None,
) -> Item:
    """Add an item to the agenda, at ``position`` (1-based) or at the end."""
    if not prompt.strip():
        raise LiveError(_("Write the question or title of the item."))
    _check_config(kind, config, session.initiative)
    last = session.items.aggregate(last=Max("position"))["last"] or 0
    if position is None or position > last:
        position = last + 1
    else:
        position = max(1, position)
        _shift(session, start=position, by=1)
    item = Item.objects.create(
        session=session, position=position, kind=kind, prompt=prompt.strip(), config=dict(config)
    )
    _bump(session)
    return item


def _shift(session: LiveSession, *, start: int, by: int) -> None:
    # Two steps, so the (session, position) constraint never sees two items at one place.
    items = session.items.filter(position__gte=start)
    items.update(position=F("position") + 100000)
    items.model.objects.filter(session=session, position__gte=start + 100000).update(
        position=F("position") - 100000 + by
    )


@transaction.atomic
def update_item(*, item: Item, prompt: str, config: Mapping[str, Any], actor: User | None) -> Item:
    """Change an item's prompt and settings; settings with answers already given stay fixed."""
    if not prompt.strip():
        raise LiveError(_("Write the question or title of the item."))
    _check_config(item.kind, config, item.session.initiative)
    if item.answer_count and _answer_shape(item.config) != _answer_shape(config):
        raise LiveError(_("People have answered already: the choices cannot change now."))
    item.prompt, item.config = prompt.strip(), dict(config)
    item.save(update_fields=["prompt", "config"])
    _bump(item.session)
    return item


def _answer_shape(config: Mapping[str, Any]) -> tuple[Any, ...]:
    def keys(field: str) -> list[Any]:
        return [e.get("key") for e in config.get(field) or [] if isinstance(e, dict)]

    return (keys("options"), keys("statements"), keys("categories"), config.get("min"))


@transaction.atomic
def move_item(*, item: Item, position: int, actor: User | None) -> None:
    """Move ``item`` to ``position`` (1-based), shifting the others."""
    session = item.session
    last = session.items.count()
    position = min(max(1, position), last)
    if position == item.position:
        return
    old = item.position
    Item.objects.filter(pk=item.pk).update(position=0)
    if position < old:
        rows = session.items.filter(position__gte=position, position__lt=old)
        step = 1
    else:
        rows = session.items.filter(position__gt=old, position__lte=position)
        step = -1
    ids = list(rows.values_list("pk", flat=True))
    Item.objects.filter(pk__in=ids).update(position=F("position") + 100000)
    Item.objects.filter(pk__in=ids).update(position=F("position") - 100000 + step)
    Item.objects.filter(pk=item.pk).update(position=position)
    item.position = position
    _bump(session)


@transaction.atomic
def delete_item(*, item: Item, actor: User | None) -> None:
    """Delete ``item`` with its votes; later items move up."""
    session, position = item.session, item.position
    item.delete()
    _shift(session, start=position + 1, by=-1)
    _bump(session)

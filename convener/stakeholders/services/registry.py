"""Use cases of the registry: create, change, move, tag, delete, erase and export people.

Every write of stakeholder data leaves an audit entry naming the fields touched, never their
values. Permission checks live in the views and API; these functions trust their caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.initiatives.models import AuditEntry, Initiative
from convener.initiatives.services import record_audit
from convener.stakeholders.models import (
    PERSONAL_FIELDS,
    Circle,
    CircleMove,
    Kind,
    Stakeholder,
    Tag,
)

TARGET = "stakeholder"
CIRCLE_MOVE_DETAIL = "circle move"  # audit detail of moves, which the circle history shows
TAG_MAX_LENGTH = 60

# Fields create/update accept; everything else on the model is managed here.
EDITABLE_FIELDS: tuple[str, ...] = (
    "kind",
    "name",
    "organization",
    "position",
    "perspective",
    "concern_interest",
    "concern_affected",
    "concern_can_affect",
    "side",
    "power",
    "stance",
    "scale",
    "circle",
    "what_they_might_do",
    "preferred_language",
    "accessibility_needs",
    "email",
    "phone",
    "contact_permitted",
    "consent_date",
    "consent_source",
    "notes",
)

ERASED_NAMES = {Kind.PERSON: "Erased person", Kind.ORGANIZATION: "Erased organization"}


class RegistryError(ValueError):
    """A request the registry refuses, with a message fit to show."""


def parse_tag_names(text: str) -> list[str]:
    """Return the distinct tag names in a comma-separated ``text``, in order, trimmed."""
    names: list[str] = []
    for part in text.split(","):
        name = " ".join(part.split())[:TAG_MAX_LENGTH]
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise RegistryError(f"Unknown stakeholder fields: {', '.join(sorted(unknown))}")


def _validate(stakeholder: Stakeholder) -> None:
    """Check field values and that the organization is another organization of the initiative."""
    stakeholder.full_clean(exclude=["initiative", "created_by"], validate_constraints=False)
    organization = stakeholder.organization
    if organization is not None and (
        organization.initiative_id != stakeholder.initiative_id
        or organization.kind != Kind.ORGANIZATION
        or organization.pk == stakeholder.pk
    ):
        raise RegistryError(_("Choose one of this initiative's organizations."))
    if (
        stakeholder.email
        and Stakeholder.objects.filter(initiative_id=stakeholder.initiative_id)
        .filter(email__iexact=stakeholder.email)
        .exclude(pk=stakeholder.pk)
        .exists()
    ):
        raise RegistryError(_("Someone in this registry already has that e-mail address."))


def _tags_for(initiative: Initiative, names: Iterable[str]) -> list[Tag]:
    """Return the initiative's tags called ``names`` (matching case-insensitively), creating any
    that are new."""
    wanted = list(names)
    existing = {t.name.casefold(): t for t in Tag.objects.filter(initiative=initiative)}
    tags = []
    for name in wanted:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = Tag.objects.create(initiative=initiative, name=name)
            existing[name.casefold()] = tag
        tags.append(tag)
    return tags


def _apply_tags(stakeholder: Stakeholder, names: Iterable[str]) -> bool:
    """Give ``stakeholder`` exactly the tags ``names``; return whether anything changed."""
    tags = _tags_for(stakeholder.initiative, names)
    before = set(stakeholder.tags.values_list("pk", flat=True))
    if before == {t.pk for t in tags}:
        return False
    stakeholder.tags.set(tags)
    return True


@transaction.atomic
def create_stakeholder(
    *,
    initiative: Initiative,
    actor: User | None,
    fields: Mapping[str, Any],
    tags: Iterable[str] = (),
) -> Stakeholder:
    """Add a person or organization to ``initiative``'s registry, with ``tags``."""
    _check_fields(fields)
    stakeholder = Stakeholder(initiative=initiative, created_by=actor, **fields)
    _validate(stakeholder)
    stakeholder.save()
    tag_names = list(tags)
    if tag_names:
        _apply_tags(stakeholder, tag_names)
    touched = [name for name, value in fields.items() if value not in ("", None, False)]
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type=TARGET,
        target_id=stakeholder.pk,
        fields=touched + (["tags"] if tag_names else []),
    )
    if stakeholder.circle:
        # The first placement starts the circle history.
        CircleMove.objects.create(
            stakeholder=stakeholder,
            from_circle="",
            to_circle=stakeholder.circle,
            moved_by=actor,
            note=stakeholder.what_they_might_do,
        )
    return stakeholder


@transaction.atomic
def update_stakeholder(
    *,
    stakeholder: Stakeholder,
    actor: User | None,
    fields: Mapping[str, Any],
    tags: Iterable[str] | None = None,
) -> list[str]:
    """Change ``stakeholder``'s ``fields`` (and its tags, when given).

    Return the names of the fields that changed ("tags" included). A change of circle is
    recorded as a dated move. Nothing is written, not even an audit entry, when nothing changed.
    """
    _check_fields(fields)
    if stakeholder.is_erased:
        raise RegistryError(_("This record has been erased and cannot be changed."))
    changed = []
    old_circle = stakeholder.circle
    for name, value in fields.items():
        if getattr(stakeholder, name) != value:
            setattr(stakeholder, name, value)
            changed.append(name)
    if changed:
        _validate(stakeholder)
        stakeholder.save(update_fields=[*changed, "updated_at"])
    if "circle" in changed:
        CircleMove.objects.create(
            stakeholder=stakeholder,
            from_circle=old_circle,
            to_circle=stakeholder.circle,
            moved_by=actor,
            note=stakeholder.what_they_might_do,
        )
    if tags is not None and _apply_tags(stakeholder, tags):
        if not changed:
            stakeholder.save(update_fields=["updated_at"])
        changed.append("tags")
    if changed:
        record_audit(
            initiative=stakeholder.initiative,
            actor=actor,
            action="update",
            target_type=TARGET,
            target_id=stakeholder.pk,
            fields=changed,
        )
    return changed


@transaction.atomic
def delete_stakeholder(*, stakeholder: Stakeholder, actor: User | None) -> None:
    """Remove ``stakeholder`` and its circle history from the registry."""
    initiative, pk = stakeholder.initiative, stakeholder.pk
    stakeholder.delete()
    record_audit(
        initiative=initiative,
        actor=actor,
        action="delete",
        target_type=TARGET,
        target_id=pk,
        detail="record deleted",
    )


@transaction.atomic
def set_tags(*, stakeholder: Stakeholder, names: Iterable[str], actor: User | None) -> bool:
    """Give ``stakeholder`` exactly the tags ``names``; return whether anything changed."""
    changed = _apply_tags(stakeholder, names)
    if changed:
        stakeholder.save(update_fields=["updated_at"])
        record_audit(
            initiative=stakeholder.initiative,
            actor=actor,
            action="update",
            target_type=TARGET,
            target_id=stakeholder.pk,
            fields=["tags"],
        )
    return changed


def _check_circle(to_circle: str) -> None:
    if to_circle not in ("", *Circle.values):
        raise RegistryError(_("Unknown circle: %(circle)s") % {"circle": to_circle})


@transaction.atomic
def move_circle(
    *, stakeholder: Stakeholder, to_circle: str, actor: User | None, note: str = ""
) -> CircleMove:
    """Move ``stakeholder`` to ``to_circle`` ("" takes them out of the circles).

    Record the dated move with ``note`` (what they might do from there); a non-blank note also
    becomes the stakeholder's current "what they might do".
    """
    _check_circle(to_circle)
    if stakeholder.is_erased:
        raise RegistryError(_("This record has been erased and cannot be changed."))
    move = CircleMove.objects.create(
        stakeholder=stakeholder,
        from_circle=stakeholder.circle,
        to_circle=to_circle,
        moved_by=actor,
        note=note.strip(),
    )
    changed = ["circle"]
    stakeholder.circle = to_circle
    if note.strip():
        stakeholder.what_they_might_do = note.strip()
        changed.append("what_they_might_do")
    stakeholder.save(update_fields=[*changed, "updated_at"])
    record_audit(
        initiative=stakeholder.initiative,
        actor=actor,
        action="update",
        target_type=TARGET,
        target_id=stakeholder.pk,
        fields=changed,
        detail=CIRCLE_MOVE_DETAIL,
    )
    return move


def _selected(initiative: Initiative, stakeholder_ids: Iterable[int]) -> list[Stakeholder]:
    return list(
        Stakeholder.objects.filter(
            initiative=initiative, pk__in=list(stakeholder_ids), erased_at__isnull=True
        ).select_related("initiative")
    )


@transaction.atomic
def bulk_move_circle(
    *,
    initiative: Initiative,
    stakeholder_ids: Iterable[int],
    to_circle: str,
    actor: User | None,
    note: str = "",
) -> int:
    """Move the selected stakeholders of ``initiative`` to ``to_circle``; return how many moved.

    Ids of other initiatives' stakeholders, erased records and people already there are skipped.
    """
    _check_circle(to_circle)
    moved = 0
    for stakeholder in _selected(initiative, stakeholder_ids):
        if stakeholder.circle != to_circle:
            move_circle(stakeholder=stakeholder, to_circle=to_circle, actor=actor, note=note)
            moved += 1
    return moved


@transaction.atomic
def bulk_tag(
    *,
    initiative: Initiative,
    stakeholder_ids: Iterable[int],
    tag_name: str,
    actor: User | None,
) -> int:
    """Add the tag ``tag_name`` to the selected stakeholders; return how many gained it."""
    names = parse_tag_names(tag_name)
    if not names:
        raise RegistryError(_("Give the tag a name."))
    (tag,) = _tags_for(initiative, names[:1])
    tagged = 0
    for stakeholder in _selected(initiative, stakeholder_ids):
        if not stakeholder.tags.filter(pk=tag.pk).exists():
            stakeholder.tags.add(tag)
            stakeholder.save(update_fields=["updated_at"])
            record_audit(
                initiative=initiative,
                actor=actor,
                action="update",
                target_type=TARGET,
                target_id=stakeholder.pk,
                fields=["tags"],
            )
            tagged += 1
    return tagged


@transaction.atomic
def erase_stakeholder(*, stakeholder: Stakeholder, actor: User | None) -> None:
    """Remove ``stakeholder``'s personal data everywhere; keep what anonymous counts need.

    Personal fields are blanked, circle-move notes cleared, tags removed and consent details
    dropped; perspective, circle, kind and the landscape attributes stay, so participation
    figures still add up. The name becomes "Erased person" or "Erased organization".
    """
    for name in PERSONAL_FIELDS:
        setattr(stakeholder, name, "")
    stakeholder.name = ERASED_NAMES.get(Kind(stakeholder.kind), ERASED_NAMES[Kind.PERSON])
    stakeholder.consent_date = None
    stakeholder.contact_permitted = False
    stakeholder.erased_at = timezone.now()
    stakeholder.save()
    stakeholder.circle_moves.update(note="")
    stakeholder.tags.clear()
    record_audit(
        initiative=stakeholder.initiative,
        actor=actor,
        action="erase",
        target_type=TARGET,
        target_id=stakeholder.pk,
        fields=[*PERSONAL_FIELDS, "consent_date", "contact_permitted", "tags"],
    )


def _value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@transaction.atomic
def export_person_data(*, stakeholder: Stakeholder, actor: User | None) -> dict[str, Any]:
    """Return everything stored about ``stakeholder`` as JSON-ready data (and audit the export).

    Includes every field, the organization and perspective by name, tags, the circle history
    and the audit entries about this record (field names only, as they were written).
    """
    record: dict[str, Any] = {"id": stakeholder.pk}
    for name in EDITABLE_FIELDS:
        if name in ("organization", "perspective"):
            continue
        record[name] = _value(getattr(stakeholder, name))
    record["organization"] = (
        {"id": stakeholder.organization.pk, "name": stakeholder.organization.name}
        if stakeholder.organization
        else None
    )
    record["perspective"] = (
        {"key": stakeholder.perspective.key, "label": stakeholder.perspective.label}
        if stakeholder.perspective
        else None
    )
    record["tags"] = [t.name for t in stakeholder.tags.all()]
    record["created_at"] = _value(stakeholder.created_at)
    record["updated_at"] = _value(stakeholder.updated_at)
    record["erased_at"] = _value(stakeholder.erased_at)
    history = [
        {
            "moved_at": _value(m.moved_at),
            "from_circle": m.from_circle,
            "to_circle": m.to_circle,
            "note": m.note,
        }
        for m in stakeholder.circle_moves.order_by("moved_at", "id")
    ]
    record_audit(
        initiative=stakeholder.initiative,
        actor=actor,
        action="export",
        target_type=TARGET,
        target_id=stakeholder.pk,
        fields=list(record),
        detail="personal data export (JSON)",
    )
    audit = [
        {
            "at": _value(e.created_at),
            "action": e.action,
            "fields": e.fields,
            "detail": e.detail,
            "by": e.actor.email if e.actor else None,
        }
        for e in AuditEntry.objects.filter(
            initiative=stakeholder.initiative, target_type=TARGET, target_id=stakeholder.pk
        )
        .select_related("actor")
        .order_by("created_at", "id")
    ]
    return {
        "initiative": stakeholder.initiative.slug,
        "exported_at": _value(timezone.now()),
        "stakeholder": record,
        "circle_history": history,
        "audit": audit,
    }


def audit_trail(stakeholder: Stakeholder) -> list[AuditEntry]:
    """Return the audit entries about ``stakeholder``, newest first."""
    return list(
        AuditEntry.objects.filter(
            initiative_id=stakeholder.initiative_id, target_type=TARGET, target_id=stakeholder.pk
        ).select_related("actor")
    )

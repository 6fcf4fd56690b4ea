"""Export one whole initiative as a JSON document (format "convener-initiative", version 1).

The document format is described in docs/export-format.md. Records refer to each other by
``key`` ("app_label.modelname:old id"), to people by e-mail address; the importer gives every
record a new id and rewrites the references.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from convener.accounts.models import User
from convener.archive.graph import Owned, exported_models, initiative_models, is_secret
from convener.initiatives.models import Initiative
from convener.initiatives.services import record_audit

FORMAT = "convener-initiative"
VERSION = 1

# Models whose integer column points at another record named by a free-text type, as the
# audit log does ("stakeholder", 12). The id is rewritten like a foreign key.
ID_REFERENCES: dict[str, tuple[str, str]] = {
    "initiatives.AuditEntry": ("target_type", "target_id"),
}


# Ids kept inside JSON fields ("model.field" → {JSON key → the model the id names}). On import
# each such id, at any depth of the value, is rewritten to the new record's id (or emptied when
# the file does not hold that record), so a copy never points into the initiative it came from.
_PERSON_LINK = {"stakeholder_id": "stakeholders.stakeholder"}
JSON_REFERENCES: dict[str, dict[str, str]] = {
    "live.Item.config": {"proposal_id": "consensus.proposal"},
    "toolkit.FieldValue.value": _PERSON_LINK,
    "toolkit.FieldRevision.old_value": _PERSON_LINK,
    "toolkit.FieldRevision.new_value": _PERSON_LINK,
    "toolkit.BreakoutTeam.base_values": _PERSON_LINK,
    "toolkit.GroupPlan.details": _PERSON_LINK,
}
# Every other JSON field of the project, and why it holds no id of a record
# (tests/security/test_references.py fails on a JSON field in neither list).
JSON_WITHOUT_IDS: dict[str, str] = {
    "framework.ContentPack.data": "a content pack, shared by the whole server",
    "initiatives.AuditEntry.fields": "names of the fields a change touched",
    "stakeholders.ImportMapping.mapping": "column headers mapped to field names",
    "stakeholders.ImportBatch.header": "the uploaded file's column headers",
    "stakeholders.ImportBatch.rows": "the uploaded file's cells and row numbers",
    "stakeholders.ImportBatch.mapping": "field names per column",
    "stakeholders.ImportBatch.summary": "counts of what the import did",
    "stakeholders.ImportBatch.options": "row numbers and duplicate choices",
    "activities.Activity.audience_circles": "circle names",
    "measuring.CustomRow.descriptors": "four texts",
    "measuring.Instrument.rows": "rubric rows: keys and texts of the content pack",
    "measuring.Round.languages": "language codes",
    "measuring.Round.audience_circles": "circle names",
    "toolkit.BreakoutTeam.section_keys": "section keys of the worksheet",
    "toolkit.InitiativeStatement.variants": "texts by field key",
    "toolkit.BrandPulse.words": "words",
    "live.Vote.value": "option keys, numbers and texts of one answer",
    "consensus.Proposal.audience_circles": "circle names",
    "consensus.Decision.distribution": "counts per option",
    "consensus.Decision.participation": "counts per perspective",
    # The team's own words in other languages: {"es": {"<field>": "…"}} (core.translated).
    "activities.Activity.translations": "texts by language and field",
    "consensus.Proposal.translations": "texts by language and field",
    "consensus.Decision.translations": "texts by language and field",
    "consensus.Revision.translations": "texts by language and field",
    "initiatives.Initiative.translations": "texts by language and field",
    "initiatives.Perspective.translations": "texts by language and field",
    "live.BreakoutGroup.translations": "texts by language and field",
    "live.LiveSession.translations": "texts by language and field",
    "live.TrainingSeries.translations": "texts by language and field",
    "measuring.Round.translations": "texts by language and field",
    # What a record serves (initiatives.purposes): fixed purpose keys.
    "activities.Activity.purposes": "purpose keys",
    "consensus.Proposal.purposes": "purpose keys",
    "measuring.Round.purposes": "purpose keys",
    "public.PublicationEvent.changes": "section keys of the public page",
}


class ExportError(Exception):
    """A model that the export format cannot represent (a developer error, caught by tests)."""


def record_key(obj: models.Model) -> str:
    """Return the key naming ``obj`` inside one export document."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def plain_value(value: Any) -> Any:
    """Return ``value`` as JSON-ready data, keeping full precision of times and decimals."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def type_key(target_type: str) -> str:
    """Normalise a free-text record type ("circle_move") to a model name ("circlemove")."""
    return target_type.replace("_", "").replace("-", "").lower()


def model_names(owned: list[Owned]) -> dict[str, str]:
    """Map model name → label for exported models whose name is unambiguous."""
    names: dict[str, list[str]] = {}
    for item in owned:
        names.setdefault(item.model._meta.model_name or "", []).append(item.model._meta.label_lower)
    return {name: labels[0] for name, labels in names.items() if len(labels) == 1}


def _external(field: models.ForeignKey[models.Model, models.Model], obj: models.Model) -> Any:
    """Return a reference to a row outside the initiative (a person, or a natural key)."""
    target = getattr(obj, field.name)
    if target is None:
        return None
    if isinstance(target, User):
        return target.email
    if hasattr(target, "natural_key"):
        return list(target.natural_key())
    raise ExportError(f"{obj._meta.label}.{field.name} points outside the initiative")


def build_document(*, initiative: Initiative) -> dict[str, Any]:
    """Return the whole initiative as a JSON-ready document."""
    owned = exported_models()
    labels = {item.model for item in owned}
    rows: dict[type[models.Model], list[models.Model]] = {
        item.model: list(item.queryset(initiative)) for item in owned
    }
    present = {record_key(obj) for objs in rows.values() for obj in objs}
    everything = owned_or_excluded_models()
    names = model_names(owned)
    people: set[str] = set()
    records: list[dict[str, Any]] = []
    for item in owned:
        id_ref = ID_REFERENCES.get(item.label)
        for obj in rows[item.model]:
            fields: dict[str, Any] = {}
            for field in item.model._meta.concrete_fields:
                if field.primary_key or is_secret(field):
                    continue
                if isinstance(field, models.ForeignKey):
                    raw = getattr(obj, field.attname)
                    if raw is None:
                        fields[field.name] = None
                    elif field.related_model in labels:
                        key = f"{field.related_model._meta.label_lower}:{raw}"  # type: ignore[union-attr]
                        fields[field.name] = key if key in present else None
                    elif field.related_model in everything:
                        fields[field.name] = None  # an excluded model (see graph.EXCLUDED)
                    else:
                        fields[field.name] = _external(field, obj)
                        if isinstance(fields[field.name], str):
                            people.add(fields[field.name])
                else:
                    fields[field.name] = plain_value(field.value_from_object(obj))
            for m2m in item.model._meta.many_to_many:
                through = m2m.remote_field.through
                if through is not None and not through._meta.auto_created:
                    continue  # the through model is exported as records of its own
                related = list(getattr(obj, m2m.name).order_by("pk"))
                if m2m.related_model in labels:
                    fields[m2m.name] = [k for k in (record_key(r) for r in related) if k in present]
                elif m2m.related_model is User:
                    fields[m2m.name] = [r.email for r in related]
                    people.update(fields[m2m.name])
                else:
                    raise ExportError(f"{item.label}.{m2m.name} points outside the initiative")
            if id_ref is not None:
                type_field, id_field = id_ref
                label = names.get(type_key(str(fields.get(type_field, ""))))
                key = f"{label}:{fields[id_field]}" if label else ""
                fields[id_field] = key if key in present else None
            records.append(
                {"model": obj._meta.label_lower, "key": record_key(obj), "fields": fields}
            )
    users = [
        {"email": user.email, "display_name": user.display_name}
        for user in User.objects.filter(email__in=people).order_by("email")
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "source": {"site": settings.SITE_URL, "slug": initiative.slug},
        "users": users,
        "records": records,
    }


def owned_or_excluded_models() -> set[type[models.Model]]:
    """Return every model with a path to an initiative, exported or not."""
    return {item.model for item in initiative_models()}


def export_initiative(*, initiative: Initiative, actor: User | None) -> dict[str, Any]:
    """Build the export document of ``initiative``; audit it with :func:`record_export`.

    ``actor`` is kept for callers; the audit entry is written only once the file exists.
    """
    return build_document(initiative=initiative)


def record_export(
    *, initiative: Initiative, actor: User | None, document: dict[str, Any], size: int
) -> None:
    """Audit a whole-initiative export once its file of ``size`` bytes has been written."""
    record_audit(
        initiative=initiative,
        actor=actor,
        action="export",
        target_type="initiative",
        target_id=initiative.pk,
        detail=f"whole initiative, {len(document['records'])} records, {size} bytes",
    )


def count_by_model(document: dict[str, Any]) -> dict[str, int]:
    """Return how many records of each model a document holds."""
    counts: dict[str, int] = {}
    for record in document.get("records", []):
        counts[record["model"]] = counts.get(record["model"], 0) + 1
    return counts


def canonical(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the records with ids replaced by stable names ("model#n", n-th of its model).

    Two exports of the same content made on different servers compare equal this way.
    """
    ordinal: dict[str, str] = {}
    seen: dict[str, int] = {}
    for record in document["records"]:
        n = seen.get(record["model"], 0)
        seen[record["model"]] = n + 1
        ordinal[record["key"]] = f"{record['model']}#{n}"

    def rename(value: Any) -> Any:
        if isinstance(value, str) and value in ordinal:
            return ordinal[value]
        if isinstance(value, list):
            return [rename(v) for v in value]
        return value

    json_refs = {name.lower(): keys for name, keys in JSON_REFERENCES.items()}

    def rename_ids(value: Any, keys: dict[str, str]) -> Any:
        if isinstance(value, list):
            return [rename_ids(v, keys) for v in value]
        if isinstance(value, dict):
            return {
                k: ordinal.get(f"{keys[k]}:{v}", v) if k in keys else rename_ids(v, keys)
                for k, v in value.items()
            }
        return value

    def field(model: str, name: str, value: Any) -> Any:
        keys = json_refs.get(f"{model}.{name}")
        return rename_ids(value, keys) if keys else rename(value)

    return [
        {
            "model": record["model"],
            "key": ordinal[record["key"]],
            "fields": {
                name: field(record["model"], name, value)
                for name, value in record["fields"].items()
            },
        }
        for record in document["records"]
    ]

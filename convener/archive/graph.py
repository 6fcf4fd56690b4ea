"""Which models belong to an initiative, found by walking foreign keys.

Apps keep adding models; the export must not need a list of them. A model belongs to an
initiative when a chain of foreign keys leads from it to ``initiatives.Initiative`` (a direct
``initiative`` field, or a key to a model that has one, and so on). Every such model in a
``convener.*`` app is exported, unless it is on ``EXCLUDED`` with the reason why.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models

INITIATIVE_LABEL = "initiatives.Initiative"

# Models with a path to an initiative that are deliberately NOT exported, and why. A model
# missing from the export and from this list fails convener/archive/tests/test_graph.py.
EXCLUDED: dict[str, str] = {
    "activities.LadderSummary": (
        "derived from the engagement events; rebuilt by the first ladder read after an import"
    ),
    "initiatives.Invitation": (
        "a pending team invitation is a secret link for one person; re-invite on the new server"
    ),
}

# Kinds of model left out by rule, whatever app adds them: binary data (a rendered PDF is bytes,
# and derived: it is drawn again on demand) and background work's status rows (short-lived
# records of a job, such as a report render or a staged spreadsheet, never part of the
# initiative's content). An export must not depend on what else happened that day.
RULE_BINARY = "holds binary data (a rendered file), derived and drawn again on demand"
RULE_JOB_ROW = "a background job's status row: short-lived, not the initiative's content"


def excluded_reason(model: type[models.Model]) -> str:
    """Return why ``model`` is left out of exports, or "" if it is exported."""
    from convener.core.models import BackgroundWork

    if model._meta.label in EXCLUDED:
        return EXCLUDED[model._meta.label]
    if any(isinstance(f, models.BinaryField) for f in model._meta.concrete_fields):
        return RULE_BINARY
    if issubclass(model, BackgroundWork):
        return RULE_JOB_ROW
    return ""


# Fields that hold the digest of a secret link. They are never exported; an import gives each
# row a fresh random digest (unique fields) or a blank one, so old links stop working.
SECRET_FIELD_SUFFIX = "token_hash"  # noqa: S105 - a field-name suffix, not a secret


@dataclass(frozen=True)
class Owned:
    """A model that belongs to an initiative, and the lookup from it to the initiative."""

    model: type[models.Model]
    path: str  # ORM lookup to the initiative, e.g. "round__initiative"; "" for Initiative

    @property
    def label(self) -> str:
        return self.model._meta.label

    def queryset(self, initiative: models.Model) -> models.QuerySet[models.Model]:
        """Return this model's rows that belong to ``initiative``, in primary-key order."""
        manager = self.model._base_manager
        if not self.path:
            return manager.filter(pk=initiative.pk)
        return manager.filter(**{self.path: initiative}).order_by("pk").distinct()


def project_models() -> list[type[models.Model]]:
    """Return every concrete model of the project's own apps."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config is not None
        and model._meta.app_config.name.startswith("convener.")
        and not model._meta.proxy
        and not model._meta.abstract
    ]


def forward_keys(model: type[models.Model]) -> list[models.ForeignKey[models.Model, models.Model]]:
    """Return the concrete many-to-one and one-to-one fields of ``model``."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)  # OneToOneField is a ForeignKey
    ]


def initiative_path(model: type[models.Model]) -> str | None:
    """Return the shortest lookup from ``model`` to an initiative, or None if there is none.

    Among paths of equal length, one through non-nullable keys wins: it finds every row.
    """
    if model._meta.label == INITIATIVE_LABEL:
        return ""
    # Breadth-first search over forward keys; each state is (model, path, nullable so far).
    queue: deque[tuple[type[models.Model], tuple[str, ...], bool]] = deque([(model, (), False)])
    seen = {model}
    best: tuple[int, bool, str] | None = None
    while queue:
        current, path, nullable = queue.popleft()
        if best is not None and len(path) >= best[0]:
            continue
        for field in forward_keys(current):
            target = field.related_model
            assert isinstance(target, type)
            step = (*path, field.name)
            step_nullable = nullable or field.null
            if target._meta.label == INITIATIVE_LABEL:
                candidate = (len(step), step_nullable, "__".join(step))
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
            elif target not in seen and target._meta.label != settings.AUTH_USER_MODEL:
                seen.add(target)
                queue.append((target, step, step_nullable))
    return None if best is None else best[2]


def initiative_models() -> list[Owned]:
    """Return every project model with a path to an initiative, excluded ones included."""
    found = []
    for model in project_models():
        path = initiative_path(model)
        if path is not None:
            found.append(Owned(model=model, path=path))
    return found


def dependency_order(owned: list[Owned]) -> list[Owned]:
    """Order models so that each comes after the models its required keys point to.

    Required (non-nullable) keys must be satisfied; among the models that are ready, the one
    with the fewest unplaced optional targets goes first, so few keys are filled in afterwards.
    """
    by_model = {o.model: o for o in owned}
    hard: dict[type[models.Model], set[type[models.Model]]] = {}
    soft: dict[type[models.Model], set[type[models.Model]]] = {}
    for item in owned:
        hard[item.model], soft[item.model] = set(), set()
        for field in forward_keys(item.model):
            target = field.related_model
            if target in by_model and target is not item.model:
                (soft if field.null else hard)[item.model].add(target)  # type: ignore[arg-type]
    ordered: list[Owned] = []
    placed: set[type[models.Model]] = set()
    remaining = sorted(owned, key=lambda o: o.label)
    while remaining:
        ready = [o for o in remaining if hard[o.model] <= placed]
        if not ready:  # a cycle of required keys cannot be stored in a database anyway
            ready = remaining
        chosen = min(ready, key=lambda o: len(soft[o.model] - placed))
        ordered.append(chosen)
        placed.add(chosen.model)
        remaining.remove(chosen)
    return ordered


def exported_models() -> list[Owned]:
    """Return the models an export contains, each after the models it depends on."""
    return dependency_order([o for o in initiative_models() if not excluded_reason(o.model)])


def is_secret(field: models.Field[object, object]) -> bool:
    """Return whether ``field`` holds the digest of a secret link."""
    return field.name.endswith(SECRET_FIELD_SUFFIX)

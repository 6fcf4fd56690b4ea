"""The generic walker: every model with a path to an initiative is exported or excluded."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from convener.archive.graph import (
    EXCLUDED,
    INITIATIVE_LABEL,
    excluded_reason,
    exported_models,
    forward_keys,
    initiative_models,
    initiative_path,
    project_models,
)
from convener.archive.records import CONFUSABLE, fresh_code
from convener.initiatives.models import AuditEntry, Initiative, Perspective
from convener.measuring.models import Answer, Response
from convener.stakeholders.models import CircleMove


def _reaches_initiative(model: type[models.Model], seen: frozenset[type] = frozenset()) -> bool:
    """Independent check: does any chain of foreign keys lead to Initiative?"""
    if model._meta.label == INITIATIVE_LABEL:
        return True
    for field in forward_keys(model):
        target = field.related_model
        if target._meta.label == settings.AUTH_USER_MODEL or target in seen:
            continue
        if _reaches_initiative(target, seen | {model}):
            return True
    return False


def test_every_model_with_a_path_to_an_initiative_is_exported_or_excluded_with_a_reason():
    exported = {o.label for o in exported_models()}
    for model in project_models():
        if _reaches_initiative(model):
            label = model._meta.label
            assert label in exported or excluded_reason(model), f"{label} is skipped by the export"
    for label, reason in EXCLUDED.items():
        assert label in {o.label for o in initiative_models()}, f"{label}: stale exclusion"
        assert len(reason) > 20, f"{label}: say why it is excluded"
        assert label not in exported


def test_models_without_an_initiative_are_not_exported():
    exported = {o.label for o in exported_models()}
    assert "accounts.User" not in exported
    assert "accounts.ApiToken" not in exported
    assert "accounts.UserSession" not in exported
    assert "framework.ContentPack" not in exported


def test_the_walker_prefers_the_shortest_path_through_required_keys():
    assert initiative_path(Initiative) == ""
    assert initiative_path(Perspective) == "initiative"
    assert initiative_path(AuditEntry) == "initiative"
    assert initiative_path(CircleMove) == "stakeholder__initiative"
    assert initiative_path(Response) == "round__initiative"  # not through the nullable link
    assert initiative_path(Answer) in {"round__initiative", "response__round__initiative"}


def test_every_required_key_points_to_an_earlier_model_or_a_person():
    order = [o.model for o in exported_models()]
    everything = {o.model for o in initiative_models()}
    for index, model in enumerate(order):
        for field in forward_keys(model):
            target = field.related_model
            if target is model:
                assert field.null, f"{model._meta.label}.{field.name}: self-key must be nullable"
            elif target in order:
                assert field.null or order.index(target) < index, (model, field.name)
            elif target in everything:  # an excluded model: the key is left empty
                assert field.null, f"{model._meta.label}.{field.name} needs an excluded model"
            else:
                assert target._meta.label == settings.AUTH_USER_MODEL or hasattr(
                    target, "natural_key"
                ), f"{model._meta.label}.{field.name} points outside the initiative"


def test_fresh_codes_keep_the_shape_and_avoid_confusable_characters():
    taken = {"ABC234"}
    for _ in range(200):
        code = fresh_code("ABC234", taken.__contains__)
        assert len(code) == 6
        assert code not in taken
        assert not set(code) & CONFUSABLE
        assert code == code.upper()

"""Participation targets must make a mix of 100 % (issue 16, break 2)."""

from __future__ import annotations

from django.urls import reverse

from convener.initiatives.models import target_total_problem


def _url(cast) -> str:
    return reverse("stakeholders:targets", kwargs={"slug": cast.initiative.slug})


def test_targets_adding_up_to_more_than_100_are_refused_with_the_total_shown(cast):
    perspectives = list(cast.initiative.perspectives.all())
    data = {f"target_{p.pk}": "40" for p in perspectives}
    response = cast.client("convener").post(_url(cast), data)
    total = 40 * len(perspectives)
    assert response.status_code == 200
    assert f"The targets add up to {total}%, more than 100%." in response.content.decode()
    assert all(p.target_percent is None for p in cast.initiative.perspectives.all())


def test_targets_set_for_everyone_must_add_up_to_exactly_100(cast):
    perspectives = list(cast.initiative.perspectives.all())
    data = {f"target_{p.pk}": "5" for p in perspectives}
    response = cast.client("convener").post(_url(cast), data)
    total = 5 * len(perspectives)
    assert total < 100
    assert f"The targets add up to {total}%, not 100%." in response.content.decode()
    assert all(p.target_percent is None for p in cast.initiative.perspectives.all())


def test_the_rule_in_plain_numbers():
    assert target_total_problem([None, None]) == ""
    assert target_total_problem([60, 40]) == ""
    assert target_total_problem([30, None]) == ""  # the empty one takes the 70% left
    assert "110%" in target_total_problem([60, 50, None])
    assert "90%" in target_total_problem([60, 30])
    assert "0%" in target_total_problem([0, 0])

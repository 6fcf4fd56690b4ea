"""Deleting an initiative takes its rounds and their instruments with it."""

import pytest
from django.utils import timezone

from convener.initiatives.models import Initiative
from convener.measuring.models import Instrument, Round

pytestmark = pytest.mark.django_db


def test_an_initiative_with_rounds_can_be_deleted(cast):
    instrument = Instrument.objects.create(
        initiative=cast.initiative, version=1, rows=[], pack_key="lbc", pack_version="1"
    )
    Round.objects.create(
        initiative=cast.initiative, instrument=instrument, name="Spring", opens_at=timezone.now()
    )
    pk = cast.initiative.pk
    cast.initiative.delete()
    assert not Initiative.objects.filter(pk=pk).exists()
    assert not Instrument.objects.filter(pk=instrument.pk).exists()


def test_an_instrument_still_used_by_a_round_cannot_be_deleted_alone(cast):
    from django.db.models import RestrictedError

    instrument = Instrument.objects.create(
        initiative=cast.initiative, version=1, rows=[], pack_key="lbc", pack_version="1"
    )
    Round.objects.create(initiative=cast.initiative, instrument=instrument, name="Spring")
    with pytest.raises(RestrictedError):
        instrument.delete()

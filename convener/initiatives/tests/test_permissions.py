"""Who reaches an initiative, and what each role may do there."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability

ALLOWED = {
    Capability.VIEW: {"owner", "convener", "member", "viewer"},
    Capability.CONTRIBUTE: {"owner", "convener", "member"},
    Capability.MANAGE: {"owner", "convener"},
    Capability.OWN: {"owner"},
}


@pytest.mark.parametrize("capability", list(Capability))
@pytest.mark.parametrize("persona", ["owner", "convener", "member", "viewer"])
def test_each_role_gets_exactly_its_capabilities(cast, persona, capability):
    user = cast.users[persona]
    if persona in ALLOWED[capability]:
        access = get_initiative_for(user, cast.initiative.slug, capability)
        assert access.initiative == cast.initiative
        assert access.role == persona
    else:
        with pytest.raises(PermissionDenied):
            get_initiative_for(user, cast.initiative.slug, capability)


def test_outsider_gets_404_even_for_viewing(cast):
    with pytest.raises(Http404):
        get_initiative_for(cast.users["outsider"], cast.initiative.slug)


def test_anonymous_gets_404(cast):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        get_initiative_for(AnonymousUser(), cast.initiative.slug)


def test_unknown_slug_is_indistinguishable_from_a_foreign_one(cast):
    with pytest.raises(Http404):
        get_initiative_for(cast.users["owner"], "no-such-initiative")


def test_archived_initiative_is_read_only_until_restored(cast):
    from convener.initiatives.services import archive_initiative

    archive_initiative(initiative=cast.initiative)
    assert get_initiative_for(cast.users["viewer"], cast.initiative.slug).initiative.is_archived
    with pytest.raises(PermissionDenied):
        get_initiative_for(cast.users["owner"], cast.initiative.slug, Capability.MANAGE)
    access = get_initiative_for(
        cast.users["owner"], cast.initiative.slug, Capability.OWN, allow_archived=True
    )
    assert access.is_owner

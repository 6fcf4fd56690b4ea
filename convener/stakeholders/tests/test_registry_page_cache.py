"""The registry list is served again from the cache until a registry write raises its version."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import RegistryVersion, Stakeholder, Tag, registry_version
from convener.stakeholders.services import registry as services

pytestmark = pytest.mark.django_db


def _list_url(cast) -> str:
    return reverse("stakeholders:list", kwargs={"slug": cast.initiative.slug}) + "?sort=name"


def _add(cast, name: str, **fields) -> Stakeholder:
    return services.create_stakeholder(
        initiative=cast.initiative, actor=cast.users["owner"], fields={"name": name, **fields}
    )


def _warm(client, url: str) -> str:
    client.get(url)  # the first visit sets the CSRF cookie the page's forms depend on
    return client.get(url).content.decode()


def test_a_repeat_visit_is_served_from_the_cache_with_fewer_queries(cast):
    _add(cast, "Ana Ruiz")
    client = cast.client("member")
    url = _list_url(cast)
    first = _warm(client, url)
    with CaptureQueriesContext(connection) as repeat:
        again = client.get(url)
    assert again.content.decode() == first
    assert "Ana Ruiz" in first
    assert len(repeat.captured_queries) <= 5  # session, user, membership, version


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda cast, ana: services.update_stakeholder(
                stakeholder=ana, actor=None, fields={"name": "Ana Ruiz-Soto"}
            ),
            id="service update",
        ),
        pytest.param(
            lambda cast, ana: Stakeholder.objects.filter(pk=ana.pk).update(name="Ana Ruiz-Soto"),
            id="queryset update, no signals",
        ),
        pytest.param(
            lambda cast, ana: Stakeholder.objects.bulk_create(
                [Stakeholder(initiative=cast.initiative, name="Ana Ruiz-Soto")]
            ),
            id="bulk insert",
        ),
        pytest.param(
            lambda cast, ana: services.set_tags(
                stakeholder=ana, names=["Ana Ruiz-Soto"], actor=None
            ),
            id="tag added",
        ),
        pytest.param(
            lambda cast, ana: Perspective.objects.filter(pk=ana.perspective_id).update(
                label="Ana Ruiz-Soto"
            ),
            id="perspective renamed",
        ),
    ],
)
def test_any_registry_write_shows_on_the_next_visit(cast, write):
    ana = _add(cast, "Ana Ruiz", perspective=cast.initiative.perspectives.first())
    client = cast.client("member")
    url = _list_url(cast)
    assert "Ana Ruiz-Soto" not in _warm(client, url)
    before = registry_version(cast.initiative.pk)
    write(cast, ana)
    assert registry_version(cast.initiative.pk) > before
    assert "Ana Ruiz-Soto" in client.get(url).content.decode()


def test_renaming_a_tag_raises_the_version(cast):
    ana = _add(cast, "Ana Ruiz")
    services.set_tags(stakeholder=ana, names=["parents"], actor=None)
    before = registry_version(cast.initiative.pk)
    Tag.objects.filter(initiative=cast.initiative).update(name="families")
    assert registry_version(cast.initiative.pk) > before


def test_roles_do_not_share_pages(cast):
    """A member sees e-mail addresses; a viewer must not get the member's page."""
    _add(cast, "Ana Ruiz", email="ana@example.org")
    url = _list_url(cast)
    assert "ana@example.org" in _warm(cast.client("member"), url)
    viewer = cast.client("viewer")
    assert "ana@example.org" not in _warm(viewer, url)


def test_a_page_with_messages_waiting_is_rendered_fresh(cast):
    _add(cast, "Ana Ruiz")
    doomed = _add(cast, "Zed Old")
    client = cast.client("convener")
    url = reverse("stakeholders:list", kwargs={"slug": cast.initiative.slug})
    _warm(client, url)
    delete = reverse(
        "stakeholders:delete",
        kwargs={"slug": cast.initiative.slug, "stakeholder_id": doomed.pk},
    )
    # The deletion changes the registry, so warm the new version's page before the message.
    response = client.post(delete)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "“Zed Old” deleted." in page  # rendered with its message, not from the cache
    assert "“Zed Old” deleted." not in client.get(url).content.decode()  # shown once


def test_other_initiatives_keep_their_own_version(cast):
    _add(cast, "Ana Ruiz")
    other_before = registry_version(cast.other.pk)
    _add(cast, "Ben Lee")
    assert registry_version(cast.other.pk) == other_before


def test_deleting_an_initiative_with_a_version_row(cast):
    _add(cast, "Ana Ruiz")
    assert RegistryVersion.objects.filter(pk=cast.initiative.pk).exists()
    pk = cast.initiative.pk
    cast.initiative.delete()
    assert not Initiative.objects.filter(pk=pk).exists()


def test_no_key_for_a_request_with_messages_or_without_a_csrf_cookie(rf, cast):
    from django.contrib.messages import add_message, constants
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from convener.core.pagecache import page_key

    def request(cookie: bool, message: bool):
        req = rf.get("/list/?b=2&a=1")
        req.user = cast.users["member"]
        req.session = SessionStore()
        req._messages = FallbackStorage(req)
        if cookie:
            req.COOKIES["csrftoken"] = "x" * 32
        if message:
            add_message(req, constants.SUCCESS, "Saved.")
        return req

    assert page_key(request(True, False), scope="s", version=1, role="member")
    assert page_key(request(True, True), scope="s", version=1, role="member") is None
    assert page_key(request(False, False), scope="s", version=1, role="member") is None
    same = page_key(request(True, False), scope="s", version=1, role="member")
    assert page_key(request(True, False), scope="s", version=2, role="member") != same
    assert page_key(request(True, False), scope="s", version=1, role="viewer") != same

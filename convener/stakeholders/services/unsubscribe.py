"""Unsubscribing from the e-mail Convener sends stakeholders, without an account.

Each message to a stakeholder carries a personal unsubscribe address (``List-Unsubscribe``).
Its token is signed with the site's secret key, so nothing is stored; it names the stakeholder
and the initiative. Acting on it (a POST, as RFC 8058 one-click asks) withdraws the person's
permission to be contacted, which every mailing checks.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from convener.core.mail import site_url
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Stakeholder

SALT = "convener.stakeholders.unsubscribe"


def unsubscribe_url(stakeholder: Stakeholder) -> str:
    """Return the stakeholder's personal unsubscribe address on the configured site."""
    token = signing.dumps([stakeholder.pk, stakeholder.initiative_id], salt=SALT, compress=True)
    return site_url(reverse("unsubscribe:unsubscribe", kwargs={"token": token}))


def stakeholder_for(token: str) -> Stakeholder | None:
    """Return the (not erased) stakeholder ``token`` was made for, or None if it is not valid."""
    try:
        pk, initiative_id = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Stakeholder.objects.filter(pk=pk, initiative_id=initiative_id, erased_at__isnull=True)
        .select_related("initiative")
        .first()
    )


def unsubscribe(*, stakeholder: Stakeholder) -> bool:
    """Withdraw the stakeholder's permission to be e-mailed; return False if it already was."""
    if not stakeholder.contact_permitted:
        return False
    stakeholder.contact_permitted = False
    stakeholder.save(update_fields=["contact_permitted"])
    record_audit(
        initiative=stakeholder.initiative,
        actor=None,
        action="update",
        target_type="stakeholder",
        target_id=stakeholder.pk,
        fields=["contact_permitted"],
        detail="unsubscribed through the link in an e-mail",
    )
    return True

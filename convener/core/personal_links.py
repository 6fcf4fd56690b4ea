"""Personal links: one person's secret way into one survey round or one proposal.

One home for the rule both places follow (issue 16): a link is made once, is shown once, and is
never replaced behind anyone's back. "Send to everyone not yet sent one" skips everybody who
already holds a live link, whether it was e-mailed or made by hand and copied; only an explicit
"replace" makes a new secret, and the page that offers it says the old link stops working.

The concrete models (``measuring.RoundLink``, ``consensus.ProposalLink``) inherit
:class:`PersonalLink` and add their own owner and stakeholder keys; the functions here take the
owner's related manager (``round.links``, ``proposal.links``), so this module knows no domain app.
Only the SHA-256 digest of a secret is stored (``convener.core.tokens``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from convener.core.tokens import hash_token, new_token


class PersonalLink(models.Model):
    """Abstract base: the digest of a link's secret, when it was made and when it was e-mailed."""

    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


L = TypeVar("L", bound=PersonalLink)
L_co = TypeVar("L_co", bound=PersonalLink, covariant=True)


class LinkManager(Protocol[L_co]):
    """The owner's related manager (``round.links``): filters and creates the owner's links."""

    def filter(self, *args: Any, **kwargs: Any) -> QuerySet[L_co]: ...

    def create(self, **kwargs: Any) -> L_co: ...


class LinkExists(Exception):
    """The person already holds a live link; replacing it must be asked for explicitly."""


def make_link(*, links: LinkManager[L], stakeholder: models.Model) -> tuple[L, str]:
    """Make ``stakeholder``'s first link under ``links``; return it with its secret.

    Raise :class:`LinkExists` when the person already has one: a copied link must keep working.
    """
    if links.filter(stakeholder=stakeholder).exists():
        raise LinkExists
    secret = new_token()
    return links.create(stakeholder=stakeholder, token_hash=hash_token(secret)), secret


def replace_link(link: L, *, sent: bool = False, update_fields: tuple[str, ...] = ()) -> str:
    """Give ``link`` a new secret (the old one stops working) and return it.

    Call only from an explicit "replace" or "remind" action whose page says so. ``sent`` marks
    the new secret as e-mailed (keeping the first sending date); otherwise it counts as made by
    hand and not yet e-mailed.
    """
    secret = new_token()
    link.token_hash = hash_token(secret)
    link.sent_at = (link.sent_at or timezone.now()) if sent else None
    link.save(update_fields=["token_hash", "sent_at", *update_fields])
    return secret


def without_link(people: QuerySet[Any], links: LinkManager[L]) -> QuerySet[Any]:
    """Return ``people`` who hold no link under ``links`` yet."""
    return people.exclude(pk__in=links.filter().values("stakeholder_id"))


def send_new_links(
    *,
    links: LinkManager[L],
    people: QuerySet[Any],
    mail: Callable[[L, str], None],
) -> int:
    """Make and e-mail a link for each of ``people`` who holds none; return how many were sent.

    A person with a live link (e-mailed earlier, or made by hand and copied) is skipped, so no
    link anyone was given stops working. Each link is created together with its e-mail: if the
    mail fails, no half-made link is left to be skipped later.
    """
    sent = 0
    for stakeholder in without_link(people, links):
        with transaction.atomic():
            secret = new_token()
            link = links.create(
                stakeholder=stakeholder, token_hash=hash_token(secret), sent_at=timezone.now()
            )
            mail(link, secret)
        sent += 1
    return sent


def find_by_secret(links: QuerySet[L], secret: str) -> L | None:
    """Return the link among ``links`` whose secret is ``secret``, or None."""
    return links.filter(token_hash=hash_token(secret)).first()

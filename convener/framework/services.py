"""Use cases for content packs: install one, activate one, and find the one in use."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from django.db import transaction

from convener.framework.models import ContentPack
from convener.framework.packs import (
    Pack,
    PackError,
    Problem,
    builtin_pack,
    load_pack_documents,
    pack_from_documents,
)
from convener.framework.packs.loader import find_line

logger = logging.getLogger(__name__)

# Installed pack versions never change (install_pack refuses new content under an old version),
# so a built Pack can be kept for as long as the process lives.
_built: dict[tuple[int, str, str, datetime], Pack] = {}


def install_pack(*, path: Path, activate: bool = True) -> ContentPack:
    """Validate the pack at `path` and install it, making it the active pack unless told not to.

    Raise `PackError` (naming file, line and reason) and change nothing when the pack is
    invalid, or when the same key and version is already installed with different content.
    Installing the very same pack again is harmless.
    """
    documents = load_pack_documents(path)
    pack = pack_from_documents(documents, check=False)
    with transaction.atomic():
        installed = (
            ContentPack.objects.select_for_update()
            .filter(key=pack.key, version=pack.version)
            .first()
        )
        if installed is None:
            installed = ContentPack.objects.create(
                key=pack.key, version=pack.version, title=str(pack.title), data=documents
            )
        elif installed.data != documents:
            raise PackError(
                [
                    Problem(
                        "pack.yaml",
                        find_line(path, "pack", ["version"]),
                        f"version {pack.version} of pack {pack.key!r} is already installed with "
                        "different content; give this pack a new version",
                    )
                ]
            )
        if activate:
            activate_pack(installed)
    return installed


def activate_pack(content_pack: ContentPack) -> ContentPack:
    """Make `content_pack` the one active pack."""
    with transaction.atomic():
        ContentPack.objects.filter(is_active=True).exclude(pk=content_pack.pk).update(
            is_active=False
        )
        if not content_pack.is_active:
            content_pack.is_active = True
            content_pack.save(update_fields=["is_active"])
    return content_pack


def active_pack() -> Pack:
    """Return the active installed pack, or the built-in Leading by Convening pack."""
    row = (
        ContentPack.objects.filter(is_active=True)
        .values_list("pk", "key", "version", "installed_at")
        .first()
    )
    if row is None:
        return builtin_pack()
    if row not in _built:
        data = ContentPack.objects.values_list("data", flat=True).get(pk=row[0])
        try:
            _built[row] = pack_from_documents(data)
        except PackError:
            # A stored pack that no longer validates (say, after an upgrade) must not take the
            # site down: say so loudly in the log and fall back to the built-in pack.
            logger.exception("Installed pack %s %s is invalid; using the built-in pack", *row[1:3])
            return builtin_pack()
    return _built[row]

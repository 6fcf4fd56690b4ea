from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentPack(models.Model):
    """An installed framework pack: the whole validated pack, stored as JSON.

    A pack version is immutable once installed; at most one pack is active at a time, and
    when none is, the app uses the built-in Leading by Convening pack.
    """

    key = models.SlugField(_("key"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    data = models.JSONField(_("data"), help_text=_("Every document of the validated pack."))
    installed_at = models.DateTimeField(_("installed at"), default=timezone.now, editable=False)
    is_active = models.BooleanField(_("active"), default=False)

    class Meta:
        verbose_name = _("content pack")
        verbose_name_plural = _("content packs")
        ordering = ["key", "-installed_at"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="framework_pack_key_version"),
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="framework_one_active_pack",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.version}"

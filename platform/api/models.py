"""Keys of external systems (the public schema: one registry for the whole region).

A key is shown once, when it is issued; only its SHA-256 is kept (``secret_hash``), with a short
prefix to tell keys apart on the operator's screen. A key acts on behalf of its owner, a person
with an account: the writes it makes go through the same services, with the same rights and the
same audit rows, as if the owner made them on a screen.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from api.scopes import Scope

DEFAULT_RATE_LIMIT_PER_MINUTE = 120


class ApiKey(models.Model):
    name = models.CharField(_("внешняя система"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("владелец"),
        help_text=_("Ответственный сотрудник: ключ действует от его имени и с его правами."),
    )
    scopes = ArrayField(models.CharField(max_length=32, choices=Scope.choices), default=list, verbose_name=_("права"))
    municipalities = models.ManyToManyField(
        "municipalities.Municipality", blank=True, related_name="+", verbose_name=_("муниципалитеты")
    )
    prefix = models.CharField(_("начало ключа"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit_per_minute = models.PositiveIntegerField(_("запросов в минуту"), default=DEFAULT_RATE_LIMIT_PER_MINUTE)
    created_at = models.DateTimeField(_("выдан"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("выдал"),
    )
    last_used_at = models.DateTimeField(_("последнее обращение"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)

    # The ids of ``municipalities``, read once with the key on every request (``selectors``).
    municipality_ids: frozenset[int] = frozenset()

    class Meta:
        verbose_name = _("ключ API")
        verbose_name_plural = _("ключи API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

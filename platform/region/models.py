"""The region's own content: news of the regional system, shown on the region's portal."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionalNews(models.Model):
    """A news item of the regional system of scientific-methodological support (004 §4.6: every
    municipality is informed of the region's events), written by institute staff or the operator."""

    title: models.CharField[str, str] = models.CharField(_("заголовок"), max_length=255)
    summary: models.TextField[str, str] = models.TextField(_("анонс"), max_length=500)
    body: models.TextField[str, str] = models.TextField(_("текст"), blank=True)
    published_on: models.DateField[datetime.date, datetime.date] = models.DateField(
        _("дата"), default=datetime.date.today
    )
    is_published: models.BooleanField[bool, bool] = models.BooleanField(
        _("опубликовано"), default=True, help_text=_("Снимите, чтобы скрыть новость с портала.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("автор"),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("новость региона")
        verbose_name_plural = _("новости региона")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title

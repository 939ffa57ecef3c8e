"""What needs attention comes to the person (issue 21): in-app notifications, the person's opt-outs
per kind, and the marker of the week's digest. All in the municipality's schema: a person who
works in two municipalities has two lists, two digests and two sets of choices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One line of the staff home that needed attention when the digest was made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("вид"), max_length=64)  # the home section's key
    text = models.CharField(_("текст"), max_length=500)
    url = models.CharField(_("ссылка"), max_length=500)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)

    class Meta:
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class NotificationOptOut(models.Model):
    """The person does not want this kind in the digest nor in the list."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("вид"), max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_opt_out_once")]

    def __str__(self) -> str:
        return self.kind


class DigestSent(models.Model):
    """The week's digest of one person: claimed before it is sent, so never two in a week."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField(_("неделя с"))
    sent_at = models.DateTimeField(_("отправлено"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week_start"], name="digest_once_a_week")]

    def __str__(self) -> str:
        return str(self.week_start)

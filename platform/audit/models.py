"""The region-wide audit log: who did what, when, in which municipality."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Held by the head of service only (``accounts.role_permissions``): their municipality's entries,
# on its admin host. The operator reads the whole region by role, on the region host.
VIEW_MUNICIPAL_PERMISSION = "audit.view_municipal_audit"


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("время"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept even when the municipality row goes: the schema name is what the log is about.
    schema_name = models.CharField(_("схема"), max_length=63, blank=True)
    action = models.CharField(_("действие"), max_length=100, db_index=True)
    target = models.CharField(_("объект"), max_length=255, blank=True)
    data = models.JSONField(_("подробности"), default=dict, blank=True)

    class Meta:
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал действий")
        ordering = ["-created_at"]
        # The head's screen: one municipality's entries, newest first.
        indexes = [models.Index(fields=["municipality", "-created_at"], name="audit_municipality_time")]
        permissions = [("view_municipal_audit", _("Может читать журнал действий своего муниципалитета"))]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target}"

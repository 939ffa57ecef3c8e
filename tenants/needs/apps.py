from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "tenants.needs"
    label = "needs"
    verbose_name = _("Потребности педагогов")
    default_auto_field = "django.db.models.BigAutoField"

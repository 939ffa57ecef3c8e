from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "tenants.monitoring"
    label = "monitoring"
    verbose_name = _("Мониторинг")
    default_auto_field = "django.db.models.BigAutoField"

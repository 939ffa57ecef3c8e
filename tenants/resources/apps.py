from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "tenants.resources"
    label = "resources"
    verbose_name = _("Банк педагогической информации")
    default_auto_field = "django.db.models.BigAutoField"

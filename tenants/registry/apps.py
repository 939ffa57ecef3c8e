from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "tenants.registry"
    label = "registry"
    verbose_name = _("Реестр документов")
    default_auto_field = "django.db.models.BigAutoField"

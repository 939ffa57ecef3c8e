from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "tenants.partners"
    label = "partners"
    verbose_name = _("Сетевые партнёры")
    default_auto_field = "django.db.models.BigAutoField"

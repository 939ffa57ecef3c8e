from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "tenants.consultations"
    label = "consultations"
    verbose_name = _("Консультации")
    default_auto_field = "django.db.models.BigAutoField"

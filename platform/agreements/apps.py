from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    label = "agreements"
    verbose_name = _("Трёхсторонние соглашения")
    default_auto_field = "django.db.models.BigAutoField"

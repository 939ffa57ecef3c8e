from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalBanksConfig(AppConfig):
    name = "regional_banks"
    label = "regional_banks"
    verbose_name = _("Банки данных региона")
    default_auto_field = "django.db.models.BigAutoField"

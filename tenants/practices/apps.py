from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "tenants.practices"
    label = "practices"
    verbose_name = _("Банк лучших практик")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupsConfig(AppConfig):
    name = "rollups"
    label = "rollups"
    verbose_name = _("Сводные показатели муниципалитетов")
    default_auto_field = "django.db.models.BigAutoField"

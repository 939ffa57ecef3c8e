from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstituteConfig(AppConfig):
    name = "institute"
    label = "institute"
    verbose_name = _("Рабочее место института")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "tenants.leadership"
    label = "leadership"
    verbose_name = _("Руководители объединений и координаторы школ")
    default_auto_field = "django.db.models.BigAutoField"

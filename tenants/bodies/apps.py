from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "tenants.bodies"
    label = "bodies"
    verbose_name = _("Методические объединения и советы")
    default_auto_field = "django.db.models.BigAutoField"

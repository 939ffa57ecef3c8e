from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tenants.plans"
    label = "plans"
    verbose_name = _("Годовой план работы")
    default_auto_field = "django.db.models.BigAutoField"

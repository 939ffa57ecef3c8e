from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "tenants.courses"
    label = "courses"
    verbose_name = _("Курсы повышения квалификации")
    default_auto_field = "django.db.models.BigAutoField"

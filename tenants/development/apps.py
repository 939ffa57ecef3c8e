from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "tenants.development"
    label = "development"
    verbose_name = _("Профессиональное развитие педагогов")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    label = "assessment"
    verbose_name = _("Оценочные процедуры региона")
    default_auto_field = "django.db.models.BigAutoField"

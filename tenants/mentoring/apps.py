from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "tenants.mentoring"
    label = "mentoring"
    verbose_name = _("Наставничество и школа молодого педагога")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tenants.people"
    label = "people"
    verbose_name = _("Педагоги и сотрудники службы")
    default_auto_field = "django.db.models.BigAutoField"

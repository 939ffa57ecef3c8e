from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnifiedCalendarConfig(AppConfig):
    name = "unified_calendar"
    label = "unified_calendar"
    verbose_name = _("Единый календарь значимых событий")
    default_auto_field = "django.db.models.BigAutoField"

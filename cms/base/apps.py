from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsBaseConfig(AppConfig):
    name = "cms.base"
    label = "cms_base"
    verbose_name = _("Сайт: общее")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.base import signal_handlers

        signal_handlers.connect()

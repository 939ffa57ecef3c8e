from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsBaseConfig(AppConfig):
    name = "cms.base"
    label = "cms_base"
    verbose_name = _("Сайт: общее")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.base import signal_handlers
        from cms.base.admin_deletes import wagtail_deletes_refuse_protected
        from tenants.spreadsheet_cells import wagtail_list_exports_as_text

        signal_handlers.connect()
        wagtail_list_exports_as_text()
        wagtail_deletes_refuse_protected()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstituteConfig(AppConfig):
    name = "institute"
    label = "institute"
    verbose_name = _("Рабочее место института")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from institute.dashboard_rows import dashboard_rows_rebuild
        from rollups.rebuild import rollup_rebuilder_register

        # The dashboard's rows are kept by triggers; the rebuild repairs them from the same view.
        rollup_rebuilder_register("dashboard", dashboard_rows_rebuild)

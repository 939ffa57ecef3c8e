from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstituteConfig(AppConfig):
    name = "institute"
    label = "institute"
    verbose_name = _("Рабочее место института")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register

        from institute.registry_rollup import registry_rollup_rebuild

        # The document register's roll-up columns (tenants.registry writes them incrementally).
        rollup_rebuilder_register("registry", registry_rollup_rebuild)

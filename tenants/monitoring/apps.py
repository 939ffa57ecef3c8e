from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "tenants.monitoring"
    label = "monitoring"
    verbose_name = _("Мониторинг")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register

        from tenants.monitoring.associations import associations_rollup_rebuild

        rollup_rebuilder_register("associations", associations_rollup_rebuild)

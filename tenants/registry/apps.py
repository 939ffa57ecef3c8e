from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "tenants.registry"
    label = "registry"
    verbose_name = _("Реестр документов")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.registry.rollups import registry_rollup_rebuild

        # The register's roll-up columns; the services write them incrementally.
        rollup_rebuilder_register("registry", registry_rollup_rebuild)

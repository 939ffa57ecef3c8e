from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "tenants.innovation"
    label = "innovation"
    verbose_name = _("Инновационная деятельность")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.innovation.rollup import innovation_rollup_rebuild

        rollup_rebuilder_register("innovation", innovation_rollup_rebuild)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tenants.plans"
    label = "plans"
    verbose_name = _("Годовой план работы")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.plans.rollup import plans_rollup_rebuild

        rollup_rebuilder_register("plans", plans_rollup_rebuild)

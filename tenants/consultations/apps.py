from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "tenants.consultations"
    label = "consultations"
    verbose_name = _("Консультации")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.consultations.rollups import consultations_rollup_rebuild

        rollup_rebuilder_register("consultations", consultations_rollup_rebuild)

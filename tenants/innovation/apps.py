from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "tenants.innovation"
    label = "innovation"
    verbose_name = _("Инновационная деятельность")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.audited_actions import audited_write
        from tenants.innovation.bank import innovation_bank_rebuild, innovation_bank_refresh
        from tenants.innovation.rollup import innovation_rollup_rebuild
        from tenants.organisations.models import Organisation
        from tenants.resources.models import Resource

        rollup_rebuilder_register("innovation", innovation_rollup_rebuild)
        rollup_rebuilder_register("innovation_bank", innovation_bank_rebuild)
        # The region's list names the organisations and the public materials of each project.
        audited_write.connect(innovation_bank_refresh, sender=Organisation, dispatch_uid="innovation.organisation")
        audited_write.connect(innovation_bank_refresh, sender=Resource, dispatch_uid="innovation.resource")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "tenants.monitoring"
    label = "monitoring"
    verbose_name = _("Мониторинг")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.audited_actions import audited_write
        from tenants.bodies.models import Body, BodyMeeting
        from tenants.monitoring.associations import associations_rollup_rebuild, associations_write_receive

        rollup_rebuilder_register("associations", associations_rollup_rebuild)
        for model in (Body, BodyMeeting):
            audited_write.connect(
                associations_write_receive, sender=model, dispatch_uid=f"associations.{model.__name__}"
            )

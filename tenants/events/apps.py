from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tenants.events"
    label = "events"
    verbose_name = _("Мероприятия")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.events.rollups import events_rollup_rebuild

        rollup_rebuilder_register("events", events_rollup_rebuild)

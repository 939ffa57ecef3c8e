from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tenants.events"
    label = "events"
    verbose_name = _("Мероприятия")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.events.report import contests_section, events_section
        from tenants.events.rollups import events_rollup_rebuild
        from tenants.plans.report_registry import report_section_register

        rollup_rebuilder_register("events", events_rollup_rebuild)
        report_section_register("events", events_section, title=_("Мероприятия и их участники"), position=10)
        report_section_register("contests", contests_section, title=_("Конкурсное и олимпиадное движение"), position=70)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "tenants.development"
    label = "development"
    verbose_name = _("Профессиональное развитие педагогов")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.audited_actions import audited_write
        from tenants.development.receivers import participant_attended_receive
        from tenants.development.report import courses_section, deficits_section
        from tenants.development.rollups import development_rollups_rebuild, teacher_write_receive
        from tenants.events.signals import participant_attended
        from tenants.people.models import Teacher
        from tenants.plans.report_registry import report_section_register

        rollup_rebuilder_register("development", development_rollups_rebuild)
        report_section_register("courses", courses_section, title=_("Повышение квалификации педагогов"), position=20)
        report_section_register(
            "deficits", deficits_section, title=_("Профессиональные дефициты по областям компетенций"), position=30
        )
        participant_attended.connect(participant_attended_receive, dispatch_uid="development.participant_attended")
        audited_write.connect(teacher_write_receive, sender=Teacher, dispatch_uid="development.teacher")

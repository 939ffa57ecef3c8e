from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "tenants.quality"
    label = "quality"
    verbose_name = _("Качество образования")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.admin_screens import personal_data_screens_register
        from tenants.events.calendar import staff_calendar_source_register
        from tenants.plans.report_registry import report_section_register
        from tenants.quality.calendar import procedure_calendar_entries
        from tenants.quality.report import programmes_effect_section
        from tenants.quality.rollup import quality_rollup_rebuild

        rollup_rebuilder_register("quality", quality_rollup_rebuild)
        staff_calendar_source_register("assessment_procedures", procedure_calendar_entries)
        report_section_register(
            "support_programmes_effect",
            programmes_effect_section,
            title=_("Адресная методическая помощь организациям и её эффект"),
            position=80,
        )
        # Procedures name their coordinator, decisions the head who took them: the region's
        # observers read those screens, and each read goes to the institute's access log.
        personal_data_screens_register(quality_procedures="quality", quality_support="quality_support")

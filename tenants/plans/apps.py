from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tenants.plans"
    label = "plans"
    verbose_name = _("Годовой план работы")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.admin_screens import personal_data_screens_register
        from tenants.municipalities.task_recovery import interrupted_job_handler_register
        from tenants.plans.report_registry import report_section_register
        from tenants.plans.report_sections import associations_section, consultations_section, mentoring_section
        from tenants.plans.rollups import plan_reports_rollup_rebuild, plans_rollup_rebuild
        from tenants.plans.services.reports import plan_report_interrupted

        rollup_rebuilder_register("plans", plans_rollup_rebuild)
        rollup_rebuilder_register("plan_reports", plan_reports_rollup_rebuild)
        report_section_register(
            "mentoring", mentoring_section, title=_("Наставничество и школа молодого педагога"), position=40
        )
        report_section_register("consultations", consultations_section, title=_("Консультации"), position=50)
        report_section_register(
            "associations", associations_section, title=_("Методические объединения и советы"), position=60
        )

        interrupted_job_handler_register("tenants.plans.tasks.plan_report_build_task", plan_report_interrupted)
        # Items, the cyclogram, exports and reports name their responsible persons; the plan's
        # history names who moved it.
        personal_data_screens_register(plans="admin:plans", plans_screen="admin:plan", cyclogram="admin:cyclogram")

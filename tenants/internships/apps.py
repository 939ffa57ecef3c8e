from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "tenants.internships"
    label = "internships"
    verbose_name = _("Стажировочные площадки")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.admin_screens import personal_data_screens_register
        from tenants.internships.report import internships_section
        from tenants.internships.summary import internships_summary_rebuild
        from tenants.plans.report_registry import report_section_register

        rollup_rebuilder_register("internships", internships_summary_rebuild)
        report_section_register("internships", internships_section, title=_("Стажировки"), position=35)
        personal_data_screens_register(internships="internships")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "tenants.leadership"
    label = "leadership"
    verbose_name = _("Руководители объединений и координаторы школ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tenants.leadership.report import effectiveness_section
        from tenants.plans.report_registry import report_section_register

        # After the associations and councils (60), before the contests (70).
        report_section_register(
            "associations_effectiveness",
            effectiveness_section,
            title=_("Эффективность методических объединений и методических служб школ"),
            position=65,
        )

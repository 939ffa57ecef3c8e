from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "tenants.contests"
    label = "contests"
    verbose_name = _("Конкурсы профессионального мастерства")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.contests.rollup import contest_rollup_rebuild

        rollup_rebuilder_register("contests", contest_rollup_rebuild)

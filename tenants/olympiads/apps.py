from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OlympiadsConfig(AppConfig):
    name = "tenants.olympiads"
    label = "olympiads"
    verbose_name = _("Всероссийская олимпиада школьников")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.olympiads.rollup import olympiad_rollup_rebuild

        rollup_rebuilder_register("olympiads", olympiad_rollup_rebuild)

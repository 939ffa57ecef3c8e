from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "tenants.municipalities"
    label = "municipalities"
    verbose_name = _("Муниципальные образования")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tenants.municipalities.middleware import host_cache_connect

        host_cache_connect()

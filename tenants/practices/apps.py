from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "tenants.practices"
    label = "practices"
    verbose_name = _("Банк лучших практик")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tenants.admin_screens import personal_data_screens_register

        # A practice names its authors (teachers) and who decided on it.
        personal_data_screens_register(practices="admin:practices")

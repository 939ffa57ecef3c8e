from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Учётные записи и роли")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from accounts.region_sessions import handed_off_sign_out

        user_logged_out.connect(handed_off_sign_out, dispatch_uid="accounts_handed_off_sign_out")

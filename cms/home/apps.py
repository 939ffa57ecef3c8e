from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsHomeConfig(AppConfig):
    name = "cms.home"
    label = "cms_home"
    verbose_name = _("Сайт: страницы")
    default_auto_field = "django.db.models.BigAutoField"

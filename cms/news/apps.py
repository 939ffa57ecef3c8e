from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "cms.news"
    label = "cms_news"
    verbose_name = _("Новости")
    default_auto_field = "django.db.models.BigAutoField"

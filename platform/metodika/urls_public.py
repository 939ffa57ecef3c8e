"""URLs of the region's host: the portal, operator screens, accounts."""

from django.urls import include, path, re_path
from django.views.i18n import set_language

from accounts import handoff_views
from accounts import views as account_views
from api.errors import api_path_unknown
from api.instances import region_api
from api.operator_views import operator_api_key_list, operator_api_key_new, operator_api_key_revoke
from cms.base import views as site_views
from region import banks, views

urlpatterns = [
    path("", views.portal_home, name="region_home"),
    path("news/", views.regional_news_index, name="regional_news"),
    path("news/<int:pk>/", views.regional_news_detail, name="regional_news_detail"),
    path("internships/", banks.internship_bank, name="internship_bank"),
    path("practices/", banks.practice_bank_view, name="practice_bank"),
    path("innovation/", banks.innovation_bank_view, name="innovation_bank"),
    path("news/manage/", views.regional_news_manage, name="regional_news_manage"),
    path("news/manage/add/", views.regional_news_edit, name="regional_news_add"),
    path("news/manage/<int:pk>/", views.regional_news_edit, name="regional_news_edit"),
    path("news/manage/<int:pk>/delete/", views.regional_news_remove, name="regional_news_delete"),
    path("operator/", views.operator_municipality_list, name="operator_municipalities"),
    path("operator/provision/", views.operator_municipality_provision, name="operator_provision"),
    path("operator/audit/", views.operator_audit_log, name="operator_audit"),
    path("operator/api-keys/", operator_api_key_list, name="operator_api_keys"),
    path("operator/api-keys/new/", operator_api_key_new, name="operator_api_key_new"),
    path("operator/api-keys/<int:pk>/revoke/", operator_api_key_revoke, name="operator_api_key_revoke"),
    path("operator/<slug:slug>/archive/", views.operator_municipality_archive, name="operator_archive"),
    path("operator/<slug:slug>/unarchive/", views.operator_municipality_unarchive, name="operator_unarchive"),
    # Signing in on a municipality's extra domain: the region's host issues the one-time token.
    path("accounts/handoff/issue/", handoff_views.handoff_issue_view, name="account_handoff_issue"),
    path("accounts/", include("allauth.urls")),
    # The region has no Wagtail admin; a bookmarked /admin/login/ still reaches the one login page.
    path("admin/login/", account_views.admin_login_redirect, name="admin_login_redirect"),
    path("cabinet/", account_views.cabinet, name="account_home"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("preferences/", site_views.site_preferences, name="site_preferences"),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("calendar/", include("unified_calendar.urls")),
    path("institute/", include("institute.urls")),
    path("agreements/", include("agreements.urls")),
    path("api/v1/", region_api.urls),
    re_path(r"^api/v1/", api_path_unknown),
]

handler500 = "cms.base.views.server_error"

"""URLs of a municipality's host: its Wagtail admin and site, media, accounts, the personal cabinet."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import handoff_views
from accounts import views as account_views
from api.errors import api_path_unknown
from api.instances import municipality_api
from cms.base import views as site_views
from tenants.municipalities.media import media_serve

urlpatterns = [
    # One way in (issue 13): Wagtail's login and password reset give way to allauth's, before
    # Wagtail's own URLs (its reset's other steps answer 404 with WAGTAIL_PASSWORD_RESET_ENABLED off).
    path("admin/login/", account_views.admin_login_redirect, {"default_next": "/admin/"}, name="admin_login_redirect"),
    path("admin/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    # Wagtail's screen that raises on purpose (a 500 on demand for anyone with admin access).
    path("admin/failwhale/", site_views.not_found, name="wagtailadmin_error_test"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # On a municipality's extra domain: a sign-in fetched from the region's host (accounts.handoff).
    path("accounts/handoff/start/", handoff_views.handoff_start, name="account_handoff_start"),
    path("accounts/handoff/redeem/", handoff_views.handoff_redeem_view, name="account_handoff_redeem"),
    path("accounts/", include("allauth.urls")),
    path("cabinet/", account_views.cabinet, name="account_home"),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_serve, name="municipality_media"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("preferences/", site_views.site_preferences, name="site_preferences"),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", site_views.sitemap_xml, name="sitemap_xml"),
    path("search/", site_views.site_search, name="site_search"),
    path("events/", include("tenants.events.urls")),
    path("consultations/", include("tenants.consultations.urls")),
    path("growth/", include("tenants.development.urls")),
    path("courses/", include("tenants.courses.urls")),
    path("needs/", include("tenants.needs.urls")),
    path("contests/", include("tenants.contests.urls")),
    path("internships/", include("tenants.internships.urls")),
    path("api/v1/", municipality_api.urls),
    re_path(r"^api/v1/", api_path_unknown),
    # Wagtail's login form for private pages is Django's LoginView: a password alone signed in past
    # allauth's second factor and limits (the URL × role matrix). It sends to allauth's, as /admin/login/.
    path("_util/login/", account_views.admin_login_redirect, name="page_privacy_login_redirect"),
    path("", include(wagtail_urls)),
]

handler500 = "cms.base.views.server_error"

"""Settings shared by every environment."""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from metodika.settings.allauth import *  # noqa: F403
from metodika.settings.axes import *  # noqa: F403
from metodika.settings.cache import *  # noqa: F403
from metodika.settings.celery import *  # noqa: F403
from metodika.settings.csp import *  # noqa: F403
from metodika.settings.csp import public_policy
from metodika.settings.database import *  # noqa: F403
from metodika.settings.email import *  # noqa: F403
from metodika.settings.environment import ENV, REPO_ROOT
from metodika.settings.logging import *  # noqa: F403
from metodika.settings.media import *  # noqa: F403
from metodika.settings.media import media_storage_backend
from metodika.settings.mfa import *  # noqa: F403
from metodika.settings.observability import *  # noqa: F403
from metodika.settings.tenants import *  # noqa: F403
from metodika.settings.tenants import REGION_DOMAIN
from metodika.settings.wagtail import *  # noqa: F403

BASE_DIR = REPO_ROOT
SECRET_KEY = ENV.secret_key
DEBUG = ENV.debug

# The region answers on REGION_DOMAIN, municipalities on <slug>.REGION_DOMAIN and on the extra
# domains the operator gives them (added to EXTRA_ALLOWED_HOSTS in production).
ALLOWED_HOSTS = [REGION_DOMAIN, f".{REGION_DOMAIN}", *ENV.extra_allowed_hosts]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MIDDLEWARE = [
    # Anonymous pages of municipality sites, in front of everything: a hit costs no query and one
    # round trip to Redis, and is stored with the headers the whole chain gave it.
    "cms.base.page_cache.AnonymousPageCacheMiddleware",
    # Inside the page cache, so a stored page keeps its Content-Security-Policy; before routing, so
    # the unknown-host and archived pages get one too.
    "cms.base.content_security.ContentSecurityPolicyMiddleware",
    "tenants.municipalities.middleware.MunicipalityMiddleware",
    # The region's reads on the streaming replica when there is one; pins a writer to the primary.
    "metodika.replica_reads.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, with the cookie on the region's parent domain, or the host's own on an extra domain.
    "accounts.region_sessions.RegionSessionMiddleware",
    "metodika.language.ChosenLanguageMiddleware",  # the visitor's choice, never Accept-Language
    "django.middleware.common.CommonMiddleware",
    "accounts.region_sessions.RegionCsrfViewMiddleware",  # Django's, a Referer only from this host
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.region_sessions.HandedOffSessionMiddleware",  # ends with the region session it came from
    "institute.admin_reads.ObserverAdminReadLogMiddleware",  # observers' reads of names, logged
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.staff_sessions.StaffSessionIdleMiddleware",  # a staff session idle for a working day ends
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tenants.municipalities.middleware.ArchivedMunicipalityMiddleware",
    "cms.home.site_chrome.SiteChromeMiddleware",  # the site, home, menu, branding of public pages
    "tenants.municipalities.middleware.MunicipalityRedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout flagged by axes into its page
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_ROOT / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tenants.municipalities.context_processors.current_place",
            ],
        },
    },
]

WSGI_APPLICATION = "metodika.wsgi.application"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [REPO_ROOT / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = ENV.static_root
STATICFILES_DIRS = [REPO_ROOT / "cms" / "static"]
STORAGES = {
    "default": media_storage_backend(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

BACKUP_DIR = ENV.backup_dir
# Nightly municipality archives (tenants.municipalities.backups) are kept this many days.
BACKUP_RETENTION_DAYS = ENV.backup_retention_days
SITE_SCHEME = ENV.site_scheme
SITE_PORT = ENV.site_port

# How long the audit log keeps an entry; beat deletes older ones nightly (audit.tasks). Three
# years: the general limitation period (ГК РФ art. 196), so the log can still answer for any
# action a claim may be about, while 152-ФЗ art. 5 part 7 forbids keeping the personal data in
# it (who acted, the names in its targets) with no term at all.
AUDIT_RETENTION_DAYS = ENV.audit_retention_days
if AUDIT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be a positive number of days.")

# One session for the region's host and every <slug>.REGION_DOMAIN (issue 21): sign in once.
# Renamed with the change so that a host-only cookie of the old name left in a browser can never
# shadow the shared one (a sign-out would then leave that host signed in). On a municipality's
# extra domain the cookie is the host's own (accounts.region_sessions).
SESSION_COOKIE_NAME = "metodika_region_session"
SESSION_COOKIE_DOMAIN = REGION_DOMAIN
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff sessions end after a working day without a request (accounts.staff_sessions); the time of
# the last request is written into the session at most once per STAFF_SESSION_RENEW_AFTER.
STAFF_SESSION_IDLE_TIMEOUT = timedelta(hours=10)
STAFF_SESSION_RENEW_AFTER = timedelta(minutes=10)
# The CSRF secret lives in the session, not in a cookie: any subdomain can set a cookie for the
# parent domain (cookie tossing), and a token cookie it set would then validate its forged POST.
# Pages carry the token in their forms (Wagtail's admin reads it from wagtailConfig, never from a
# cookie). No cross-host POST is trusted: each form posts to its own host (CSRF_TRUSTED_ORIGINS
# stays empty), and the Referer of an HTTPS POST must be a host of the region.
CSRF_USE_SESSIONS = True
# Django's deploy check looks for CsrfViewMiddleware by its dotted path; ours is its subclass
# (accounts.region_sessions.RegionCsrfViewMiddleware), and tests/accounts/test_region_sign_in.py
# holds that CSRF is enforced.
SILENCED_SYSTEM_CHECKS = ["security.W003"]
CSRF_COOKIE_NAME = "metodika_csrf"  # unused while CSRF_USE_SESSIONS is on
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS: list[str] = []
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"  # a form opened before a sign-out, said in Russian
X_FRAME_OPTIONS = "SAMEORIGIN"
CONTENT_SECURITY_POLICY = public_policy(x_frame_options=X_FRAME_OPTIONS)
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

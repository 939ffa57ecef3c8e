"""Production: refuses to start with a default secret or DEBUG on; SMTP e-mail; JSON logs;
error tracking when SENTRY_DSN is set."""

from django.core.exceptions import ImproperlyConfigured

from metodika.error_tracking import error_tracking_init
from metodika.settings.base import *  # noqa: F403
from metodika.settings.csp import public_policy
from metodika.settings.email import smtp_settings
from metodika.settings.environment import DEV_SECRET_KEY, ENV
from metodika.settings.logging import logging_config
from metodika.settings.media import media_storage_backend

if ENV.debug:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
if ENV.secret_key == DEV_SECRET_KEY or len(ENV.secret_key) < 50:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a unique secret of at least 50 characters.")

DEBUG = False
globals().update(smtp_settings())
LOGGING = logging_config(ENV.log_format or "json")
error_tracking_init(dsn=ENV.sentry_dsn, environment=ENV.sentry_environment)

STORAGES = {
    "default": media_storage_backend(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Nothing of ours is framed except Wagtail's preview, whose views answer SAMEORIGIN themselves
# (wagtail.utils.decorators.xframe_options_sameorigin_override); base keeps SAMEORIGIN for dev.
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = public_policy(x_frame_options=X_FRAME_OPTIONS)

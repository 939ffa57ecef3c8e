"""E-mail: console in development, SMTP from the environment in production."""

from metodika.settings.environment import ENV

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = ENV.default_from_email
SERVER_EMAIL = ENV.default_from_email


def smtp_settings() -> dict[str, object]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": ENV.email_host,
        "EMAIL_PORT": ENV.email_port,
        "EMAIL_HOST_USER": ENV.email_user,
        "EMAIL_HOST_PASSWORD": ENV.email_password,
        "EMAIL_USE_TLS": ENV.email_use_tls,
    }

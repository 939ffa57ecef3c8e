"""Local development: DEBUG on, console e-mail."""

from metodika.settings.base import *  # noqa: F403

DEBUG = True
INTERNAL_IPS = ["127.0.0.1"]
WHITENOISE_USE_FINDERS = True

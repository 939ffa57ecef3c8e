"""Local development: DEBUG on, console e-mail."""

from metodika.settings.base import *  # noqa: F403

DEBUG = True
# http://localhost:8000/, the first address many newcomers type, answers with links to the region
# and its municipalities instead of "Bad Request (400)" (tenants.municipalities.middleware).
DEVELOPMENT_FRONT_DOOR_HOSTS = ["localhost", "127.0.0.1"]
ALLOWED_HOSTS = [*ALLOWED_HOSTS, *DEVELOPMENT_FRONT_DOOR_HOSTS]  # noqa: F405
INTERNAL_IPS = ["127.0.0.1"]
WHITENOISE_USE_FINDERS = True

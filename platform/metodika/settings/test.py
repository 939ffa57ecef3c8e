"""Tests: real PostgreSQL and Redis, in-memory e-mail, a separate Redis database."""

from metodika.settings.base import *  # noqa: F403
from metodika.settings.cache import redis_caches
from metodika.settings.environment import ENV

DEBUG = False
TEST_REDIS_URL = ENV.test_redis_url
DATABASES["default"]["TEST"] = {"NAME": ENV.test_database_name}  # noqa: F405
CACHES = redis_caches(TEST_REDIS_URL, "metodika-test")
CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_RESULT_BACKEND = TEST_REDIS_URL
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
SPARE_POOL_SIZE = 1
ACCOUNT_RATE_LIMITS = False
# Links in tests are the hosts' own, whatever port `make run` exports for development.
SITE_PORT = ""
WHITENOISE_USE_FINDERS = True
CELERY_TASK_DEFAULT_QUEUE = f"metodika-test-{ENV.test_database_name}"
# Tests wait for a worker by reading a task's result; production ignores results.
CELERY_TASK_IGNORE_RESULT = False

"""Tests: real PostgreSQL and Redis, in-memory e-mail, a separate Redis database."""

from metodika.settings.base import *  # noqa: F403
from metodika.settings.cache import redis_caches
from metodika.settings.environment import ENV

DEBUG = False


def _worker_redis_url(url: str, worker: str) -> str:
    """The suite's Redis database for one of pytest-xdist's processes: gw0 takes the one named,
    gw1 the one below it, and so on (the tests flush their database; two processes must not share
    one, nor a Celery queue)."""
    if not worker:
        return url
    base, _, database = url.rpartition("/")
    return f"{base}/{(int(database or 0) - int(worker.removeprefix('gw'))) % 16}"


# One of pytest-xdist's processes, or "" for a single one. pytest-django gives each process a test
# database of its own (``<name>_gw0``…); Redis, the Celery queue and media follow here.
TEST_WORKER = ENV.test_worker
TEST_REDIS_URL = _worker_redis_url(ENV.test_redis_url, TEST_WORKER)
DATABASES["default"]["TEST"] = {"NAME": ENV.test_database_name}  # noqa: F405
CACHES = redis_caches(TEST_REDIS_URL, "metodika-test")
CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_RESULT_BACKEND = TEST_REDIS_URL
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / ("test-media" + (f"-{TEST_WORKER}" if TEST_WORKER else ""))  # noqa: F405
SPARE_POOL_SIZE = 1
ACCOUNT_RATE_LIMITS = False
# Links in tests are the hosts' own, whatever port `make run` exports for development.
SITE_PORT = ""
WHITENOISE_USE_FINDERS = True
CELERY_TASK_DEFAULT_QUEUE = f"metodika-test-{ENV.test_database_name}{TEST_WORKER}"
# Tests wait for a worker by reading a task's result; production ignores results.
CELERY_TASK_IGNORE_RESULT = False

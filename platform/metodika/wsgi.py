"""The WSGI application: health probes first (before host routing), then the page cache's front
(stored pages never reach Django), then Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodika.settings.production")

django_application = get_wsgi_application()

from cms.base.page_cache import PageCacheFront  # noqa: E402 (needs the apps loaded above)
from metodika.health import HealthFront  # noqa: E402

application = HealthFront(PageCacheFront(django_application))

"""The two APIs: the region's (``metodika.urls_public``) and a municipality's (``metodika.urls_tenant``).

Both answer under ``/api/v1/``, each with its own OpenAPI schema (``openapi.json``) and its own
documentation page (``docs/``): the region's and a municipality's data are different resources.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from api import municipality, region
from api.docs import SwaggerPage
from api.errors import exception_handlers_install

DESCRIPTION = _(
    "Открытые данные без ключа; остальное — по ключу, который выдаёт оператор платформы "
    "(заголовок «Authorization: Bearer <ключ>»). Ошибки — в одном формате: code, message, details. "
    "Списки: страницы (page, per_page ≤ 100), даты (since, until); ответ несёт ETag и Last-Modified, "
    "повторный запрос с If-None-Match или If-Modified-Since получает 304, если список не изменился. "
    "Запросы по ключу ограничены числом в минуту (429); если счётчик недоступен — 503."
)


def _api(*, title: str, namespace: str, router: object, heading: str) -> NinjaAPI:
    api = NinjaAPI(
        title=title,
        version="1",
        description=str(DESCRIPTION),
        urls_namespace=namespace,
        docs=SwaggerPage(heading=heading),
        docs_url="/docs/",
        openapi_url="/openapi.json",
    )
    exception_handlers_install(api)
    api.add_router("", router)  # type: ignore[arg-type]
    return api


region_api = _api(
    title=str(_("API региона — платформа «Методика»")),
    namespace="api-region",
    router=region.router,
    heading=str(_("API региона: документация")),
)
municipality_api = _api(
    title=str(_("API муниципалитета — платформа «Методика»")),
    namespace="api-municipality",
    router=municipality.router,
    heading=str(_("API муниципалитета: документация")),
)

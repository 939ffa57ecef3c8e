"""The interactive documentation page: Swagger UI from our own static files (no CDN), under the
public Content-Security-Policy (its scripts are files, its settings a JSON data block), in Russian."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class SwaggerPage(Swagger):
    template = "api/swagger.html"

    def __init__(self, *, heading: str) -> None:
        # No deep links: Swagger UI puts them inside the operation's toggle button, a link within
        # a button that screen readers and keyboards cannot tell apart (axe: nested-interactive).
        super().__init__(settings={"docExpansion": "list", "defaultModelsExpandDepth": 0, "deepLinking": False})
        self.heading = heading

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "swagger_settings": json.dumps(settings),
            "api": api,
            "heading": self.heading,
            "openapi_url": settings["url"],
        }
        return render(request, self.template, context)

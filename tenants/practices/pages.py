"""The public page of the bank of best practices (000 §2.3.1: spreading the best practices).

Lists the practices recommended for dissemination and marked public, each with a page of its
own and its materials. Anything else — a practice still under consideration, a rejected one, a
file of a practice not shown — is a 404 for visitors; the municipality's staff may download the
materials of any practice.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.base.pages import SitePageMixin

PER_PAGE = 20


class PracticeIndexPage(SitePageMixin, RoutablePageMixin, Page):
    """The public bank of best practices: recommended, public practices and their materials."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("банк лучших практик")
        verbose_name_plural = _("банки лучших практик")

    def _url(self, request: HttpRequest, name: str, **kwargs: Any) -> str:
        return (self.get_url(request) or "") + self.reverse_subpage(name, kwargs=kwargs)

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from cms.base.page_cache import page_cache_query_declare
        from tenants.practices.models import PracticeLevel
        from tenants.practices.selectors import practice_public_list

        level = request.GET.get("level") or None
        if level not in PracticeLevel.values:
            level = None
        page = Paginator(practice_public_list(level=level), PER_PAGE).get_page(request.GET.get("page") or 1)
        page_cache_query_declare(request, level=level or "", page=str(page.number))
        for practice in page.object_list:
            practice.public_url = self._url(request, "detail", practice_id=practice.pk)
        context = {
            **self.get_context(request),
            "practices": page,
            "levels": PracticeLevel.choices,
            "chosen_level": level or "",
        }
        return TemplateResponse(request, self.get_template(request), context)

    @path("<int:practice_id>/", name="detail")
    def detail_route(self, request: HttpRequest, practice_id: int) -> HttpResponse:
        from tenants.practices.selectors import practice_public_get

        practice = practice_public_get(pk=practice_id)
        if practice is None:
            raise Http404
        materials = [
            (m, self._url(request, "material_file", practice_id=practice.pk, material_id=m.pk) if m.file else "")
            for m in practice.materials.all()
        ]
        context = {
            **self.get_context(request),
            "practice": practice,
            "materials": materials,
            "index_url": self.get_url(request),
        }
        return TemplateResponse(request, "practices/practice_detail.html", context)

    @path("<int:practice_id>/materials/<int:material_id>/", name="material_file")
    def material_file_route(self, request: HttpRequest, practice_id: int, material_id: int) -> HttpResponseBase:
        from tenants.downloads import stored_file_response
        from tenants.practices.selectors import practice_material_for_download

        material = practice_material_for_download(practice_id=practice_id, material_id=material_id, user=request.user)
        if material is None:
            raise Http404
        return stored_file_response(material.file, kind=material.file_kind, public=material.practice.is_public)

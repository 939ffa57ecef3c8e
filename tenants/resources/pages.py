"""The public page of the bank of pedagogical information (000 §2.3.2: informing teachers).

Lists the municipality's public materials with search and filters by kind and subject, in a
plain GET form that works without JavaScript, and serves their files. A file of a material
that is not public is given only to the municipality's staff; anyone else gets a 404, as for a
material that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.base.pages import SitePageMixin


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


class ResourceBankPage(SitePageMixin, RoutablePageMixin, Page):
    """The public bank of pedagogical information: public materials, searchable, with their files."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("банк педагогической информации")
        verbose_name_plural = _("банки педагогической информации")

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from cms.base.page_cache import page_cache_query_declare
        from tenants.resources.models import ResourceKind
        from tenants.resources.selectors import resource_search, resource_subjects

        kind = request.GET.get("kind") or None
        if kind not in ResourceKind.values:
            kind = None
        subject_id = _int_or_none(request.GET.get("subject"))
        results = resource_search(
            query=request.GET.get("q"),
            public_only=True,
            kind=kind,
            subject_id=subject_id,
            page=request.GET.get("page") or 1,
        )
        page_url = self.get_url(request) or ""
        for hit in results.hits:
            if hit.resource.file:
                hit.download_url = page_url + self.reverse_subpage("file", kwargs={"resource_id": hit.resource.pk})
        subjects = resource_subjects(public_only=True)
        # Free-text search is answered but never stored: any text would make an entry.
        page_cache_query_declare(
            request,
            kind=kind or "",
            subject=str(subject_id) if any(s.pk == subject_id for s in subjects) else "",
            page=str(results.page.number),
            **({} if request.GET.get("q") else {"q": ""}),
        )
        query_without_page = request.GET.copy()
        query_without_page.pop("page", None)
        context = {
            **self.get_context(request),
            "results": results,
            "kinds": ResourceKind.choices,
            "subjects": subjects,
            "chosen_kind": kind or "",
            "chosen_subject": subject_id,
            "query_without_page": query_without_page.urlencode(),
        }
        return TemplateResponse(request, self.get_template(request), context)

    @path("file/<int:resource_id>/", name="file")
    def file_route(self, request: HttpRequest, resource_id: int) -> HttpResponseBase:
        from tenants.downloads import stored_file_response
        from tenants.resources.selectors import resource_for_download

        resource = resource_for_download(pk=resource_id, user=request.user)
        if resource is None:
            raise Http404
        return stored_file_response(resource.file, kind=resource.file_kind, public=resource.is_public)

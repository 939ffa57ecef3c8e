"""The public data bank of the municipality's internship sites (004 §3.3.2): sites in force with
their programmes and the internships to come with free places."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.base.pages import SitePageMixin


class InternshipSitesPage(SitePageMixin, RoutablePageMixin, Page):
    """Internship sites (стажировочные площадки): public sites in force, programmes, dates, places."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("стажировочные площадки")
        verbose_name_plural = _("стажировочные площадки")

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from tenants.internships.selectors import internship_site_public_list

        context = {**self.get_context(request), "sites": internship_site_public_list()}
        return TemplateResponse(request, self.get_template(request), context)

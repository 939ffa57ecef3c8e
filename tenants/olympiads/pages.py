"""The public page of the olympiad's results: the published protocols' winners and prize-winners.

Pupils are minors (003 §1.3), so a visitor sees only what a published protocol allows: the
winners and prize-winners of published rounds whose parents consented to publication — surname,
first name, grade, organisation, status and score. Participants without an award, anyone without
consent, unpublished rounds, teachers and the school stage's counts never reach this page.
"""

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
from tenants.academic_years import AcademicYear


class OlympiadResultsPage(SitePageMixin, RoutablePageMixin, Page):
    """Results of the all-Russian school olympiad: the published protocols, by year."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("итоги олимпиады")
        verbose_name_plural = _("итоги олимпиады")

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from cms.base.page_cache import page_cache_year_choice
        from tenants.olympiads.selectors import olympiad_years, public_protocol

        years = olympiad_years()
        chosen = page_cache_year_choice(request, years)
        year, rounds = public_protocol(academic_year=chosen)
        context = {
            **self.get_context(request),
            "year_label": AcademicYear(year).label if year else "",
            "chosen_year": year,
            "years": [(y, AcademicYear(y).label) for y in years],
            "rounds": rounds,
        }
        return TemplateResponse(request, self.get_template(request), context)

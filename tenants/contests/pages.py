"""The public page of the teachers' professional contests: the contests, their stages, published results.

Teachers are adults, but the page shows no more of them than the result needs: name,
organisation, nomination and result, for the winners and prize-winners of the municipal stage once
its results are published, and of the regional and federal stages as the region reported them.
Scores, places, jurors, applications, documents and participants without a title never reach it.
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


class ContestsPage(SitePageMixin, RoutablePageMixin, Page):
    """Professional contests of teachers: stages and published results, by year."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("конкурсы педагогов")
        verbose_name_plural = _("конкурсы педагогов")

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from cms.base.page_cache import page_cache_year_choice
        from tenants.contests.selectors import contest_years, public_contests

        years = contest_years()
        chosen = page_cache_year_choice(request, years)
        year, contests = public_contests(academic_year=chosen)
        context = {
            **self.get_context(request),
            "year_label": AcademicYear(year).label if year else "",
            "chosen_year": year,
            "years": [(y, AcademicYear(y).label) for y in years],
            "contests": contests,
        }
        return TemplateResponse(request, self.get_template(request), context)

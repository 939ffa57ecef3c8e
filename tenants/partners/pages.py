"""The public page of the service's network partners and, per partner, what was done together."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.base.pages import SitePageMixin


class PartnersPage(SitePageMixin, RoutablePageMixin, Page):
    """Network partners (001 §1.1, §3.1): the public ones, each with its joint events and projects."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("сетевые партнёры")
        verbose_name_plural = _("сетевые партнёры")

    def _url(self, request: HttpRequest, name: str, **kwargs: Any) -> str:
        return (self.get_url(request) or "") + self.reverse_subpage(name, kwargs=kwargs)

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from tenants.partners.selectors import partner_public_list

        partners = [(p, self._url(request, "detail", partner_id=p.pk)) for p in partner_public_list()]
        context = {**self.get_context(request), "partners": partners}
        return TemplateResponse(request, self.get_template(request), context)

    @path("<int:partner_id>/", name="detail")
    def detail_route(self, request: HttpRequest, partner_id: int) -> HttpResponse:
        from tenants.events.selectors import event_public_url
        from tenants.partners.selectors import partner_joint_work, partner_public_get

        partner = partner_public_get(pk=partner_id)
        if partner is None:
            raise Http404
        work = partner_joint_work(partner, public=True)
        context = {
            **self.get_context(request),
            "work": work,
            "events": [(event, event_public_url(event)) for event in work.events],
            "index_url": self.get_url(request),
        }
        return TemplateResponse(request, "partners/partner_detail.html", context)

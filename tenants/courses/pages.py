"""The public page of the offered courses (004 §3.3.2: the service keeps the possibilities of PD up
to date on its site): the offers to come, each with dates, format, hours, provider, audience and
how to apply from the teacher's account."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.base.pages import SitePageMixin


class CourseOffersPage(SitePageMixin, RoutablePageMixin, Page):
    """Courses of professional development offered to the municipality's teachers."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("курсы повышения квалификации")
        verbose_name_plural = _("курсы повышения квалификации")

    def _url(self, request: HttpRequest, name: str, **kwargs: Any) -> str:
        return (self.get_url(request) or "") + self.reverse_subpage(name, kwargs=kwargs)

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from tenants.courses.selectors import offer_public_list

        offers = [(offer, self._url(request, "detail", offer_id=offer.pk)) for offer in offer_public_list()]
        context = {**self.get_context(request), "offers": offers}
        return TemplateResponse(request, self.get_template(request), context)

    @path("<int:offer_id>/", name="detail")
    def detail_route(self, request: HttpRequest, offer_id: int) -> HttpResponse:
        from tenants.courses.selectors import offer_public_get

        offer = offer_public_get(pk=offer_id)
        if offer is None:
            raise Http404
        context = {
            **self.get_context(request),
            "offer": offer,
            "index_url": self.get_url(request),
            # The form is in the teacher's account: the public page carries no form token and stays cached.
            "apply_url": reverse("courses:apply", kwargs={"offer_id": offer.pk}),
        }
        return TemplateResponse(request, "courses/course_offer_detail.html", context)

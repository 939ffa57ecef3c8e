"""The public page of the municipality's innovation sites and projects, with their products."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.base.pages import SitePageMixin
from tenants.municipalities.selectors import region_base_url


class InnovationPage(SitePageMixin, RoutablePageMixin, Page):
    """Innovation sites and projects (001 §2.3; 004 §3.2): public projects and their products."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("инновационная деятельность")
        verbose_name_plural = _("инновационная деятельность")

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from tenants.innovation.selectors import innovation_public_list
        from tenants.resources.pages import ResourceBankPage

        bank = ResourceBankPage.objects.live().public().first()
        bank_url = (bank.get_url(request) or "") if bank is not None else ""

        def link(product: Any) -> str:
            # The material's file through the public resource bank, else its own link elsewhere.
            if product.file and bank is not None and bank_url:
                return bank_url + bank.reverse_subpage("file", kwargs={"resource_id": product.pk})
            return str(product.link)

        projects = [
            (project, [(product, link(product)) for product in project.products.all()])
            for project in innovation_public_list()
        ]
        region_list = reverse("innovation_bank", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
        context = {
            **self.get_context(request),
            "projects": projects,
            "region_innovation_url": region_base_url() + region_list,
        }
        return TemplateResponse(request, self.get_template(request), context)

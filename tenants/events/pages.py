"""The public events calendar of the municipality's site (000 §2.3.3; 004 §4.6).

Written in the next step: month view, list, filters, event pages with registration.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


class EventCalendarPage(RoutablePageMixin, Page):
    """The public calendar: the municipality's public events and the unified regional calendar."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("календарь мероприятий")
        verbose_name_plural = _("календари мероприятий")

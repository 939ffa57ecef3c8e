"""The public events calendar of the municipality's site (000 §2.3.3; 004 §4.6).

A month view and a list, filtered by form and audience, showing the municipality's public
events and the unified regional calendar together, marked apart; each municipal event has a
page with the registration form and, for contests, the released results. Plain HTML forms and
links: everything works without JavaScript.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.base.pages import SitePageMixin

# Months this far either side of today are stored when asked for; farther ones are answered but
# not stored, so following "next month" forever does not fill the cache.
STORED_MONTHS_AROUND = 24
WEEKDAY_NAMES = (_("Пн"), _("Вт"), _("Ср"), _("Чт"), _("Пт"), _("Сб"), _("Вс"))


class EventCalendarPage(SitePageMixin, RoutablePageMixin, Page):
    """The public calendar: the municipality's public events and the unified regional calendar."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("календарь мероприятий")
        verbose_name_plural = _("календари мероприятий")

    @path("")
    def calendar_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from cms.base.page_cache import page_cache_query_declare
        from tenants.events.calendar import Month, calendar_days_render, calendar_entries, calendar_month
        from tenants.events.forms import CalendarFilterForm

        form = CalendarFilterForm(request.GET)
        cleaned = form.cleaned_data if form.is_valid() else {}
        kind = cleaned.get("kind") or None
        audience = cleaned.get("audience") or None
        view = cleaned.get("view") or "month"
        month = Month.parse(request.GET.get("month"))
        declared = {name: cleaned[name] for name in ("kind", "audience", "view")} if cleaned else {}
        if abs((month.first_day - timezone.localdate()).days) <= STORED_MONTHS_AROUND * 31:
            declared["month"] = str(month)  # months far away are answered, not stored: bounded
        page_cache_query_declare(request, **declared)
        kept = {name: value for name, value in (("kind", kind), ("audience", audience), ("view", view)) if value}
        context: dict[str, Any] = {
            **self.get_context(request),
            "filter_form": form if form.is_bound and form.is_valid() else CalendarFilterForm(initial=kept),
            "month": month,
            "month_start": month.first_day,
            "view": view,
            "query": urlencode(kept) + "&" if kept else "",
            "page_url": self.get_url(request),
            "weekday_names": WEEKDAY_NAMES,
        }
        if view == "list":
            context["entries"] = calendar_entries(
                first=month.first_day,
                last=month.next.first_day - timedelta(days=1),
                public_only=True,
                kind=kind,
                audience=audience,
            )
        else:
            weeks = calendar_month(month=month, public_only=True, kind=kind, audience=audience)
            prefix = reverse("events:event", args=[0]).removesuffix("0/")
            calendar_days_render(weeks, own_url=lambda pk: f"{prefix}{pk}/")
            context["weeks"] = weeks
        return TemplateResponse(request, "events/event_calendar_page.html", context)

    @path("<int:event_id>/", name="event")
    def event_route(self, request: HttpRequest, event_id: int) -> HttpResponse:
        from tenants.events.views import event_page

        return event_page(
            request, event_id, base_context={**self.get_context(request), "calendar_url": self.get_url(request)}
        )

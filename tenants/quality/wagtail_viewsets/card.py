"""«Карточки организаций»: one page per organisation with everything the service did and knows, and its files.

Staff only (the card lists visits and events with teachers): gated by the permission to view
support programmes, which the region's observers do not hold.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import path
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear
from tenants.admin_screens import PermissionScreen, ScreenViewSet
from tenants.municipalities.selectors import current_municipality
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.quality.documents import card_docx, card_xlsx
from tenants.quality.models import OPEN_PROGRAMME_STATUSES
from tenants.quality.selectors.card import support_card
from tenants.quality.selectors.effect import programme_effect
from tenants.quality.wagtail_viewsets.common import DOCX, XLSX, attachment

CARD_PERMISSION = "quality.view_supportprogramme"


class OrganisationsScreen(PermissionScreen):
    """Schools first, each with this year's flags and an open programme, if any."""

    page_title = _("Карточки сопровождения организаций")
    header_icon = "folder-open-inverse"
    template_name = "quality/admin/organisations.html"
    permission_required = CARD_PERMISSION

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = AcademicYear.current()
        organisations = (
            Organisation.objects.filter(is_active=True)
            .annotate(
                flags_now=Count("quality_flags", filter=Q(quality_flags__academic_year=year.start), distinct=True),
                programmes_open=Count(
                    "support_programmes",
                    filter=Q(support_programmes__status__in=OPEN_PROGRAMME_STATUSES),
                    distinct=True,
                ),
                visits=Count("quality_visits", distinct=True),
            )
            .order_by("-flags_now", "short_name")
        )
        context.update(year=year, organisations=organisations, school=OrganisationKind.SCHOOL)
        return context


class CardScreen(PermissionScreen):
    header_icon = "folder-open-inverse"
    template_name = "quality/admin/card.html"
    permission_required = CARD_PERMISSION
    organisation: Organisation

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        organisation = Organisation.objects.filter(pk=kwargs["pk"]).first()
        if organisation is None:
            raise Http404
        self.organisation = organisation
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.organisation.short_name

    def get_page_subtitle(self) -> str:
        return str(_("Карточка сопровождения"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        file_format = kwargs.get("file_format")
        if file_format is None:
            return super().get(request, *args, **kwargs)
        card = support_card(organisation=self.organisation)
        name = f"card-{self.organisation.inn}"
        if file_format == "xlsx":
            return attachment(card_xlsx(card), content_type=XLSX, filename=f"{name}.xlsx")
        municipality = current_municipality()
        return attachment(
            card_docx(card, municipality_name=municipality.name if municipality else ""),
            content_type=DOCX,
            filename=f"{name}.docx",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        card = support_card(organisation=self.organisation)
        context.update(
            card=card,
            effects=[(p, programme_effect(p)) for p in card.programmes if p.status != "draft"],
        )
        return context


class CardViewSet(ScreenViewSet):
    name = "quality_card"
    url_prefix = "quality/organisations"
    icon = "folder-open-inverse"
    menu_label = _("Карточки организаций")
    menu_order = 70
    screen = OrganisationsScreen

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/", CardScreen.as_view(), name="card"),
            path("<int:pk>/card.xlsx", CardScreen.as_view(), {"file_format": "xlsx"}, name="export_xlsx"),
            path("<int:pk>/card.docx", CardScreen.as_view(), {"file_format": "docx"}, name="export_docx"),
        ]

"""The organisations register in the Wagtail admin: list, filters, search, form with site statuses, import."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets import BooleanRadioSelect

from tenants.imports.admin import ImportableIndexView, ImportableModelViewSet
from tenants.organisations.imports import OrganisationImportSpec
from tenants.organisations.models import Organisation, OrganisationKind, SiteKind
from tenants.organisations.selectors import organisation_list, organisation_search, site_status_current_list
from tenants.organisations.services import organisation_delete


class OrganisationFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Тип"), choices=OrganisationKind.choices)
    is_active = django_filters.BooleanFilter(label=_("Действует"), widget=BooleanRadioSelect)
    site_kind = django_filters.ChoiceFilter(
        label=_("Действующий статус площадки"), choices=SiteKind.choices, method="filter_site_kind"
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_site_kind(self, queryset: QuerySet[Organisation], name: str, value: str) -> QuerySet[Organisation]:
        return queryset.filter(pk__in=site_status_current_list(kind=value).values("organisation_id"))


def _site_statuses_label(organisation: Organisation) -> str:
    return ", ".join(str(status.get_kind_display()) for status in organisation.current_site_statuses())


class OrganisationIndexView(ImportableIndexView):
    def get_base_queryset(self) -> QuerySet[Organisation]:
        return organisation_list().prefetch_related("site_statuses")

    def search_queryset(self, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if not self.is_searching:
            return queryset
        return organisation_search(queryset, self.search_query)


class OrganisationDeleteView(generic.DeleteView):
    """Deleting through the service: an organisation with teachers is refused with a message."""

    def form_valid(self, form: Any) -> Any:
        try:
            organisation_delete(organisation=self.object, acting_user=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.edit_url_name, self.object.pk)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class OrganisationViewSet(ImportableModelViewSet):
    model = Organisation
    import_spec = OrganisationImportSpec()
    icon = "home"
    menu_label = _("Организации")
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "organisations"
    name = "organisations"
    index_view_class = OrganisationIndexView
    delete_view_class = OrganisationDeleteView
    copy_view_enabled = False  # a copy would carry the same INN
    filterset_class = OrganisationFilterSet
    search_fields = ["short_name"]  # the search itself is organisation_search()
    ordering = ["short_name"]
    list_per_page = 50
    list_display = [
        "short_name",
        Column("kind", label=_("Тип"), accessor="get_kind_display", sort_key="kind"),
        "inn",
        "head_name",
        Column("site_statuses", label=_("Площадка"), accessor=_site_statuses_label),
        "is_active",
    ]
    panels = [
        FieldPanel("short_name"),
        FieldPanel("full_name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("inn")]),
        FieldPanel("head_name"),
        FieldPanel("address"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]), FieldPanel("website")],
            heading=_("Контакты"),
        ),
        FieldPanel("is_active"),
        InlinePanel(
            "site_statuses",
            heading=_("Статусы площадки"),
            label=_("Статус площадки"),
            panels=[
                FieldRowPanel([FieldPanel("kind"), FieldPanel("topic")]),
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                FieldRowPanel([FieldPanel("order_number"), FieldPanel("order_date")]),
            ],
        ),
    ]

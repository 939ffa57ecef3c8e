"""Admin views of the bodies. Thin: reads come from selectors, writes go to the services.

Every view runs in the schema of the host it is asked on, so an id of another municipality's
body is simply not found there (404), the same answer as for an id that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from tenants.academic_years import AcademicYear
from tenants.admin_screens import ServiceErrorsMixin
from tenants.bodies import selectors
from tenants.bodies.models import Body, BodyMaterial, BodyMeeting, BodyMembership, BodyYear, MemberRole
from tenants.bodies.services import body_composition_copy, body_create
from tenants.file_delivery import field_file_delivery
from tenants.uploads import sniff_document_kind

ANY_PERMISSION = ("add", "change", "delete", "view")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def document_delivery(stored: Any) -> HttpResponseBase:
    """A stored document of a body (plan, analysis, minutes, material) as an attachment, its type
    read from its bytes; a file gone from the storage is a 404. Every download of a body's files
    (the service's, the association leader's, the school coordinator's) answers through here."""
    try:
        with stored.open("rb") as handle:
            document_kind = sniff_document_kind(handle)
    except (OSError, ValueError):
        raise Http404 from None
    return field_file_delivery(
        stored,
        as_attachment=True,
        filename=stored.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get(document_kind or "", "application/octet-stream"),
        cache_control="",
    )


# The files a download may ask for: (model, its file fields) by the name in the URL.
FILE_FIELDS: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "year": (BodyYear, ("plan_file", "analysis_file")),
    "meeting": (BodyMeeting, ("minutes",)),
    "material": (BodyMaterial, ("file",)),
}


def body_page_url(body_id: int, year: int | AcademicYear | None = None) -> str:
    url = reverse("bodies:inspect", args=(body_id,))
    if year is not None:
        url += f"?year={year.start if isinstance(year, AcademicYear) else int(year)}"
    return url


def requested_year(value: str | None) -> AcademicYear | None:
    try:
        start = int(value or "")
    except ValueError:
        return None
    return AcademicYear(start) if 2000 <= start <= 2100 else None


class BodyIndexView(generic.IndexView):
    """The list of bodies; a body's name opens its page (composition and meetings by year)."""

    def get_base_queryset(self) -> Any:
        return selectors.body_list()

    def _get_title_column(self, field_name: str, column_class: Any = None, **kwargs: Any) -> Any:
        from wagtail.admin.ui.tables import TitleColumn

        column_class = self._get_title_column_class(column_class or TitleColumn)
        return self._get_custom_column(field_name, column_class, get_url=self._body_url, **kwargs)

    def _body_url(self, instance: Body) -> str:
        return self.get_inspect_url(instance) or self.get_edit_url(instance) or ""


class BodyCreateView(ServiceErrorsMixin, generic.CreateView):
    """Creates a body through ``body_create``, which also adds who heads it in its first year."""

    def save_instance(self) -> Body:
        data = dict(self.form.cleaned_data)
        since_year, until_year = data.pop("since_year"), data.pop("until_year", None)
        return body_create(
            acting_user=self.request.user,
            since_year=AcademicYear(since_year),
            until_year=AcademicYear(until_year) if until_year else None,
            **data,
        )

    def get_success_url(self) -> str:
        return body_page_url(self.object.pk)


class BodyPageView(generic.InspectView):
    """A body's page: what it is, then its composition, order and meetings for a chosen year."""

    template_name = "bodies/admin/body_page.html"
    page_title = gettext_lazy("Страница объединения")

    def get_fields(self) -> list[str]:
        return [
            "kind",
            "subject",
            "category",
            "organisation",
            "topic",
            "goal",
            "term_start",
            "term_end",
            "coordination_area",
            "since_year",
            "until_year",
            "description",
        ]

    def get_fields_context(self) -> list[dict[str, Any]]:
        return [
            context
            for context in super().get_fields_context()
            if context["value"] not in (None, "", "-") and context["component"] is None
        ]

    def get_since_year_display_value(self) -> str:
        return AcademicYear(self.object.since_year).label

    def get_until_year_display_value(self) -> str:
        return AcademicYear(self.object.until_year).label if self.object.until_year else ""

    @cached_property
    def year(self) -> AcademicYear:
        return requested_year(self.request.GET.get("year")) or selectors.body_default_year(body=self.object)

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        buttons = list(super().header_more_buttons)
        history_url = reverse("bodies:history", args=(self.object.pk,))
        buttons.append(HeaderButton(_("История"), url=history_url, icon_name="history", priority=30))
        return buttons

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        body, year = self.object, self.year
        user = self.request.user
        memberships = ModelPermissionPolicy(BodyMembership)
        years = ModelPermissionPolicy(BodyYear)
        meetings = ModelPermissionPolicy(BodyMeeting)
        query = f"?body={body.pk}&academic_year={year.start}"
        composition = list(selectors.body_composition(body=body, academic_year=year))
        head_present = any(m.role == body.head_role for m in composition)
        body_year = selectors.body_year_get(body=body, academic_year=year)
        context.update(
            body=body,
            year=year,
            next_year=year.next(),
            years=selectors.body_years_known(body=body),
            composition=composition,
            head_missing=not head_present,
            head_role_label=MemberRole(body.head_role).label,
            body_year=body_year,
            meetings=list(selectors.body_meetings(body=body, academic_year=year)),
            materials=list(selectors.body_materials(body=body, academic_year=year)),
            is_active=body.is_active_in(year),
            can_edit_members=memberships.user_has_permission(user, "change"),
            can_delete_members=memberships.user_has_permission(user, "delete"),
            add_member_url=(
                reverse("body_memberships:add") + query if memberships.user_has_permission(user, "add") else ""
            ),
            can_copy=memberships.user_has_permission(user, "add") and body.is_active_in(year.next()),
            copy_url=reverse("bodies:copy_composition", args=(body.pk,)),
            body_year_url=self._body_year_url(body_year, years, query),
            add_meeting_url=(
                reverse("body_meetings:add") + f"?body={body.pk}" if meetings.user_has_permission(user, "add") else ""
            ),
            can_edit_meetings=meetings.user_has_permission(user, "change"),
            meetings_url=reverse("body_meetings:index") + f"?body={body.pk}",
            memberships_url=reverse("body_memberships:index") + f"?body={body.pk}",
        )
        return context

    def _body_year_url(self, body_year: BodyYear | None, policy: ModelPermissionPolicy, query: str) -> str:
        user = self.request.user
        if body_year is not None:
            return (
                reverse("body_years:edit", args=(body_year.pk,)) if policy.user_has_permission(user, "change") else ""
            )
        return reverse("body_years:add") + query if policy.user_has_permission(user, "add") else ""


class BodyPartCreateView(ServiceErrorsMixin, generic.CreateView):
    """Create a membership, meeting or year record, prefilled from ``?body=…&academic_year=…``."""

    prefill = ("body", "academic_year")

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for name in self.prefill:
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def get_success_url(self) -> str:
        return _back_to_body(self.object)


class BodyPartEditView(ServiceErrorsMixin, generic.EditView):
    def get_success_url(self) -> str:
        return _back_to_body(self.object)


class BodyPartDeleteView(generic.DeleteView):
    def get_success_url(self) -> str:
        return _back_to_body(self.object)


def _back_to_body(instance: Any) -> str:
    if isinstance(instance, BodyMeeting):
        return body_page_url(instance.body_id, instance.year)
    return body_page_url(instance.body_id, instance.academic_year)


@require_POST
def composition_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a year's composition to another year (by default the next): ``body_composition_copy``."""
    if not ModelPermissionPolicy(BodyMembership).user_has_permission(request.user, "add"):
        raise PermissionDenied
    body = get_object_or_404(Body, pk=pk)
    from_year = requested_year(request.POST.get("from_year"))
    if from_year is None:
        raise Http404
    to_year = requested_year(request.POST.get("to_year")) or from_year.next()
    try:
        result = body_composition_copy(body=body, from_year=from_year, to_year=to_year, acting_user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(body_page_url(body.pk, from_year))
    if result.changed:
        message = _("Состав на %(year)s учебный год подготовлен: добавлено участников — %(count)d.") % {
            "year": to_year.label,
            "count": len(result.created),
        }
        if result.role_taken:
            message += " " + _("Включены как члены, потому что их роль в новом году уже занята: %(names)s.") % {
                "names": ", ".join(m.person_name for m in result.role_taken)
            }
        messages.success(request, message)
    else:
        messages.info(
            request,
            _("Все участники состава %(from)s уже есть в составе на %(to)s учебный год: никого не добавлено.")
            % {"from": from_year.label, "to": to_year.label},
        )
    return HttpResponseRedirect(body_page_url(body.pk, to_year))


@require_safe
def body_file(request: HttpRequest, kind: str, pk: int, field: str) -> HttpResponseBase:
    """A minutes, plan or analysis file, to staff who may see the body's records.

    These uploads are not public: ``/media/`` never serves them, and this view reads them from
    the schema of the host it is asked on only.
    """
    model, fields = FILE_FIELDS.get(kind, (None, ()))
    if model is None or field not in fields:
        raise Http404
    if not ModelPermissionPolicy(model).user_has_any_permission(request.user, ANY_PERMISSION):
        raise PermissionDenied
    instance = get_object_or_404(model, pk=pk)
    stored = getattr(instance, field)
    if not stored:
        raise Http404
    return document_delivery(stored)

"""Teachers, subjects, the service's methodologists and their areas in the Wagtail admin.

Personal data: the people app's permissions belong to the municipality's own staff only (the
region's observers get none, see ``accounts.role_permissions``), so every screen here, the
export and the import included, is closed to them. Account choices on the forms list only
this municipality's people.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect, Button

from accounts.models import User
from tenants.imports.admin import ImportableIndexView, ImportableModelViewSet
from tenants.organisations.models import Organisation
from tenants.people.imports import TeacherImportSpec
from tenants.people.models import (
    Methodologist,
    QualificationCategory,
    ResponsibilityArea,
    StaffKind,
    Subject,
    Teacher,
)
from tenants.people.selectors import (
    methodologist_list,
    service_staff_accounts,
    teacher_accounts,
    teacher_list,
    teacher_search,
    teacher_young_q,
)


class TeacherFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(label=_("Организация"), queryset=Organisation.objects.all())
    subject = django_filters.ModelChoiceFilter(
        label=_("Предмет"), field_name="subjects", queryset=Subject.objects.all()
    )
    qualification_category = django_filters.ChoiceFilter(
        label=_("Квалификационная категория"), choices=QualificationCategory.choices
    )
    staff_kind = django_filters.ChoiceFilter(label=_("Категория работника"), choices=StaffKind.choices)
    young = django_filters.BooleanFilter(label=_("Молодой педагог"), method="filter_young", widget=BooleanRadioSelect)

    class Meta:
        model = Teacher
        fields: list[str] = []

    def filter_young(self, queryset: QuerySet[Teacher], name: str, value: bool | None) -> QuerySet[Teacher]:
        if value is None:
            return queryset
        return queryset.filter(teacher_young_q()) if value else queryset.exclude(teacher_young_q())


def accounts_and_current(accounts: QuerySet[User], current_id: int | None) -> QuerySet[User]:
    """The accounts a form offers, plus the one the record links to now (it may have left the
    service). One query by ids: ``accounts`` is distinct, and Django refuses to OR a distinct
    queryset with another (a TypeError, the edit screen's 500 on every linked record)."""
    chosen = Q(pk__in=accounts.order_by().values("pk"))
    if current_id:
        chosen |= Q(pk=current_id)
    return User.objects.filter(chosen).order_by("last_name", "first_name", "email")


class TeacherForm(WagtailAdminModelForm):
    """The account a teacher record links to is one of this municipality's people."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts_and_current(teacher_accounts(), self.instance.user_id)  # type: ignore[attr-defined]


class TeacherIndexView(ImportableIndexView):
    def get_base_queryset(self) -> QuerySet[Teacher]:
        return teacher_list()

    def search_queryset(self, queryset: QuerySet[Teacher]) -> QuerySet[Teacher]:
        if not self.is_searching:
            return queryset
        return teacher_search(queryset, self.search_query)


class TeacherEditView(generic.EditView):
    @property
    def header_more_buttons(self) -> list[Any]:
        buttons = list(super().header_more_buttons)
        # The teacher's growth card lives in the development app, which builds on this one:
        # linked by URL name so that people never imports it.
        if self.request.user.has_perm("development.view_courserecord"):
            url = reverse("development_card:teacher", args=[self.object.pk])
            buttons.append(Button(_("Профессиональное развитие"), url=url, icon_name="user", priority=5))
        return buttons


class TeacherViewSet(ImportableModelViewSet):
    model = Teacher
    import_spec = TeacherImportSpec()
    name = "teachers"
    icon = "user"
    menu_label = _("Педагоги")
    menu_order = 10
    index_view_class = TeacherIndexView
    edit_view_class = TeacherEditView
    filterset_class = TeacherFilterSet
    search_fields = ["last_name"]  # the search itself is teacher_search()
    ordering = ["last_name", "first_name", "middle_name"]
    list_per_page = 50
    copy_view_enabled = False
    # Imports write teachers in bulk, past the reference index's signals; an index kept by
    # hand edits only would mislead, so teachers stay out of it.
    add_to_reference_index = False
    list_display = [
        "last_name",
        "first_name",
        "middle_name",
        Column(
            "organisation",
            label=_("Организация"),
            accessor="organisation.short_name",
            sort_key="organisation__short_name",
        ),
        "position",
        Column(
            "qualification_category",
            label=_("Категория"),
            accessor="get_qualification_category_display",
            sort_key="qualification_category",
        ),
        BooleanColumn("young", label=_("Молодой педагог"), accessor="is_young"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("last_name"), FieldPanel("first_name"), FieldPanel("middle_name")]),
            FieldPanel("organisation"),
            FieldRowPanel([FieldPanel("position"), FieldPanel("staff_kind")]),
            FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel([FieldPanel("qualification_category"), FieldPanel("teaching_since")]),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]), FieldPanel("user")],
                heading=_("Связь"),
            ),
        ],
        base_form_class=TeacherForm,
    )


class SubjectViewSet(ModelViewSet):
    model = Subject
    name = "subjects"
    icon = "tag"
    menu_label = _("Предметы")
    menu_order = 20
    list_display = ["name"]
    search_fields = ["name"]
    ordering = ["name"]
    list_per_page = 100
    copy_view_enabled = False
    form_fields = ["name"]


class MethodologistForm(WagtailAdminModelForm):
    """A methodologist of the service is an account with a methodologist's or head's role here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts_and_current(service_staff_accounts(), self.instance.user_id)  # type: ignore[attr-defined]


class MethodologistIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Methodologist]:
        return methodologist_list()


def _areas_label(methodologist: Methodologist) -> str:
    return ", ".join(area.name for area in methodologist.areas.all())


class MethodologistViewSet(ModelViewSet):
    model = Methodologist
    name = "methodologists"
    icon = "user"
    menu_label = _("Методисты службы")
    menu_order = 30
    index_view_class = MethodologistIndexView
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "user",
        "position",
        Column("areas", label=_("Направления"), accessor=_areas_label),
        "phone",
        BooleanColumn("is_head", label=_("Руководитель службы"), sort_key="is_head"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldRowPanel([FieldPanel("position"), FieldPanel("phone")]),
            FieldPanel("is_head"),
            FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=MethodologistForm,
    )


class ResponsibilityAreaViewSet(ModelViewSet):
    model = ResponsibilityArea
    name = "responsibility_areas"
    icon = "list-ul"
    menu_label = _("Направления ответственности")
    menu_order = 40
    list_display = ["name"]
    search_fields = ["name"]
    ordering = ["name"]
    copy_view_enabled = False
    form_fields = ["name"]


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = _("Педагоги и служба")
    menu_icon = "group"
    menu_order = 220
    items = (TeacherViewSet, SubjectViewSet, MethodologistViewSet, ResponsibilityAreaViewSet)

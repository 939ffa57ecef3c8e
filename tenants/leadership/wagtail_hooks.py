"""Wagtail hooks of the leaders' workspace: its screens, menu items and staff-home sections."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.models import Role
from tenants.leadership.home import home_register
from tenants.leadership.views import held_roles


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    from tenants.leadership import (
        composition_views,
        effectiveness_views,
        school_association_views,
        school_views,
        views,
    )

    return [
        path("leadership/associations/", views.LeaderBodiesView.as_view(), name="leadership_bodies"),
        path(
            "leadership/associations/<int:body_id>/<int:year>/", views.LeaderYearView.as_view(), name="leadership_year"
        ),
        path(
            "leadership/associations/<int:body_id>/files/<str:kind>/<int:pk>/<str:field>/",
            views.leader_file,
            name="leadership_file",
        ),
        path(
            "leadership/associations/<int:body_id>/<int:year>/composition/",
            composition_views.LeaderCompositionView.as_view(),
            name="leadership_composition",
        ),
        path(
            "leadership/associations/<int:body_id>/<int:year>/materials/",
            composition_views.LeaderMaterialsView.as_view(),
            name="leadership_materials",
        ),
        path("leadership/reviews/", views.ReviewListView.as_view(), name="leadership_reviews"),
        path("leadership/reviews/<int:pk>/", views.ReviewDecideView.as_view(), name="leadership_review"),
        path("leadership/school/", school_views.SchoolCardView.as_view(), name="leadership_school"),
        path(
            "leadership/school/associations/add/",
            school_association_views.SchoolAssociationCreateView.as_view(),
            name="leadership_school_association_add",
        ),
        path(
            "leadership/school/associations/<int:body_id>/<int:year>/",
            school_association_views.SchoolAssociationView.as_view(),
            name="leadership_school_association",
        ),
        path(
            "leadership/school/associations/<int:body_id>/files/<int:pk>/<str:field>/",
            school_association_views.school_association_file,
            name="leadership_school_file",
        ),
        path("leadership/appointments/", school_views.AppointmentsView.as_view(), name="leadership_appointments"),
        path(
            "leadership/effectiveness/",
            effectiveness_views.EffectivenessView.as_view(),
            name="leadership_effectiveness",
        ),
        path(
            "leadership/effectiveness/<str:subject>/<int:pk>/<int:year>/",
            effectiveness_views.AssessView.as_view(),
            name="leadership_assess",
        ),
    ]


class RoleMenuItem(MenuItem):
    def __init__(self, *args: Any, roles: frozenset[str], permission: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roles, self.permission = roles, permission

    def is_shown(self, request: Any) -> bool:
        if not held_roles(request) & self.roles:
            return False
        return not self.permission or request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def leader_menu_item() -> MenuItem:
    return RoleMenuItem(
        _("Мои объединения"), reverse("leadership_bodies"), icon_name="group", order=240,
        roles=frozenset({Role.ASSOCIATION_LEADER}),
    )  # fmt: skip


@hooks.register("register_admin_menu_item")
def school_menu_item() -> MenuItem:
    return RoleMenuItem(
        _("Методическая карта школы"), reverse("leadership_school"), icon_name="clipboard-list", order=241,
        roles=frozenset({Role.SCHOOL_COORDINATOR}),
    )  # fmt: skip


@hooks.register("register_admin_menu_item")
def reviews_menu_item() -> MenuItem:
    return RoleMenuItem(
        _("Планы объединений на утверждении"), reverse("leadership_reviews"), icon_name="tasks", order=252,
        roles=frozenset({Role.METHODOLOGIST, Role.HEAD}),
    )  # fmt: skip


@hooks.register("register_admin_menu_item")
def effectiveness_menu_item() -> MenuItem:
    return RoleMenuItem(
        _("Эффективность объединений и школ"), reverse("leadership_effectiveness"), icon_name="table", order=254,
        roles=frozenset({Role.METHODOLOGIST, Role.HEAD, Role.CHAIR}),
    )  # fmt: skip


@hooks.register("register_admin_menu_item")
def appointments_menu_item() -> MenuItem:
    return RoleMenuItem(
        _("Руководители и координаторы"), reverse("leadership_appointments"), icon_name="group", order=253,
        roles=frozenset({Role.HEAD}), permission="bodies.add_associationleader",
    )  # fmt: skip


home_register()

"""Wagtail user and group admin that see only the current municipality."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import Http404
from wagtail.users.views import groups as group_views
from wagtail.users.views import users as user_views

from accounts.models import User
from accounts.selectors import municipality_people
from tenants.municipalities.selectors import current_municipality


def users_in_scope(queryset: QuerySet[User]) -> QuerySet[User]:
    municipality = current_municipality()
    if municipality is None:
        return queryset.none()
    return queryset.filter(pk__in=municipality_people(municipality_id=municipality.pk).values("pk"))


def groups_in_scope(queryset: QuerySet[Group]) -> QuerySet[Group]:
    municipality = current_municipality()
    if municipality is None:
        return queryset.none()
    return queryset.filter(role_group__municipality=municipality)


class _ScopedObjectMixin:
    scope = staticmethod(users_in_scope)

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)  # type: ignore[misc]
        if not self.scope(type(obj)._default_manager.filter(pk=obj.pk)).exists():
            raise Http404
        return obj


class UserIndexView(user_views.IndexView):
    def get_base_queryset(self) -> QuerySet[User]:
        return users_in_scope(super().get_base_queryset())


class UserEditView(_ScopedObjectMixin, user_views.EditView):
    pass


class UserDeleteView(_ScopedObjectMixin, user_views.DeleteView):
    pass


class UserHistoryView(_ScopedObjectMixin, user_views.HistoryView):
    pass


class MunicipalityUserViewSet(user_views.UserViewSet):
    index_view_class = UserIndexView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    history_view_class = UserHistoryView


class GroupIndexView(group_views.IndexView):
    def get_base_queryset(self) -> QuerySet[Group]:
        return groups_in_scope(super().get_base_queryset())


class GroupEditView(_ScopedObjectMixin, group_views.EditView):
    scope = staticmethod(groups_in_scope)


class GroupDeleteView(_ScopedObjectMixin, group_views.DeleteView):
    scope = staticmethod(groups_in_scope)


class MunicipalityGroupViewSet(group_views.GroupViewSet):
    index_view_class = GroupIndexView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView

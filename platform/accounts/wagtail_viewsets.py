"""Wagtail user and group admin that see only the current municipality.

Accounts are shared across the region. A municipality's admin lists, finds, opens and acts on
its own people and groups only: every view that reaches an object by id (edit, delete, history,
usage, bulk actions) answers an id outside the municipality with a 404, as for an id that
does not exist. Group choices (the listing filter, the user form, the bulk "assign role") offer
the municipality's groups only, and saving a person keeps the memberships it does not show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_list_or_404
from wagtail.admin.views import generic
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.utils import user_can_delete_user
from wagtail.users.views import groups as group_views
from wagtail.users.views import users as user_views
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, DeleteBulkAction, SetActiveStateBulkAction

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


def account_is_shared(user: User) -> bool:
    """Whether the account also serves the region or another municipality, not this one alone.

    Its login, password and activity then belong to more than one municipality, and one
    municipality's admin changing them would hold the keys to the others.
    """
    if user.is_superuser:
        return True
    return user.groups.exclude(pk__in=groups_in_scope(Group.objects.all()).values("pk")).exists()


def user_can_delete_in_municipality(acting_user: Any, user: User) -> bool:
    if not user_can_delete_user(acting_user, user):
        return False
    return acting_user.is_superuser or not account_is_shared(user)


class _ScopedUserFormMixin:
    """The current municipality's groups only; a shared account's login left alone.

    Unless a superuser edits, the superuser flag is not offered, and a shared account's e-mail,
    password and activity are shown but cannot be changed.
    """

    fields: dict[str, forms.Field]
    instance: User
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, acting_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups_in_scope(Group.objects.all())  # type: ignore[attr-defined]
        if acting_user is not None and acting_user.is_superuser:
            return
        self.fields.pop("is_superuser", None)
        if self.instance.pk is not None and account_is_shared(self.instance):
            for name in ("email", "password1", "password2", "is_active"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean_groups(self) -> QuerySet[Group]:
        chosen = self.cleaned_data["groups"]
        if self.instance.pk is None:
            return chosen
        # The form shows only this municipality's groups; memberships elsewhere must survive it.
        elsewhere = self.instance.groups.exclude(pk__in=groups_in_scope(Group.objects.all()).values("pk"))
        return Group.objects.filter(Q(pk__in=chosen.values("pk")) | Q(pk__in=elsewhere.values("pk")))


class MunicipalityUserCreationForm(_ScopedUserFormMixin, UserCreationForm):
    pass


class MunicipalityUserEditForm(_ScopedUserFormMixin, UserEditForm):
    pass


class MunicipalityUserFilterSet(user_views.UserFilterSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["group"].queryset = groups_in_scope(Group.objects.all())


class _ScopedObjectMixin:
    scope: Callable[[QuerySet[Any]], QuerySet[Any]] = staticmethod(users_in_scope)

    def get_object(self, *args: Any, **kwargs: Any) -> Any:
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if not self.scope(type(obj)._default_manager.filter(pk=obj.pk)).exists():
            raise Http404
        return obj


class _ActingUserFormMixin:
    request: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "acting_user": self.request.user}  # type: ignore[misc]


class UserIndexView(user_views.IndexView):
    def get_base_queryset(self) -> QuerySet[User]:
        return users_in_scope(super().get_base_queryset())

    def get_delete_url(self, instance: User) -> str | None:
        if user_can_delete_in_municipality(self.request.user, instance):
            return super().get_delete_url(instance)
        return None


class UserCreateView(_ActingUserFormMixin, user_views.CreateView):
    pass


class UserEditView(_ActingUserFormMixin, _ScopedObjectMixin, user_views.EditView):
    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.can_delete = user_can_delete_in_municipality(request.user, self.object)


class UserDeleteView(_ScopedObjectMixin, user_views.DeleteView):
    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not user_can_delete_in_municipality(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserHistoryView(_ScopedObjectMixin, user_views.HistoryView):
    pass


class UserUsageView(_ScopedObjectMixin, generic.UsageView):
    pass


class MunicipalityUserViewSet(user_views.UserViewSet):
    filterset_class = MunicipalityUserFilterSet
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    # Copying a person would pre-fill a new account with their details; nobody needs it.
    copy_view_enabled = False
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    history_view_class = UserHistoryView
    usage_view_class = UserUsageView

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return MunicipalityUserEditForm if for_update else MunicipalityUserCreationForm


class _ScopedUserBulkActionMixin:
    """Bulk actions reach only the current municipality's people, whatever ids are sent."""

    @classmethod
    def get_queryset(cls, model: type[User], object_ids: Any) -> list[User]:
        return get_list_or_404(users_in_scope(model._default_manager.all()), pk__in=object_ids)


class MunicipalityUserDeleteBulkAction(_ScopedUserBulkActionMixin, DeleteBulkAction):
    def check_perm(self, obj: User) -> bool:
        return user_can_delete_in_municipality(self.request.user, obj)


class MunicipalityUserSetActiveStateBulkAction(_ScopedUserBulkActionMixin, SetActiveStateBulkAction):
    def check_perm(self, obj: User) -> bool:
        return super().check_perm(obj) and (self.request.user.is_superuser or not account_is_shared(obj))


class MunicipalityRoleForm(forms.Form):
    role = forms.ModelChoiceField(queryset=Group.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = groups_in_scope(Group.objects.all())  # type: ignore[attr-defined]


class MunicipalityUserAssignRoleBulkAction(_ScopedUserBulkActionMixin, AssignRoleBulkAction):
    form_class = MunicipalityRoleForm


MUNICIPALITY_USER_BULK_ACTIONS = (
    MunicipalityUserDeleteBulkAction,
    MunicipalityUserSetActiveStateBulkAction,
    MunicipalityUserAssignRoleBulkAction,
)


class GroupIndexView(group_views.IndexView):
    def get_base_queryset(self) -> QuerySet[Group]:
        return groups_in_scope(super().get_base_queryset())


class GroupEditView(_ScopedObjectMixin, group_views.EditView):
    scope = staticmethod(groups_in_scope)


class GroupDeleteView(_ScopedObjectMixin, group_views.DeleteView):
    scope = staticmethod(groups_in_scope)


class GroupHistoryView(_ScopedObjectMixin, generic.HistoryView):
    scope = staticmethod(groups_in_scope)


class GroupUsageView(_ScopedObjectMixin, generic.UsageView):
    scope = staticmethod(groups_in_scope)


class MunicipalityGroupViewSet(group_views.GroupViewSet):
    index_view_class = GroupIndexView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView
    history_view_class = GroupHistoryView
    usage_view_class = GroupUsageView

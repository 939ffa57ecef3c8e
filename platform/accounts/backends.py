"""Permissions that count only the groups of the municipality whose schema is in use."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.models import Permission
from django.db.models import Q
from django_tenants.utils import get_public_schema_name

from accounts.models import Role
from accounts.selectors import user_roles
from tenants.municipalities.schemas import schema_active


class MunicipalityRoleBackend(AuthenticationBackend):
    """allauth's backend (Django's model backend underneath), with permissions scoped to the tenant.

    It is the only backend: a second ModelBackend-derived one would add every group back.

    A person is in groups of several municipalities (users are shared across the region); the
    stock backend would add all their permissions up, giving a methodologist of A the admin of
    B. Here only the groups bound to the schema in use count, plus, for institute staff and the
    regional committee, that municipality's observer group. Results are cached per schema on
    the user object, so a request pays one query however many checks it makes.
    """

    def _group_permission_query(self, user_obj: Any) -> Q:
        schema_name = schema_active()
        if schema_name == get_public_schema_name():
            return Q(group__user=user_obj, group__role_group__municipality__isnull=True)
        scope = Q(group__user=user_obj, group__role_group__municipality__schema_name=schema_name)
        if user_roles(user_obj).observes_every_municipality():
            scope |= Q(
                group__role_group__municipality__schema_name=schema_name,
                group__role_group__role=Role.OBSERVER,
            )
        return scope

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache: dict[str, set[str]] = user_obj.__dict__.setdefault("_tenant_group_perm_cache", {})
        schema_name = schema_active()
        if schema_name not in cache:
            if user_obj.is_superuser:
                perms = Permission.objects.all()
            else:
                perms = Permission.objects.filter(self._group_permission_query(user_obj)).distinct()
            rows = perms.values_list("content_type__app_label", "codename").order_by()
            cache[schema_name] = {f"{app}.{codename}" for app, codename in rows}
        return cache[schema_name]

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache: dict[str, set[str]] = user_obj.__dict__.setdefault("_tenant_perm_cache", {})
        schema_name = schema_active()
        if schema_name not in cache:
            cache[schema_name] = {*self.get_user_permissions(user_obj), *self.get_group_permissions(user_obj)}
        return cache[schema_name]

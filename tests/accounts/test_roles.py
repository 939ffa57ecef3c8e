"""Roles per municipality: permissions count only the current schema's groups."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.selectors import municipality_people, user_roles
from accounts.services import role_grant, role_revoke
from audit.models import AuditEntry


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_methodologist_has_admin_access_in_own_municipality_only(methodologist_a, muni_a, muni_b):
    with tenant_context(muni_a):
        assert _fresh(methodologist_a).has_perm("wagtailadmin.access_admin")
    with tenant_context(muni_b):
        assert not _fresh(methodologist_a).has_perm("wagtailadmin.access_admin")
    connection.set_schema_to_public()
    assert not _fresh(methodologist_a).has_perm("wagtailadmin.access_admin")


def test_permission_cache_is_kept_per_schema_on_one_user_object(methodologist_a, muni_a, muni_b):
    user = _fresh(methodologist_a)
    with tenant_context(muni_a):
        assert user.has_perm("wagtailadmin.access_admin")
    with tenant_context(muni_b):
        assert not user.has_perm("wagtailadmin.access_admin")


def test_a_person_with_roles_in_two_municipalities(make_user, muni_a, muni_b):
    person = make_user(Role.METHODOLOGIST, muni_a)
    role_grant(user=person, role=Role.TEACHER, municipality=muni_b, acting_user=None)
    roles = user_roles(_fresh(person))
    assert roles.in_municipality(muni_a.schema_name) == {Role.METHODOLOGIST}
    assert roles.in_municipality(muni_b.schema_name) == {Role.TEACHER}
    assert roles.is_staff_of(muni_a.schema_name) and not roles.is_staff_of(muni_b.schema_name)
    with tenant_context(muni_b):
        assert not _fresh(person).has_perm("wagtailadmin.access_admin")  # a teacher has no admin


def test_institute_staff_read_every_municipality_through_the_observer_group(make_user, muni_a, muni_b):
    analyst = make_user(Role.INSTITUTE, None)
    for municipality in (muni_a, muni_b):
        with tenant_context(municipality):
            user = _fresh(analyst)
            assert user.has_perm("wagtailadmin.access_admin")
            assert not user.has_perm("wagtailimages.add_image")
    connection.set_schema_to_public()
    assert _fresh(analyst).has_perm("municipalities.view_municipality")
    assert not _fresh(analyst).has_perm("municipalities.add_municipality")


def test_only_operators_may_provision(make_user):
    operator = make_user(Role.OPERATOR, None)
    analyst = make_user(Role.INSTITUTE, None)
    assert _fresh(operator).has_perm("municipalities.add_municipality")
    assert not _fresh(analyst).has_perm("municipalities.add_municipality")


def _selects(context: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in context.captured_queries if not q["sql"].startswith("SET search_path")]


def test_checking_roles_costs_one_query_per_request(methodologist_a, muni_a):
    user = _fresh(methodologist_a)
    with CaptureQueriesContext(connection) as roles_queries:
        for _ in range(20):
            user_roles(user).has(Role.METHODOLOGIST, muni_a.schema_name)
    assert len(_selects(roles_queries)) == 1
    with tenant_context(muni_a), CaptureQueriesContext(connection) as perm_queries:
        for _ in range(20):
            user.has_perm("wagtailadmin.access_admin")
            user.has_perm("wagtailimages.add_image")
    assert len(_selects(perm_queries)) == 2  # the user's own permissions and the tenant's group ones, once


def test_grant_and_revoke_are_audited_and_change_access(make_user, muni_a):
    person = make_user()
    role_grant(user=person, role=Role.CHAIR, municipality=muni_a, acting_user=None)
    assert person in municipality_people(municipality_id=muni_a.pk)
    role_revoke(user=person, role=Role.CHAIR, municipality=muni_a, acting_user=None)
    assert person not in municipality_people(municipality_id=muni_a.pk)
    actions = list(AuditEntry.objects.filter(target=person.email).values_list("action", flat=True))
    assert sorted(actions) == ["role.grant", "role.revoke"]


def test_roles_must_be_given_at_the_right_level(make_user, muni_a):
    person = make_user()
    with pytest.raises(ValidationError):
        role_grant(user=person, role=Role.METHODOLOGIST, municipality=None, acting_user=None)
    with pytest.raises(ValidationError):
        role_grant(user=person, role=Role.OPERATOR, municipality=muni_a, acting_user=None)


def test_no_other_authentication_backend_can_grant_permissions():
    from django.contrib.auth import get_backends

    from accounts.backends import MunicipalityRoleBackend

    # axes' backend comes first but only refuses locked-out logins: it has no permission methods.
    permission_methods = ("has_perm", "has_module_perms", "get_all_permissions", "get_group_permissions", "with_perm")
    answering = [type(b) for b in get_backends() if any(hasattr(b, name) for name in permission_methods)]
    assert answering == [MunicipalityRoleBackend]


def test_permission_sync_restores_every_role_groups_permissions(muni_a):
    from django.contrib.auth.models import Group

    from accounts.models import RoleGroup
    from accounts.services import role_group_permissions_sync, role_permission_ids

    head_group = Group.objects.get(role_group__municipality=muni_a, role_group__role=Role.HEAD)
    head_group.permissions.clear()
    role_group_permissions_sync()
    expected = role_permission_ids()
    for group_id, role in RoleGroup.objects.values_list("group_id", "role"):
        assert set(Group.objects.get(pk=group_id).permissions.values_list("pk", flat=True)) == expected[role]


def test_region_observers_get_no_permission_on_personal_data(db):
    from django.contrib.auth.models import Permission

    from accounts.services import role_permission_ids

    personal = set(
        Permission.objects.filter(content_type__app_label__in=["people", "bodies"]).values_list("pk", flat=True)
    )
    assert personal
    ids = role_permission_ids()
    assert not ids[Role.OBSERVER] & personal
    # Who leads an association (and so gets into the admin) is the head's to say (issue 15 §1).
    head_only = set(
        Permission.objects.filter(
            content_type__app_label="bodies",
            codename__in=["add_associationleader", "change_associationleader", "delete_associationleader"],
        ).values_list("pk", flat=True)
    )
    assert personal - head_only <= ids[Role.METHODOLOGIST]
    assert not head_only & ids[Role.METHODOLOGIST]

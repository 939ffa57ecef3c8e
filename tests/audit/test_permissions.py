"""Reading the municipality's audit log is the head's permission, and the head's only."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.services import role_group_permissions_sync
from audit.models import VIEW_MUNICIPAL_PERMISSION


def test_only_the_head_holds_it(make_user, muni_a, muni_b):
    role_group_permissions_sync()  # what region_migrate runs: existing groups get new permissions
    holders = {role: make_user(role, muni_a) for role in (Role.TEACHER, Role.METHODOLOGIST, Role.HEAD, Role.CHAIR)}
    # Institute staff and the committee read A through its observer group.
    holders |= {role: make_user(role, None) for role in (Role.INSTITUTE, Role.COMMITTEE, Role.OPERATOR)}
    holders["head of B"] = make_user(Role.HEAD, muni_b)
    with tenant_context(muni_a):
        granted = {role for role, user in holders.items() if user.has_perm(VIEW_MUNICIPAL_PERMISSION)}
    assert granted == {Role.HEAD}

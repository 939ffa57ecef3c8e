"""Permissions that belong to one role only are never handed out with the rest of their app."""

from __future__ import annotations

from accounts.models import Role


def test_only_the_chair_approves_and_only_the_head_submits_the_plan(muni_a, make_user):
    approve, submit = "plans.approve_annualplan", "plans.submit_annualplan"
    holders = {role: make_user(role, muni_a) for role in (Role.METHODOLOGIST, Role.HEAD, Role.CHAIR)}
    from django_tenants.utils import tenant_context

    with tenant_context(muni_a):
        granted = {role: (user.has_perm(approve), user.has_perm(submit)) for role, user in holders.items()}
    assert granted == {Role.METHODOLOGIST: (False, False), Role.HEAD: (False, True), Role.CHAIR: (True, False)}

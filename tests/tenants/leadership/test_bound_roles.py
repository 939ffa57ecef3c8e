"""The two bound roles (issue 15 §1): granted and revoked with their body or organisation only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role, RoleGroup, User
from accounts.selectors import user_roles
from accounts.services import municipality_role_groups_ensure, role_grant, role_revoke
from audit.models import AuditEntry
from tenants.bodies.models import AssociationLeader, BodyKind
from tenants.bodies.selectors import body_leader_ids, user_leads, user_led_body_ids
from tenants.bodies.services import association_leader_appoint, association_leader_remove
from tenants.organisations.models import CoordinatorPosition, SchoolCoordinator
from tenants.organisations.selectors import (
    organisation_coordinator_ids,
    user_coordinated_organisation,
    user_coordinates,
)
from tenants.organisations.services import school_coordinator_appoint, school_coordinator_remove
from tests.tenants.bodies.factories import BodyFactory
from tests.tenants.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_coordinator_is_bound_to_one_organisation_and_holds_the_role_there_only(muni_a, muni_b, make_user):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        school, other = OrganisationFactory(), OrganisationFactory()
        row = school_coordinator_appoint(
            municipality=muni_a,
            organisation=school,
            email="zavuch@example.test",
            last_name="Завучева",
            first_name="Анна",
            position=CoordinatorPosition.METHODOLOGIST,
            acting_user=head,
        )
        user = _fresh(row.user)
        assert user_coordinates(user, school) and user_coordinates(user, school.pk)
        assert not user_coordinates(user, other)
        assert organisation_coordinator_ids(school) == [user.pk]
        assert organisation_coordinator_ids(other) == []
        assert user_coordinated_organisation(user) == school
        # The same again changes nothing; another school is refused.
        assert (
            school_coordinator_appoint(
                municipality=muni_a, organisation=school, email="ZAVUCH@example.test", acting_user=head
            )
            == row
        )
        with pytest.raises(ValidationError):
            school_coordinator_appoint(municipality=muni_a, organisation=other, email=user.email, acting_user=head)
    roles = user_roles(user)
    assert roles.in_municipality(muni_a.schema_name) == {Role.SCHOOL_COORDINATOR}
    assert roles.in_municipality(muni_b.schema_name) == frozenset()
    with tenant_context(muni_b):
        assert not SchoolCoordinator.objects.exists()
        assert user_coordinated_organisation(user) is None
    actions = set(AuditEntry.objects.filter(municipality=muni_a).values_list("action", flat=True))
    assert {"school_coordinator.create", "role.grant", "user.invite"} <= actions

    with tenant_context(muni_a):
        school_coordinator_remove(municipality=muni_a, coordinator=row, acting_user=head)
        assert not user_coordinates(user, school)
    assert user_roles(_fresh(user)).in_municipality(muni_a.schema_name) == frozenset()
    assert AuditEntry.objects.filter(action="school_coordinator.delete").exists()


def test_leader_keeps_several_associations_and_loses_the_role_with_the_last(muni_a, make_user):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        gmo, shmo_school = BodyFactory(), OrganisationFactory()
        shmo = BodyFactory(kind=BodyKind.SCHOOL_ASSOCIATION, organisation=shmo_school, name="ШМО")
        other = BodyFactory()
        first = association_leader_appoint(municipality=muni_a, body=gmo, email="lead@example.test", acting_user=head)
        second = association_leader_appoint(municipality=muni_a, body=shmo, email="lead@example.test", acting_user=head)
        user = _fresh(first.user)
        assert user_led_body_ids(user) == {gmo.pk, shmo.pk}
        assert user_leads(user, gmo) and not user_leads(user, other)
        assert body_leader_ids(gmo) == [user.pk]
        association_leader_remove(municipality=muni_a, leader=first, acting_user=head)
        assert user_roles(_fresh(user)).has(Role.ASSOCIATION_LEADER, muni_a.schema_name)
        association_leader_remove(municipality=muni_a, leader=second, acting_user=head)
        assert not AssociationLeader.objects.exists()
    assert not user_roles(_fresh(user)).has(Role.ASSOCIATION_LEADER, muni_a.schema_name)


def test_councils_take_no_leader(muni_a, make_user):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        council = BodyFactory(kind=BodyKind.COUNCIL, subject=None, name="Методический совет")
        with pytest.raises(ValidationError):
            association_leader_appoint(municipality=muni_a, body=council, email="x@example.test", acting_user=head)


@pytest.mark.parametrize("role", [Role.ASSOCIATION_LEADER, Role.SCHOOL_COORDINATOR])
def test_a_bound_role_is_never_granted_or_revoked_alone(muni_a, make_user, role):
    user = make_user()
    with pytest.raises(ValidationError):
        role_grant(user=user, role=role, municipality=muni_a, acting_user=None)
    with pytest.raises(ValidationError):
        role_revoke(user=user, role=role, municipality=muni_a, acting_user=None)


def test_the_staff_screen_neither_offers_nor_revokes_bound_roles(muni_a, make_user, host_client):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        row = school_coordinator_appoint(
            municipality=muni_a, organisation=OrganisationFactory(), email="c@example.test", acting_user=head
        )
    client = host_client(muni_a, head)
    page = client.get("/admin/staff/")
    assert page.status_code == 200
    assert 'value="school_coordinator"' not in page.content.decode().split("Пригласить сотрудника")[1]
    client.post("/admin/staff/", {"action": "revoke", "user_id": row.user_id, "role": Role.SCHOOL_COORDINATOR})
    assert user_roles(_fresh(row.user)).has(Role.SCHOOL_COORDINATOR, muni_a.schema_name)
    invite = client.post(
        "/admin/staff/",
        {
            "action": "invite",
            "email": "z@example.test",
            "last_name": "З",
            "first_name": "З",
            "role": "school_coordinator",
        },
    )
    assert invite.status_code == 200 and not User.objects.filter(email="z@example.test").exists()


def test_missing_role_groups_are_made_for_existing_municipalities(muni_a):
    with tenant_context(muni_a):  # Wagtail's group permissions cascade, and they live in the schema
        Group.objects.filter(
            role_group__municipality=muni_a, role_group__role__in=[Role.ASSOCIATION_LEADER, Role.SCHOOL_COORDINATOR]
        ).delete()
    assert municipality_role_groups_ensure([muni_a]) == 2
    assert municipality_role_groups_ensure([muni_a]) == 0
    group = RoleGroup.objects.get(municipality=muni_a, role=Role.SCHOOL_COORDINATOR).group
    assert group.permissions.filter(codename="access_admin").exists()

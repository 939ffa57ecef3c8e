"""User admin scope: accounts are region-wide, a municipality's admin sees and touches its own people.

No role holds Wagtail's user admin yet, so each test gives A's (and B's) head-of-service group
the user and group model permissions Wagtail's ModelPermissionPolicy checks. A superuser would
prove nothing: the backend grants superusers everything by design.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page, PageLogEntry

from accounts.models import Role, RoleGroup, User

USER_ADMIN_PERMISSIONS = Q(content_type__app_label="accounts", content_type__model="user") | Q(
    content_type__app_label="auth", content_type__model="group"
)


def role_group(municipality, role) -> Group:
    return RoleGroup.objects.select_related("group").get(municipality=municipality, role=role).group


def user_admin(make_user, municipality) -> User:
    head = make_user(Role.HEAD, municipality)
    role_group(municipality, Role.HEAD).permissions.add(*Permission.objects.filter(USER_ADMIN_PERMISSIONS))
    return head


@pytest.fixture
def admin_a(make_user, muni_a):
    return user_admin(make_user, muni_a)


@pytest.fixture
def people(make_user, muni_a, muni_b):
    """Someone of A only, someone of B only, and someone of both."""
    ours = make_user(Role.TEACHER, muni_a, last_name="Свояков")
    theirs = make_user(Role.METHODOLOGIST, muni_b, last_name="Чужаков")
    both = make_user(Role.TEACHER, muni_a, last_name="Двойников")
    from accounts.services import role_grant

    role_grant(user=both, role=Role.METHODOLOGIST, municipality=muni_b, acting_user=None)
    return ours, theirs, both


def test_listing_and_search_show_only_the_municipalitys_people(muni_a, admin_a, people, host_client):
    ours, theirs, both = people
    client = host_client(muni_a, admin_a)
    listing = client.get("/admin/users/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert ours.email in body and both.email in body
    assert theirs.email not in body
    for url in ("/admin/users/?q=Чужаков", "/admin/users/results/?q=Чужаков", f"/admin/users/?q={theirs.email}"):
        assert f"/admin/users/edit/{theirs.pk}/" not in client.get(url).content.decode(), url
    assert f"/admin/users/edit/{ours.pk}/" in client.get("/admin/users/?q=Свояков").content.decode()


@pytest.mark.parametrize("view", ["edit", "delete", "history", "history-results", "usage", "copy"])
def test_another_municipalitys_person_is_not_found_by_id(view, muni_a, admin_a, people, host_client):
    ours, theirs, _both = people
    client = host_client(muni_a, admin_a)
    assert client.get(f"/admin/users/{view}/{theirs.pk}/").status_code == 404
    if view != "copy":  # switched off for everyone
        assert client.get(f"/admin/users/{view}/{ours.pk}/").status_code == 200


def test_groups_listed_and_offered_are_the_municipalitys_only(muni_a, muni_b, admin_a, people, host_client):
    ours, _theirs, _both = people
    client = host_client(muni_a, admin_a)
    for url in ("/admin/groups/", "/admin/users/", f"/admin/users/edit/{ours.pk}/"):
        body = client.get(url).content.decode()
        assert f"{muni_a.slug}: " in body, url
        assert f"{muni_b.slug}: " not in body, url
    b_group = role_group(muni_b, Role.HEAD)
    for view in ("edit", "delete", "history", "usage"):
        assert client.get(f"/admin/groups/{view}/{b_group.pk}/").status_code == 404, view


def test_page_privacy_dialog_offers_only_the_municipalitys_groups(muni_a, muni_b, methodologist_a, host_client):
    with tenant_context(muni_a):
        section = Page.objects.get(slug="novosti")
    response = host_client(muni_a, methodologist_a).get(f"/admin/pages/{section.pk}/privacy/")
    assert response.status_code == 200
    assert f"{muni_b.slug}: " not in response.content.decode()


def edit_form_data(person: User, groups: list[Group], **changes: str) -> dict:
    data = {
        "email": person.email,
        "first_name": person.first_name or "Имя",
        "last_name": person.last_name,
        "is_active": "on",
        "groups": [g.pk for g in groups],
        "password1": "",
        "password2": "",
    }
    return {**data, **changes}


def test_editing_a_person_grants_no_role_elsewhere_and_keeps_theirs(muni_a, muni_b, admin_a, people, host_client):
    ours, _theirs, both = people
    client = host_client(muni_a, admin_a)
    a_teacher, a_methodologist = role_group(muni_a, Role.TEACHER), role_group(muni_a, Role.METHODOLOGIST)
    b_head, b_methodologist = role_group(muni_b, Role.HEAD), role_group(muni_b, Role.METHODOLOGIST)

    refused = client.post(f"/admin/users/edit/{ours.pk}/", edit_form_data(ours, [a_teacher, b_head]))
    assert refused.status_code == 200  # the form comes back with an error
    assert not ours.groups.filter(pk=b_head.pk).exists()

    saved = client.post(f"/admin/users/edit/{both.pk}/", edit_form_data(both, [a_methodologist]))
    assert saved.status_code == 302
    assert set(both.groups.all()) == {a_methodologist, b_methodologist}


def test_a_shared_account_keeps_its_login_and_nobody_becomes_superuser(muni_a, admin_a, people, host_client):
    ours, _theirs, both = people
    client = host_client(muni_a, admin_a)
    new_password = "another horse battery 42"
    groups = [role_group(muni_a, Role.TEACHER)]
    changes = {"email": "taken-over@example.test", "password1": new_password, "password2": new_password}
    assert client.post(f"/admin/users/edit/{both.pk}/", edit_form_data(both, groups, **changes)).status_code == 302
    both.refresh_from_db()
    assert both.email != "taken-over@example.test" and not both.check_password(new_password)

    # Someone of A alone is A's to manage, but never made a region-wide superuser from here.
    changes["is_superuser"] = "on"
    assert client.post(f"/admin/users/edit/{ours.pk}/", edit_form_data(ours, groups, **changes)).status_code == 302
    ours.refresh_from_db()
    assert ours.email == "taken-over@example.test" and ours.check_password(new_password)
    assert not ours.is_superuser


def bulk_url(action: str, *people: User) -> str:
    ids = "&".join(f"id={p.pk}" for p in people) or "id=all"
    return f"/admin/bulk/accounts/user/{action}/?{ids}"


def test_bulk_actions_reach_only_the_municipalitys_own_people(muni_a, muni_b, admin_a, people, host_client):
    ours, theirs, both = people
    client = host_client(muni_a, admin_a)

    assert client.post(bulk_url("set_active_state", theirs), {"mark_as_active": "False"}).status_code == 404
    client.post(bulk_url("set_active_state", theirs, both, ours), {"mark_as_active": "False"})
    assert [User.objects.get(pk=p.pk).is_active for p in (ours, theirs, both)] == [False, True, True]

    b_head = role_group(muni_b, Role.HEAD)
    assert client.post(bulk_url("assign_role", ours), {"role": b_head.pk}).status_code == 200  # form error
    assert not b_head.user_set.exists()

    client.post(bulk_url("delete"), {})  # "select all"
    assert not User.objects.filter(pk=ours.pk).exists()
    assert User.objects.filter(pk__in=[theirs.pk, both.pk, admin_a.pk]).count() == 3


def test_other_user_listings_name_only_people_who_acted_in_the_schema(muni_a, muni_b, make_user, people, host_client):
    """The explorer's owner and editor filters and the reports list people found in the schema's
    own pages and logs, so someone who works only in B shows up in B's admin and never in A's."""
    _ours, theirs, _both = people
    with tenant_context(muni_b):
        section = Page.objects.get(slug="novosti")
        Page.objects.filter(pk=section.pk).update(owner=theirs, locked=True, locked_by=theirs, locked_at=timezone.now())
        PageLogEntry.objects.log_action(section, "wagtail.edit", user=theirs)
    urls = ["/admin/pages/{home}/", "/admin/reports/locked/", "/admin/reports/site-history/"]
    for municipality, shown in ((muni_a, False), (muni_b, True)):
        client = host_client(municipality, make_user(Role.HEAD, municipality))
        with tenant_context(municipality):
            home = Page.objects.get(depth=2).pk
        for url in urls:
            response = client.get(url.format(home=home))
            assert response.status_code == 200, url
            assert ("Чужаков" in response.content.decode()) is shown, (municipality.slug, url)


def test_collection_privacy_offers_only_the_municipalitys_groups(muni_a, muni_b, make_user, host_client):
    from wagtail.models import Collection

    from accounts.models import Role
    from accounts.view_restrictions import MunicipalityCollectionViewRestrictionForm

    with tenant_context(muni_a):
        form = MunicipalityCollectionViewRestrictionForm(initial={"restriction_type": "none"})
        names = [g.name for g in form.fields["groups"].queryset]
        assert Collection.get_first_root_node() is not None
    assert names and all(n.startswith(f"{muni_a.slug}: ") for n in names)
    assert Role.HEAD  # the head group is among them

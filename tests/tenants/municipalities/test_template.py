"""The template schema: seeded once, holds no permissions of its own."""

from django.contrib.auth.models import Group
from django_tenants.utils import schema_context, tenant_context
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from tenants.municipalities import provisioning


def test_template_holds_the_starter_site_and_no_group_permissions(db):
    from wagtail.models import Site

    with schema_context(provisioning.template_schema_name()):
        assert Site.objects.get().hostname == "template.invalid"
        assert not GroupPagePermission.objects.exists()
        assert not GroupCollectionPermission.objects.exists()


def test_only_role_groups_hold_page_permissions_in_a_municipality(muni_a):
    assert not Group.objects.filter(role_group__isnull=True).exists()
    with tenant_context(muni_a):
        groups = set(GroupPagePermission.objects.values_list("group__role_group__municipality", flat=True))
    assert groups == {muni_a.pk}


def test_template_ensure_is_idempotent(db):
    assert provisioning.template_ensure() == provisioning.template_ensure()

"""The demo organisations and people: realistic, valid, idempotent, linked to the demo accounts."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.organisations import demo as organisations_demo
from tenants.organisations.inn import inn_is_valid
from tenants.organisations.models import Organisation, OrganisationSiteStatus
from tenants.people import demo as people_demo
from tenants.people.models import Methodologist, StaffKind, Teacher


def test_demo_seed_is_idempotent_and_links_the_demo_accounts(muni_a, make_user):
    slug = muni_a.slug
    head = make_user(Role.HEAD, muni_a, email=f"head@{slug}.example")
    metodist = make_user(Role.METHODOLOGIST, muni_a, email=f"metodist@{slug}.example")
    teacher_account = make_user(Role.TEACHER, muni_a, email=f"teacher@{slug}.example")
    with tenant_context(muni_a):
        for _run in range(2):
            organisations_demo.demo_seed(muni_a)
            people_demo.demo_seed(muni_a)
        organisations = list(Organisation.objects.all())
        teachers = list(Teacher.objects.all())
        assert len(organisations) == len(organisations_demo.ORGANISATIONS)
        assert all(inn_is_valid(o.inn) for o in organisations)
        assert any(o.short_name == "МБОУ «СОШ № 1»" for o in organisations)
        assert OrganisationSiteStatus.objects.count() == len(organisations_demo.SITES)
        assert 40 <= len(teachers) <= 80
        assert any(t.is_young() for t in teachers) and not all(t.is_young() for t in teachers)
        assert any(t.staff_kind == StaffKind.MANAGEMENT for t in teachers)
        assert Teacher.objects.filter(subjects__name="Математика").exists()
        assert Teacher.objects.get(user=teacher_account).last_name == teacher_account.last_name
        methodologists = {m.user_id: m for m in Methodologist.objects.all()}
        assert set(methodologists) == {head.pk, metodist.pk}
        assert methodologists[head.pk].is_head and not methodologists[metodist.pk].is_head
        assert methodologists[metodist.pk].areas.filter(name="Школа молодого педагога").exists()


def test_demo_seed_without_demo_accounts(muni_b):
    with tenant_context(muni_b):
        organisations_demo.demo_seed(muni_b)
        people_demo.demo_seed(muni_b)
        assert Teacher.objects.exists() and not Methodologist.objects.exists()

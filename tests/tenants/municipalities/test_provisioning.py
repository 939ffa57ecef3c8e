"""Provisioning: schema, site on its own host, pool and cold paths, failures, bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists, tenant_context

from accounts.models import Role, RoleGroup, User
from audit.models import AuditEntry
from tenants.municipalities import provisioning
from tenants.municipalities.models import Domain, Municipality, SpareSchema
from tenants.municipalities.services import municipality_provision

REQUEST = dict(
    name="Кировский муниципальный район",
    short_name="Кировский район",
    slug="kirovsk-test",
    contact_email="mms@kirovsk.example",
    oktmo="41625000",
)


def _site_and_home(municipality: Municipality) -> tuple[str, str]:
    from wagtail.models import Site

    with tenant_context(municipality):
        site = Site.objects.select_related("root_page").get(is_default_site=True)
        return site.hostname, site.root_page.title


def test_cold_path_clones_the_template_and_the_site_answers_on_its_own_host(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        result = municipality_provision(use_pool=False, **REQUEST)
    municipality = result.municipality
    assert result.created and result.source == "clone"
    assert schema_exists("m_kirovsk_test")
    assert _site_and_home(municipality) == ("kirovsk-test.lenobl.localhost", "Кировский район")
    assert list(Domain.objects.filter(tenant=municipality).values_list("domain", "is_primary")) == [
        ("kirovsk-test.lenobl.localhost", True)
    ]
    response = Client(HTTP_HOST="kirovsk-test.lenobl.localhost").get("/")
    assert response.status_code == 200
    assert "Кировский район" in response.content.decode()
    assert AuditEntry.objects.filter(action="municipality.provision", municipality=municipality).exists()


def test_pool_path_renames_a_spare_and_schedules_a_refill(db, django_capture_on_commit_callbacks):
    provisioning.spare_pool_refill(size=1)
    spare = SpareSchema.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = municipality_provision(use_pool=True, **REQUEST)
    assert result.source == "pool"
    assert not schema_exists(spare.schema_name)
    assert not SpareSchema.objects.exists()
    assert schema_exists("m_kirovsk_test")
    assert _site_and_home(result.municipality)[0] == "kirovsk-test.lenobl.localhost"
    assert len(callbacks) == 1  # the refill task


def test_an_empty_pool_is_refilled_by_the_worker_after_the_commit_never_inline(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    """Whatever the region's size, a provisioning never waits for the pool's refill (issue 18 §3)."""
    from tenants.municipalities import tasks

    assert not SpareSchema.objects.exists()

    def refill_inline(**kwargs):
        raise AssertionError("the pool was refilled inside the provisioning")

    monkeypatch.setattr(provisioning, "spare_pool_refill", refill_inline)
    sent = []
    monkeypatch.setattr(tasks.spare_pool_refill_task, "apply_async", lambda *a, **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = municipality_provision(use_pool=True, **REQUEST)
    assert result.source == "clone"
    assert not SpareSchema.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, %s)", ["spare_"])
        assert cursor.fetchone() == (0,)
    assert sent == []  # nothing sent before the commit
    (refill,) = callbacks
    refill()
    assert len(sent) == 1  # the refill goes to the worker once the municipality is committed


def test_spares_of_an_older_template_are_never_handed_out(db, django_capture_on_commit_callbacks):
    provisioning.spare_pool_refill(size=1)
    SpareSchema.objects.update(template_signature="stale")
    with django_capture_on_commit_callbacks(execute=False):
        result = municipality_provision(use_pool=True, **REQUEST)
    assert result.source == "clone"
    assert provisioning.spare_pool_prune() == 1


def test_new_municipality_gets_role_groups_and_an_invited_head(db, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = municipality_provision(
            use_pool=False, head_email="Head@Kirovsk.example", head_first_name="Ольга", **REQUEST
        )
    roles = set(RoleGroup.objects.filter(municipality=result.municipality).values_list("role", flat=True))
    assert roles == {
        Role.TEACHER,
        Role.METHODOLOGIST,
        Role.HEAD,
        Role.CHAIR,
        Role.OBSERVER,
        Role.ASSOCIATION_LEADER,
        Role.SCHOOL_COORDINATOR,
    }
    head = User.objects.get(email="head@kirovsk.example")
    assert head.groups.filter(role_group__municipality=result.municipality, role_group__role=Role.HEAD).exists()
    assert not head.has_usable_password()
    assert len(callbacks) == 1  # the invitation e-mail goes out only after commit


def test_provisioning_is_idempotent_for_the_same_slug(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = municipality_provision(use_pool=False, **REQUEST)
        again = municipality_provision(use_pool=False, **REQUEST)
    assert again.created is False and again.source == "existing"
    assert again.municipality.pk == first.municipality.pk
    assert Municipality.objects.filter(slug=REQUEST["slug"]).count() == 1


def test_a_failure_part_way_leaves_nothing_behind(db, monkeypatch):
    import accounts.services

    def explode(municipality):
        raise RuntimeError("boom")

    monkeypatch.setattr(accounts.services, "municipality_role_groups_create", explode)
    with pytest.raises(RuntimeError):
        municipality_provision(use_pool=False, domains=["metod.kirovsk.example"], **REQUEST)
    connection.set_schema_to_public()
    assert not schema_exists("m_kirovsk_test")
    assert not Municipality.objects.filter(slug=REQUEST["slug"]).exists()
    assert not Domain.objects.filter(domain__in=["kirovsk-test.lenobl.localhost", "metod.kirovsk.example"]).exists()


def test_a_failure_on_the_pool_path_gives_the_spare_back(db, monkeypatch):
    import accounts.services

    provisioning.spare_pool_refill(size=1)
    spare = SpareSchema.objects.get().schema_name
    monkeypatch.setattr(accounts.services, "municipality_role_groups_create", lambda m: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        municipality_provision(use_pool=True, **REQUEST)
    connection.set_schema_to_public()
    assert schema_exists(spare) and SpareSchema.objects.filter(schema_name=spare).exists()
    assert not schema_exists("m_kirovsk_test")


def test_missing_template_fails_loudly_instead_of_running_migrations(db, settings):
    settings.TENANT_BASE_SCHEMA = "no_such_template"
    with pytest.raises(provisioning.TemplateSchemaMissing):
        municipality_provision(use_pool=False, **REQUEST)
    assert not schema_exists("m_kirovsk_test")
    assert not Municipality.objects.filter(slug=REQUEST["slug"]).exists()


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"slug": "www"}, "slug", "зарезервирован"),
        ({"slug": "admin"}, "slug", "зарезервирован"),
        ({"slug": "public"}, "slug", "зарезервирован"),
        ({"slug": "Bad_Slug"}, "slug", "строчных латинских"),
        ({"slug": "-x"}, "slug", "строчных латинских"),
        ({"contact_email": "not-an-email"}, "contact_email", "корректный адрес"),
        ({"oktmo": "12ab"}, "oktmo", "ОКТМО"),
        ({"name": "  "}, "name", "наименование"),
        ({"domains": ["bad domain!"]}, "domains", "недопустимое имя домена"),
        ({"domains": ["lenobl.localhost"]}, "domains", "занят регионом"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_russian_message(db, override, field, message):
    with pytest.raises(ValidationError) as caught:
        municipality_provision(use_pool=False, **{**REQUEST, **override})
    assert any(message in text for text in caught.value.message_dict[field])
    assert not Municipality.objects.filter(slug=override.get("slug", REQUEST["slug"])).exists()


def test_a_taken_slug_or_domain_is_rejected(db, muni_a):
    with pytest.raises(ValidationError) as caught:
        municipality_provision(use_pool=False, **{**REQUEST, "slug": muni_a.slug})
    assert "уже занят" in caught.value.message_dict["slug"][0]
    with pytest.raises(ValidationError) as caught:
        municipality_provision(use_pool=False, **{**REQUEST, "domains": [muni_a.default_hostname]})
    assert "уже отдан" in caught.value.message_dict["domains"][0]


def test_a_refill_running_elsewhere_makes_a_second_one_step_aside(db, django_db_blocker):
    import psycopg

    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [provisioning.SPARE_POOL_LOCK])
        assert provisioning.spare_pool_refill(size=2) == 0
    assert provisioning.spare_pool_refill(size=1) == 1

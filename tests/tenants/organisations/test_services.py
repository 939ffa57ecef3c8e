"""Organisation services: validation, audit and history through the audited actions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from audit.models import AuditEntry
from tenants.organisations.models import Organisation, OrganisationKind, SiteKind
from tenants.organisations.services import (
    organisation_create,
    organisation_delete,
    organisation_site_status_add,
    organisation_update,
)
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory


def _create(**overrides):
    fields = dict(
        full_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»",
        short_name="МБОУ «СОШ № 1»",
        inn="4714012344",
        kind=OrganisationKind.SCHOOL,
    )
    return organisation_create(**{**fields, **overrides})


def test_create_writes_history_and_audit(muni_a, methodologist_a):
    with tenant_context(muni_a):
        organisation = _create(acting_user=methodologist_a)
        entry = ModelLogEntry.objects.get(object_id=str(organisation.pk), action="wagtail.create")
    assert entry.user_id == methodologist_a.pk
    audit = AuditEntry.objects.get(action="organisation.create")
    assert audit.municipality_id == muni_a.pk and audit.actor_id == methodologist_a.pk


def test_create_refuses_a_bad_inn_or_a_taken_one_in_russian(muni_a, methodologist_a):
    with tenant_context(muni_a):
        with pytest.raises(ValidationError) as bad:
            _create(acting_user=methodologist_a, inn="4714012345")
        assert bad.value.message_dict["inn"] == ["ИНН «4714012345» не проходит проверку контрольной цифры."]
        _create(acting_user=methodologist_a)
        with pytest.raises(ValidationError) as taken:
            _create(acting_user=methodologist_a, short_name="Другая")
        assert taken.value.message_dict["inn"] == ["Организация с таким ИНН уже есть в реестре."]
        assert Organisation.objects.count() == 1


def test_the_same_inn_in_two_municipalities(muni_a, muni_b, methodologist_a):
    for municipality in (muni_a, muni_b):
        with tenant_context(municipality):
            _create(acting_user=None)
            assert Organisation.objects.count() == 1


def test_update_records_the_changed_fields(muni_a, methodologist_a):
    with tenant_context(muni_a):
        organisation = OrganisationFactory()
        organisation_update(organisation=organisation, acting_user=methodologist_a, head_name="Петрова А. А.")
        organisation.refresh_from_db()
        assert organisation.head_name == "Петрова А. А."
        with pytest.raises(TypeError):
            organisation_update(organisation=organisation, acting_user=methodologist_a, nonsense=1)
    assert AuditEntry.objects.get(action="organisation.update").data["fields"] == ["head_name"]


def test_delete_is_refused_while_teachers_work_there(muni_a, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        organisation = teacher.organisation
        with pytest.raises(ValidationError, match="нельзя удалить: с ней связаны педагоги"):
            organisation_delete(organisation=organisation, acting_user=methodologist_a)
        assert Organisation.objects.filter(pk=organisation.pk).exists()
        teacher.delete()
        organisation_delete(organisation=organisation, acting_user=methodologist_a)
        assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert AuditEntry.objects.filter(action="organisation.delete").count() == 1


def test_site_status_period_is_checked(muni_a, methodologist_a):
    with tenant_context(muni_a):
        organisation = OrganisationFactory()
        status = organisation_site_status_add(
            organisation=organisation,
            acting_user=methodologist_a,
            kind=SiteKind.INTERNSHIP,
            valid_from=datetime.date(2024, 9, 1),
            order_number="1-р",
            order_date=datetime.date(2024, 8, 20),
        )
        assert status.is_current(datetime.date(2030, 1, 1))
        assert not status.is_current(datetime.date(2024, 8, 31))
        with pytest.raises(ValidationError) as error:
            organisation_site_status_add(
                organisation=organisation,
                acting_user=methodologist_a,
                kind=SiteKind.BASE,
                valid_from=datetime.date(2024, 9, 1),
                valid_to=datetime.date(2024, 1, 1),
                order_number="2-р",
                order_date=datetime.date(2024, 8, 20),
            )
        assert error.value.message_dict["valid_to"] == ["Дата окончания раньше даты начала."]

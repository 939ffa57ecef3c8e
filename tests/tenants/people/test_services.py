"""Teachers and the service's methodologists: validation, audit, one head of service."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.people.models import Methodologist, ResponsibilityArea, Teacher
from tenants.people.services import (
    head_of_service_set,
    methodologist_create,
    methodologist_update,
    teacher_create,
    teacher_delete,
    teacher_update,
)
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory


def test_teacher_create_with_subjects_and_audit(muni_a, methodologist_a):
    with tenant_context(muni_a):
        maths = SubjectFactory(name="Математика")
        teacher = teacher_create(
            acting_user=methodologist_a,
            last_name="Иванова",
            first_name="Мария",
            middle_name="Петровна",
            position="учитель математики",
            organisation=OrganisationFactory(),
            teaching_since=datetime.date(2024, 9, 1),
            subjects=[maths],
        )
        assert list(teacher.subjects.all()) == [maths]
        assert str(teacher) == "Иванова Мария Петровна"
    assert AuditEntry.objects.get(action="teacher.create").actor_id == methodologist_a.pk


def test_teacher_validation_is_russian(muni_a, methodologist_a):
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        teacher_create(
            acting_user=methodologist_a,
            last_name="Иванова",
            first_name="Мария",
            position="учитель",
            organisation=OrganisationFactory(),
            email="не-почта",
        )
    assert error.value.message_dict["email"] == ["Введите правильный адрес электронной почты."]


def test_teacher_update_and_delete(muni_a, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        history = SubjectFactory(name="История")
        teacher_update(teacher=teacher, acting_user=methodologist_a, position="завуч", subjects=[history])
        teacher.refresh_from_db()
        assert teacher.position == "завуч" and list(teacher.subjects.all()) == [history]
        teacher_delete(teacher=teacher, acting_user=methodologist_a)
        assert not Teacher.objects.exists()
    assert AuditEntry.objects.get(action="teacher.update").data["fields"] == ["position"]


def test_methodologist_must_hold_a_service_role_here(muni_a, muni_b, make_user, methodologist_a):
    teacher_account = make_user(Role.TEACHER, muni_a)
    methodologist_of_b = make_user(Role.METHODOLOGIST, muni_b)
    with tenant_context(muni_a):
        for user in (teacher_account, methodologist_of_b):
            with pytest.raises(ValidationError) as error:
                methodologist_create(user=user, acting_user=methodologist_a)
            assert "только методист или руководитель этого муниципалитета" in error.value.messages[0]
        areas = list(ResponsibilityArea.objects.filter(name="Школа молодого педагога"))
        methodologist = methodologist_create(user=methodologist_a, acting_user=methodologist_a, areas=areas)
        assert [a.name for a in methodologist.areas.all()] == ["Школа молодого педагога"]
        with pytest.raises(ValidationError) as twice:
            methodologist_create(user=methodologist_a, acting_user=methodologist_a)
        assert twice.value.messages == ["Этот сотрудник уже есть среди методистов службы."]


def test_one_head_of_service(muni_a, make_user, methodologist_a):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        first = methodologist_create(user=head, acting_user=None, is_head=True)
        second = methodologist_create(user=methodologist_a, acting_user=None)
        with pytest.raises(ValidationError) as error:
            methodologist_update(methodologist=second, acting_user=None, is_head=True)
        assert error.value.messages == ["Руководитель службы уже назначен: сначала снимите отметку у прежнего."]
        head_of_service_set(methodologist=Methodologist.objects.get(pk=second.pk), acting_user=None)
        assert list(Methodologist.objects.filter(is_head=True)) == [second]
        first.refresh_from_db()
        assert not first.is_head

"""Reads of teachers: filters (young teachers included), multi-word search, accounts offered."""

from __future__ import annotations

import datetime

from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.people.models import QualificationCategory, StaffKind
from tenants.people.selectors import head_of_service, service_staff_accounts, teacher_accounts, teacher_list
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory

TODAY = datetime.date(2025, 10, 1)


def test_teacher_filters(muni_a):
    with tenant_context(muni_a):
        lyceum = OrganisationFactory(short_name="МБОУ «Лицей № 8»")
        maths = SubjectFactory(name="Математика")
        young = TeacherFactory(
            last_name="Иванова", organisation=lyceum, subjects=[maths], teaching_since=datetime.date(2023, 9, 1)
        )
        senior = TeacherFactory(
            last_name="Петрова",
            qualification_category=QualificationCategory.HIGHEST,
            teaching_since=datetime.date(2000, 9, 1),
        )
        manager = TeacherFactory(last_name="Сидоров", staff_kind=StaffKind.MANAGEMENT, teaching_since=None)
        assert list(teacher_list(organisation_id=lyceum.pk)) == [young]
        assert list(teacher_list(subject_id=maths.pk)) == [young]
        assert list(teacher_list(qualification_category=QualificationCategory.HIGHEST)) == [senior]
        assert list(teacher_list(staff_kind=StaffKind.MANAGEMENT)) == [manager]
        assert list(teacher_list(young=True, on=TODAY)) == [young]
        assert list(teacher_list(young=False, on=TODAY)) == [senior, manager]
        assert list(teacher_list(young=True, on=datetime.date(2026, 9, 1))) == []


def test_search_every_word_anywhere(muni_a):
    with tenant_context(muni_a):
        lyceum = OrganisationFactory(short_name="МБОУ «Лицей № 8»")
        ivanova = TeacherFactory(last_name="Иванова", first_name="Мария", organisation=lyceum)
        TeacherFactory(last_name="Иванова", first_name="Анна")
        assert list(teacher_list(search="иванова мария")) == [ivanova]
        assert list(teacher_list(search="Иванова лицей")) == [ivanova]
        assert len(teacher_list(search="иванова")) == 2


def test_accounts_offered_are_this_municipalitys(muni_a, muni_b, make_user, methodologist_a):
    head = make_user(Role.HEAD, muni_a)
    teacher = make_user(Role.TEACHER, muni_a)
    outsider = make_user(Role.METHODOLOGIST, muni_b)
    with tenant_context(muni_a):
        assert set(service_staff_accounts()) == {head, methodologist_a}
        assert set(teacher_accounts()) == {head, methodologist_a, teacher}
        assert outsider not in teacher_accounts()
        assert head_of_service() is None

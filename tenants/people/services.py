"""Writes of the municipality's teachers and service staff: one path for the admin, imports, commands and tests.

Single objects go through the audited actions (``tenants.audited_actions``): validation, Wagtail's
history and the region's audit row in one transaction. A file of teachers goes through the
import engine (bulk writes, one audit row with the counts).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser, User
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.imports.engine import import_apply
from tenants.imports.specs import ImportResult
from tenants.organisations.models import Organisation
from tenants.people.imports import TeacherImportSpec
from tenants.people.models import (
    Methodologist,
    QualificationCategory,
    ResponsibilityArea,
    StaffKind,
    Subject,
    Teacher,
)
from tenants.people.selectors import service_staff_accounts

TEACHER_FIELDS = frozenset(
    {
        "last_name",
        "first_name",
        "middle_name",
        "staff_kind",
        "position",
        "organisation",
        "qualification_category",
        "teaching_since",
        "email",
        "phone",
        "user",
    }
)
METHODOLOGIST_FIELDS = frozenset({"position", "is_head", "phone"})


def subject_create(*, name: str, acting_user: ActingUser) -> Subject:
    return audited_create(Subject(name=name.strip()), acting_user=acting_user)


def responsibility_area_create(*, name: str, acting_user: ActingUser) -> ResponsibilityArea:
    return audited_create(ResponsibilityArea(name=name.strip()), acting_user=acting_user)


@transaction.atomic
def teacher_create(
    *,
    acting_user: ActingUser,
    last_name: str,
    first_name: str,
    position: str,
    organisation: Organisation,
    middle_name: str = "",
    staff_kind: str = StaffKind.TEACHING,
    qualification_category: str = QualificationCategory.NONE,
    teaching_since: datetime.date | None = None,
    email: str = "",
    phone: str = "",
    user: User | None = None,
    subjects: Iterable[Subject] = (),
) -> Teacher:
    """Add a teacher or a manager (004 §2.1.5–2.1.6); raises ValidationError on bad input."""
    teacher = Teacher(
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        staff_kind=staff_kind,
        position=position,
        organisation=organisation,
        qualification_category=qualification_category,
        teaching_since=teaching_since,
        email=email,
        phone=phone,
        user=user,
    )
    teacher = audited_create(teacher, acting_user=acting_user)
    teacher.subjects.set(list(subjects))
    return teacher


@transaction.atomic
def teacher_update(
    *, teacher: Teacher, acting_user: ActingUser, subjects: Iterable[Subject] | None = None, **fields: Any
) -> Teacher:
    unknown = set(fields) - TEACHER_FIELDS
    if unknown:
        raise TypeError(f"not teacher fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(teacher, name, value)
    audited_update(teacher, acting_user=acting_user)
    if subjects is not None:
        teacher.subjects.set(list(subjects))
    return teacher


def teacher_delete(*, teacher: Teacher, acting_user: ActingUser) -> None:
    audited_delete(teacher, acting_user=acting_user)


@transaction.atomic
def teachers_import(*, data: bytes, filename: str, acting_user: ActingUser) -> ImportResult:
    """Add and update teachers from an XLSX or CSV file, all rows or none (see TeacherImportSpec)."""
    return import_apply(TeacherImportSpec(), data, filename=filename, acting_user=acting_user)


def _check_service_account(user: User) -> None:
    if not service_staff_accounts().filter(pk=user.pk).exists():
        raise ValidationError(
            {"user": _("Методистом службы может быть только методист или руководитель этого муниципалитета.")},
            code="not_staff",
        )


@transaction.atomic
def methodologist_create(
    *,
    user: User,
    acting_user: ActingUser,
    position: str = "методист",
    is_head: bool = False,
    phone: str = "",
    areas: Iterable[ResponsibilityArea] = (),
) -> Methodologist:
    """Add a person with a methodologist's or head's role here to the service's staff (001 §3.7)."""
    _check_service_account(user)
    methodologist = audited_create(
        Methodologist(user=user, position=position, is_head=is_head, phone=phone), acting_user=acting_user
    )
    methodologist.areas.set(list(areas))
    return methodologist


@transaction.atomic
def methodologist_update(
    *,
    methodologist: Methodologist,
    acting_user: ActingUser,
    areas: Iterable[ResponsibilityArea] | None = None,
    **fields: Any,
) -> Methodologist:
    unknown = set(fields) - METHODOLOGIST_FIELDS
    if unknown:
        raise TypeError(f"not methodologist fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(methodologist, name, value)
    audited_update(methodologist, acting_user=acting_user)
    if areas is not None:
        methodologist.areas.set(list(areas))
    return methodologist


@transaction.atomic
def head_of_service_set(*, methodologist: Methodologist, acting_user: ActingUser) -> Methodologist:
    """Make ``methodologist`` the head of the service, taking the mark from the previous head."""
    for previous in Methodologist.objects.filter(is_head=True).exclude(pk=methodologist.pk):
        previous.is_head = False
        audited_update(previous, acting_user=acting_user)
    methodologist.is_head = True
    return audited_update(methodologist, acting_user=acting_user)


def methodologist_delete(*, methodologist: Methodologist, acting_user: ActingUser) -> None:
    audited_delete(methodologist, acting_user=acting_user)

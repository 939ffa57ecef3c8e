"""Services of the bodies: create, compositions and roles, copying to the next year, rules per kind."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from accounts.models import Role
from audit.models import AuditEntry
from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body, BodyKind, BodyMembership, BodyYear, CoordinationArea, MemberRole
from tenants.bodies.selectors import body_composition
from tenants.bodies.services import (
    body_composition_approve,
    body_composition_copy,
    body_create,
    body_membership_create,
    body_membership_update,
    body_update,
)
from tests.tenants.bodies.conftest import YEAR
from tests.tenants.bodies.factories import BodyFactory, MembershipFactory
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_body_create_makes_a_city_association_with_its_leader_audited(muni_a, methodologist_a):
    with tenant_context(muni_a):
        leader = TeacherFactory()
        subject = SubjectFactory(name="Математика")
        body = body_create(
            kind=BodyKind.CITY_ASSOCIATION,
            name="ГМО учителей математики",
            subject=subject,
            since_year=YEAR,
            head=leader,
            acting_user=methodologist_a,
        )
        membership = BodyMembership.objects.get(body=body)
        assert (membership.teacher, membership.role, membership.academic_year) == (leader, MemberRole.LEADER, 2025)
        logged = set(ModelLogEntry.objects.filter(action="wagtail.create").values_list("object_id", flat=True))
        assert {str(body.pk), str(membership.pk)} <= logged
    actions = list(AuditEntry.objects.filter(municipality=muni_a).values_list("action", "actor_id"))
    assert ("body.create", methodologist_a.pk) in actions
    assert ("body_membership.create", methodologist_a.pk) in actions


def test_city_association_needs_a_leader_and_a_subject_or_category(muni_a, methodologist_a):
    with tenant_context(muni_a):
        with pytest.raises(ValidationError) as no_leader:
            body_create(kind=BodyKind.CITY_ASSOCIATION, name="ГМО", since_year=YEAR, acting_user=methodologist_a)
        assert "У ГМО должен быть руководитель" in messages_of(no_leader)
        with pytest.raises(ValidationError) as no_subject:
            body_create(
                kind=BodyKind.CITY_ASSOCIATION,
                name="ГМО",
                since_year=YEAR,
                head=TeacherFactory(),
                acting_user=methodologist_a,
            )
        assert no_subject.value.message_dict["subject"] == ["Для ГМО укажите предмет или категорию педагогов."]
        by_category = body_create(
            kind=BodyKind.CITY_ASSOCIATION,
            name="ГМО воспитателей ДОО",
            category="воспитатели ДОО",
            since_year=YEAR,
            head=TeacherFactory(),
            acting_user=methodologist_a,
        )
        assert by_category.pk and not Body.objects.filter(name="ГМО").exists()


@pytest.mark.parametrize(
    ("kind", "fields", "field", "message"),
    [
        (BodyKind.SCHOOL_ASSOCIATION, {}, "organisation", "Для ШМО укажите образовательную организацию"),
        (
            BodyKind.CREATIVE_GROUP,
            {"term_start": datetime.date(2025, 9, 1), "term_end": datetime.date(2026, 5, 31)},
            "topic",
            "Для творческой группы укажите тему",
        ),
        (
            BodyKind.CREATIVE_GROUP,
            {"topic": "Функциональная грамотность"},
            "term_start",
            "Для творческой группы укажите начало срока работы",
        ),
        (
            BodyKind.CREATIVE_GROUP,
            {"topic": "Т", "term_start": datetime.date(2026, 5, 1), "term_end": datetime.date(2025, 9, 1)},
            "term_end",
            "Дата окончания срока работы должна быть позже даты начала",
        ),
        (BodyKind.COORDINATION_COUNCIL, {}, "coordination_area", "укажите направление его работы"),
        (
            BodyKind.COUNCIL,
            {"coordination_area": CoordinationArea.GIFTED_CHILDREN},
            "coordination_area",
            "только для координационного совета",
        ),
    ],
)
def test_rules_per_kind(muni_a, methodologist_a, kind, fields, field, message):
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        body_create(kind=kind, name="Проверка", since_year=YEAR, acting_user=methodologist_a, **fields)
    assert message in " ".join(error.value.message_dict[field])


def test_each_kind_is_created_with_what_it_needs(muni_a, methodologist_a):
    with tenant_context(muni_a):
        school = OrganisationFactory()
        created = [
            body_create(kind=BodyKind.COUNCIL, name="Методический совет", since_year=YEAR, acting_user=methodologist_a),
            body_create(
                kind=BodyKind.SCHOOL_ASSOCIATION,
                name="ШМО учителей начальных классов",
                organisation=school,
                since_year=YEAR,
                acting_user=methodologist_a,
            ),
            body_create(
                kind=BodyKind.CREATIVE_GROUP,
                name="Творческая группа",
                topic="Формирующее оценивание",
                term_start=datetime.date(2025, 9, 1),
                term_end=datetime.date(2026, 5, 31),
                since_year=YEAR,
                acting_user=methodologist_a,
            ),
            body_create(
                kind=BodyKind.EXPERT_COUNCIL, name="Экспертный совет", since_year=YEAR, acting_user=methodologist_a
            ),
            body_create(
                kind=BodyKind.COORDINATION_COUNCIL,
                name="Координационный совет по профориентации",
                coordination_area=CoordinationArea.CAREER_GUIDANCE,
                since_year=YEAR,
                acting_user=methodologist_a,
            ),
        ]
        assert Body.objects.count() == len(created)


def test_one_chair_per_council_per_year_and_roles_by_kind(muni_a, methodologist_a):
    with tenant_context(muni_a):
        council = BodyFactory(kind=BodyKind.COUNCIL, name="Методический совет", subject=None)
        association = BodyFactory()
        body_membership_create(
            body=council,
            academic_year=YEAR,
            role=MemberRole.CHAIR,
            teacher=TeacherFactory(),
            acting_user=methodologist_a,
        )
        with pytest.raises(ValidationError) as second_chair:
            body_membership_create(
                body=council,
                academic_year=YEAR,
                role=MemberRole.CHAIR,
                teacher=TeacherFactory(),
                acting_user=methodologist_a,
            )
        assert "председатель может быть один" in messages_of(second_chair)
        # Next year is another composition: a chair of its own is fine.
        body_membership_create(
            body=council,
            academic_year=YEAR.next(),
            role=MemberRole.CHAIR,
            teacher=TeacherFactory(),
            acting_user=methodologist_a,
        )
        with pytest.raises(ValidationError) as leader_of_council:
            body_membership_create(
                body=council,
                academic_year=YEAR,
                role=MemberRole.LEADER,
                teacher=TeacherFactory(),
                acting_user=methodologist_a,
            )
        assert leader_of_council.value.message_dict["role"] == ["У совета не руководитель, а председатель."]
        with pytest.raises(ValidationError) as chair_of_association:
            body_membership_create(
                body=association,
                academic_year=YEAR,
                role=MemberRole.CHAIR,
                teacher=TeacherFactory(),
                acting_user=methodologist_a,
            )
        assert "Председатель бывает только у совета" in messages_of(chair_of_association)


def test_a_person_is_in_a_composition_once_and_is_a_teacher_or_a_user(muni_a, methodologist_a):
    with tenant_context(muni_a):
        council = BodyFactory(kind=BodyKind.COUNCIL, name="Совет", subject=None)
        teacher = TeacherFactory()
        body_membership_create(body=council, academic_year=YEAR, teacher=teacher, acting_user=methodologist_a)
        with pytest.raises(ValidationError) as twice:
            body_membership_create(body=council, academic_year=YEAR, teacher=teacher, acting_user=methodologist_a)
        assert "Этот педагог уже входит в состав" in messages_of(twice)
        with pytest.raises(ValidationError) as nobody:
            body_membership_create(body=council, academic_year=YEAR, acting_user=methodologist_a)
        assert "либо педагога, либо пользователя платформы" in messages_of(nobody)
        with pytest.raises(ValidationError) as both:
            body_membership_create(
                body=council,
                academic_year=YEAR,
                teacher=TeacherFactory(),
                user=methodologist_a,
                acting_user=methodologist_a,
            )
        assert "либо педагога, либо пользователя платформы" in messages_of(both)


def test_platform_users_sit_on_councils_of_their_own_municipality_only(muni_a, muni_b, methodologist_a, make_user):
    official = make_user(Role.HEAD, muni_a)
    stranger = make_user(Role.METHODOLOGIST, muni_b)
    with tenant_context(muni_a):
        council = BodyFactory(kind=BodyKind.COUNCIL, name="Совет", subject=None)
        chair = body_membership_create(
            body=council, academic_year=YEAR, role=MemberRole.CHAIR, user=official, acting_user=methodologist_a
        )
        assert chair.person_name == str(official)
        with pytest.raises(ValidationError) as from_b:
            body_membership_create(body=council, academic_year=YEAR, user=stranger, acting_user=methodologist_a)
        assert from_b.value.message_dict["user"] == ["Этот пользователь не работает в этом муниципальном образовании."]
        with pytest.raises(ValidationError) as in_association:
            body_membership_create(body=BodyFactory(), academic_year=YEAR, user=official, acting_user=methodologist_a)
        assert "пользователя платформы можно включить только в совет" in messages_of(in_association)


def test_school_association_members_work_at_its_school(muni_a, methodologist_a):
    with tenant_context(muni_a):
        school, other = OrganisationFactory(), OrganisationFactory()
        shmo = BodyFactory(kind=BodyKind.SCHOOL_ASSOCIATION, name="ШМО", subject=None, organisation=school)
        body_membership_create(
            body=shmo,
            academic_year=YEAR,
            role=MemberRole.LEADER,
            teacher=TeacherFactory(organisation=school),
            acting_user=methodologist_a,
        )
        with pytest.raises(ValidationError) as elsewhere:
            body_membership_create(
                body=shmo, academic_year=YEAR, teacher=TeacherFactory(organisation=other), acting_user=methodologist_a
            )
        assert f"В ШМО входят педагоги организации «{school}»" in messages_of(elsewhere)


def test_membership_period_lies_in_its_year_and_ends_after_it_starts(muni_a, methodologist_a):
    with tenant_context(muni_a):
        body = BodyFactory()
        with pytest.raises(ValidationError) as outside:
            body_membership_create(
                body=body,
                academic_year=YEAR,
                teacher=TeacherFactory(),
                start_date=datetime.date(2025, 8, 31),
                acting_user=methodologist_a,
            )
        assert outside.value.message_dict["start_date"] == [
            "Дата должна лежать в пределах 2025/2026 учебного года (с 01.09.2025 по 31.08.2026)."
        ]
        with pytest.raises(ValidationError) as backwards:
            body_membership_create(
                body=body,
                academic_year=YEAR,
                teacher=TeacherFactory(),
                start_date=datetime.date(2026, 1, 10),
                end_date=datetime.date(2025, 12, 1),
                acting_user=methodologist_a,
            )
        assert "Дата окончания участия раньше даты начала." in messages_of(backwards)
        with pytest.raises(ValidationError) as before_body:
            body_membership_create(
                body=body,
                academic_year=AcademicYear(body.since_year - 1),
                teacher=TeacherFactory(),
                acting_user=methodologist_a,
            )
        assert "не работает в" in messages_of(before_body)


def test_membership_update_changes_role_audited(muni_a, methodologist_a):
    with tenant_context(muni_a):
        membership = MembershipFactory(academic_year=YEAR.start)
        body_membership_update(membership=membership, role=MemberRole.SECRETARY, acting_user=methodologist_a)
        membership.refresh_from_db()
        assert membership.role == MemberRole.SECRETARY
    entry = AuditEntry.objects.get(action="body_membership.update")
    assert entry.data == {"id": membership.pk, "fields": ["role"]}


def test_composition_copy_prepares_next_year_idempotently(muni_a, methodologist_a):
    with tenant_context(muni_a):
        body = BodyFactory()
        leader = MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.LEADER)
        secretary = MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.SECRETARY)
        member = MembershipFactory(body=body, academic_year=YEAR.start, position_note="МБОУ «СОШ № 2»")
        MembershipFactory(body=body, academic_year=YEAR.start, end_date=datetime.date(2026, 1, 31))  # left

        first = body_composition_copy(body=body, from_year=YEAR, to_year=YEAR.next(), acting_user=methodologist_a)
        copied = {
            (m.teacher_id, m.role, m.position_note) for m in body_composition(body=body, academic_year=YEAR.next())
        }
        assert copied == {
            (leader.teacher_id, MemberRole.LEADER, ""),
            (secretary.teacher_id, MemberRole.SECRETARY, ""),
            (member.teacher_id, MemberRole.MEMBER, "МБОУ «СОШ № 2»"),
        }
        assert (len(first.created), first.left_during_year, first.already_present) == (3, 1, 0)

        second = body_composition_copy(body=body, from_year=YEAR, to_year=YEAR.next(), acting_user=methodologist_a)
        assert (len(second.created), second.already_present) == (0, 3)
        assert BodyMembership.objects.filter(body=body, academic_year=YEAR.next().start).count() == 3
        # This year's composition is untouched.
        assert BodyMembership.objects.filter(body=body, academic_year=YEAR.start).count() == 4
        assert ModelLogEntry.objects.filter(action="bodies.composition_copy", object_id=str(body.pk)).count() == 1
    assert AuditEntry.objects.filter(action="body.composition_copy").count() == 1
    assert AuditEntry.objects.filter(action="body_membership.create").count() == 3


def test_composition_copy_keeps_a_taken_role_and_adds_the_person_as_member(muni_a, methodologist_a):
    with tenant_context(muni_a):
        body = BodyFactory()
        old_leader = MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.LEADER)
        new_leader = MembershipFactory(body=body, academic_year=YEAR.next().start, role=MemberRole.LEADER)
        result = body_composition_copy(body=body, from_year=YEAR, to_year=YEAR.next(), acting_user=methodologist_a)
        assert [m.teacher_id for m in result.role_taken] == [old_leader.teacher_id]
        roles = dict(
            BodyMembership.objects.filter(body=body, academic_year=YEAR.next().start).values_list("teacher_id", "role")
        )
        assert roles == {new_leader.teacher_id: MemberRole.LEADER, old_leader.teacher_id: MemberRole.MEMBER}


def test_composition_copy_refuses_a_year_the_body_does_not_work(muni_a, methodologist_a):
    with tenant_context(muni_a):
        body = BodyFactory(since_year=2024, until_year=2025)
        MembershipFactory(body=body, academic_year=YEAR.start)
        with pytest.raises(ValidationError) as error:
            body_composition_copy(body=body, from_year=YEAR, to_year=YEAR.next(), acting_user=methodologist_a)
        assert "не работает в 2026/2027 учебном году" in messages_of(error)
        with pytest.raises(ValidationError):
            body_composition_copy(body=body, from_year=YEAR, to_year=YEAR, acting_user=methodologist_a)


def test_composition_is_approved_only_with_its_head(muni_a, methodologist_a):
    order_date = datetime.date(2025, 9, 5)
    with tenant_context(muni_a):
        body = BodyFactory()
        MembershipFactory(body=body, academic_year=YEAR.start)
        with pytest.raises(ValidationError) as no_leader:
            body_composition_approve(
                body=body, academic_year=YEAR, order_number="112", order_date=order_date, acting_user=methodologist_a
            )
        assert no_leader.value.message_dict["composition_order_number"] == [
            "Состав на 2025/2026 учебный год нельзя утвердить без участника с ролью «Руководитель»."
        ]
        MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.LEADER)
        approved = body_composition_approve(
            body=body, academic_year=YEAR, order_number="112", order_date=order_date, acting_user=methodologist_a
        )
        assert approved.is_approved and BodyYear.objects.get(body=body).composition_order_number == "112"
        with pytest.raises(ValidationError) as half:
            body_composition_approve(
                body=body, academic_year=YEAR.next(), order_number="7", order_date=None, acting_user=methodologist_a
            )
        assert "укажите и номер, и дату приказа" in messages_of(half)
    assert AuditEntry.objects.filter(action="body_year.create").count() == 1


def test_kind_change_may_not_break_kept_compositions(muni_a, methodologist_a):
    with tenant_context(muni_a):
        body = BodyFactory()
        MembershipFactory(body=body, academic_year=YEAR.start, role=MemberRole.LEADER)
        with pytest.raises(ValidationError) as error:
            body_update(body=body, kind=BodyKind.COUNCIL, subject=None, acting_user=methodologist_a)
        assert "В составах есть руководитель" in " ".join(error.value.message_dict["kind"])
        body.refresh_from_db()
        body_update(body=body, name="ГМО учителей информатики", acting_user=methodologist_a)
        assert Body.objects.get(pk=body.pk).name == "ГМО учителей информатики"

"""Demo data of the leaders' workspace (issue 15 §1): the demo association leader's year with its
plan approved and the analysis on the methodologist's table, the composition the leader keeps and
a material of the year, and a ШМО at the demo coordinator's school with its leader and plan (a
file) set by the coordinator. Idempotent; runs inside the municipality's schema after the
bodies, development and quality seeders (the leader and coordinator are bound by those apps'
seeders)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import Role
from accounts.selectors import municipality_people
from tenants.academic_years import AcademicYear
from tenants.bodies.models import (
    AssociationLeader,
    Body,
    BodyKind,
    BodyMaterial,
    BodyMembership,
    BodyYear,
    MemberRole,
)
from tenants.bodies.services import body_create, body_membership_create, body_year_save
from tenants.leadership.effectiveness import criteria_active, effectiveness_assess, subject_objects
from tenants.leadership.models import (
    Assessor,
    BodyYearReview,
    EffectivenessAssessment,
    EffectivenessSubject,
    ReviewPart,
    ReviewStatus,
)
from tenants.leadership.school_associations import (
    coordinator_association_leader_set,
    coordinator_association_plan_save,
)
from tenants.leadership.services import (
    leader_material_add,
    leader_member_add,
    leader_year_save,
    review_decide,
    review_submit,
)
from tenants.municipalities.models import Municipality
from tenants.organisations.models import SchoolCoordinator
from tenants.people.models import Teacher
from tenants.sample_documents import pdf_bytes

SHMO_NAME = "ШМО учителей начальных классов"
ANALYSIS = (
    "Проведено пять заседаний, открытые уроки дали восемь участников объединения. "
    "Затруднения: формирующее оценивание, работа с текстом. Предложения в план на следующий год."
)


def demo_seed(municipality: Municipality) -> None:
    with transaction.atomic():
        _leader_year(municipality)
        _leader_composition_and_materials()
        _school_association()
        _school_association_kept()
        _effectiveness(municipality)


MATERIAL_TITLE = "Методические рекомендации по формирующему оцениванию"


def _leader_composition_and_materials() -> None:
    """The demo leader's composition for the year (two teachers added by the leader, one of whom
    left in the winter) and a material of the year: both screens of the leader show something."""
    leader = AssociationLeader.objects.select_related("body", "user").order_by("pk").first()
    if leader is None:
        return
    body, year = leader.body, AcademicYear.current()
    if not body.is_active_in(year) or BodyMaterial.objects.filter(body=body, title=MATERIAL_TITLE).exists():
        return
    present = BodyMembership.objects.filter(body=body, academic_year=year.start).values("teacher_id")
    candidates = Teacher.objects.exclude(pk__in=present)
    if body.kind == BodyKind.SCHOOL_ASSOCIATION:
        candidates = candidates.filter(organisation=body.organisation)
    for index, teacher in enumerate(candidates.order_by("pk")[:2]):
        leader_member_add(
            body=body,
            academic_year=year,
            teacher=teacher,
            role=MemberRole.MEMBER,
            end_date=year.first_day.replace(year=year.start + 1, month=1, day=31) if index else None,
            acting_user=leader.user,
        )
    leader_material_add(
        body=body,
        academic_year=year,
        title=MATERIAL_TITLE,
        file=ContentFile(
            pdf_bytes(MATERIAL_TITLE, ["Приёмы формирующего оценивания на уроке.", "Листы самооценки."]),
            name="formiruyushchee-ocenivanie.pdf",
        ),
        acting_user=leader.user,
    )


def _school_association_kept() -> None:
    """The demo coordinator keeps their school's ШМО: its leader for the year and its plan."""
    coordinator = SchoolCoordinator.objects.select_related("organisation", "user").order_by("pk").first()
    if coordinator is None:
        return
    body = Body.objects.filter(
        kind=BodyKind.SCHOOL_ASSOCIATION, organisation=coordinator.organisation, name=SHMO_NAME
    ).first()
    year = AcademicYear.current()
    if body is None or BodyYear.objects.filter(body=body, academic_year=year.start).exclude(plan_file="").exists():
        return
    teacher = Teacher.objects.filter(organisation=coordinator.organisation).order_by("pk").first()
    if teacher is not None:
        coordinator_association_leader_set(body=body, academic_year=year, teacher=teacher, acting_user=coordinator.user)
    coordinator_association_plan_save(
        body=body,
        academic_year=year,
        plan_text="Заседания раз в четверть; взаимопосещение уроков; подготовка к ВПР в 4 классе.",
        plan_file=ContentFile(
            pdf_bytes(SHMO_NAME, ["План работы на учебный год.", "Сентябрь: утверждение плана."]),
            name="plan-shmo.pdf",
        ),
        acting_user=coordinator.user,
    )


def _scores(subject: str, pattern: tuple[int, ...]) -> dict[int, int]:
    criteria = list(criteria_active(subject))
    return {c.pk: min(c.max_score, pattern[i % len(pattern)]) for i, c in enumerate(criteria)}


def _effectiveness(municipality: Municipality) -> None:
    """Self-assessments of the demo leader and coordinator, and the methodologist's assessments of
    the first associations and schools: the heat map on the head's monitoring has rows."""
    if EffectivenessAssessment.objects.exists():
        return
    methodologist = municipality_people(municipality_id=municipality.pk, roles=[Role.METHODOLOGIST]).first()
    year = AcademicYear.current()
    leader = AssociationLeader.objects.select_related("body", "user").order_by("pk").first()
    if leader is not None:
        effectiveness_assess(
            obj=leader.body, academic_year=year, assessor=Assessor.SELF,
            scores=_scores(EffectivenessSubject.ASSOCIATION, (2, 2, 1, 2)), acting_user=leader.user,
        )  # fmt: skip
    coordinator = SchoolCoordinator.objects.select_related("organisation", "user").order_by("pk").first()
    if coordinator is not None:
        effectiveness_assess(
            obj=coordinator.organisation, academic_year=year, assessor=Assessor.SELF,
            scores=_scores(EffectivenessSubject.SCHOOL, (2, 1, 2)), acting_user=coordinator.user,
        )  # fmt: skip
    if methodologist is None:
        return
    patterns = ((2, 1, 1, 2), (1, 0, 2), (2, 2, 2, 1, 0))
    for subject in EffectivenessSubject.values:
        for index, obj in enumerate(subject_objects(subject, year)[:3]):
            effectiveness_assess(
                obj=obj, academic_year=year, assessor=Assessor.METHODOLOGIST,
                scores=_scores(subject, patterns[index]), acting_user=methodologist,
            )  # fmt: skip


def _leader_year(municipality: Municipality) -> None:
    leader = AssociationLeader.objects.select_related("body", "user").order_by("pk").first()
    methodologist = municipality_people(municipality_id=municipality.pk, roles=[Role.METHODOLOGIST]).first()
    if leader is None or methodologist is None:
        return
    year = AcademicYear.current()
    body_year = BodyYear.objects.filter(body=leader.body, academic_year=year.start).first()
    if body_year is None or BodyYearReview.objects.filter(body_year=body_year).exists():
        return
    if not (body_year.plan_text.strip() or body_year.plan_file or body_year.plan_items.exists()):
        body_year = leader_year_save(
            body=leader.body, academic_year=year, acting_user=leader.user, plan_text="План работы объединения на год."
        )
    plan = review_submit(body_year=body_year, part=ReviewPart.PLAN, acting_user=leader.user)
    review_decide(review=plan, approve=True, acting_user=methodologist)
    body_year = leader_year_save(body=leader.body, academic_year=year, acting_user=leader.user, analysis_text=ANALYSIS)
    review_submit(body_year=body_year, part=ReviewPart.ANALYSIS, acting_user=leader.user)
    assert BodyYearReview.objects.filter(status=ReviewStatus.SUBMITTED).exists()


def _school_association() -> None:
    coordinator = SchoolCoordinator.objects.select_related("organisation").order_by("pk").first()
    if coordinator is None:
        return
    school = coordinator.organisation
    if Body.objects.filter(kind=BodyKind.SCHOOL_ASSOCIATION, organisation=school, name=SHMO_NAME).exists():
        return
    head = Teacher.objects.filter(organisation=school).order_by("pk").first()
    year = AcademicYear.current()
    body = body_create(
        kind=BodyKind.SCHOOL_ASSOCIATION,
        name=SHMO_NAME,
        since_year=year.previous(),
        organisation=school,
        category="учителя начальных классов",
        head=head,
        acting_user=None,
    )
    if head is not None:
        body_membership_create(body=body, academic_year=year, role=MemberRole.LEADER, teacher=head, acting_user=None)
    body_year_save(
        body=body,
        academic_year=year,
        acting_user=None,
        plan_text="Заседания раз в четверть; взаимопосещение уроков; подготовка к ВПР в 4 классе.",
    )

"""Demo bodies of one municipality, following the Sosnovy Bor structure (000 §1.6, §3.4, §3.7; 001 §3.6).

A methodological council (chaired by the head of the service, 003 §3.1–3.2) with last year's
and this year's composition, the order approving it and two meetings; city associations
(ГМО) of Russian language, mathematics, primary school, pre-school and English teachers with
their plans of work; a creative group on functional literacy; the expert council; the
coordination council for gifted children.

``demo_seed`` runs in the municipality's schema after the organisations and people demo: with
no organisations or teachers it creates nothing. It is idempotent: a body that already exists
is left as it is.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q

from accounts.models import Role, User
from accounts.selectors import municipality_people, user_by_verified_email
from tenants.academic_years import AcademicYear, Month
from tenants.bodies.models import Body, BodyKind, BodyPlanItem, CoordinationArea, MemberRole
from tenants.bodies.services import (
    association_leader_appoint,
    body_composition_approve,
    body_composition_copy,
    body_create,
    body_meeting_create,
    body_membership_create,
    body_year_save,
)
from tenants.municipalities.models import Municipality
from tenants.organisations.models import OrganisationKind
from tenants.people.models import StaffKind, Subject, Teacher

COMPOSITION_ORDER = "45"


@dataclass(frozen=True)
class DemoAssociation:
    name: str
    subjects: tuple[str, ...]  # names to look for in the municipality's catalogue, in order
    category: str  # used when no subject of the catalogue fits
    organisation_kind: str | None = None  # where its teachers work, when no subject picks them
    topic: str = ""


ASSOCIATIONS = (
    DemoAssociation(
        "ГМО учителей русского языка и литературы",
        ("Русский язык", "Русский язык и литература", "Литература"),
        "учителя русского языка и литературы",
        topic="Смысловое чтение и работа с текстом на уроках русского языка и литературы",
    ),
    DemoAssociation(
        "ГМО учителей математики",
        ("Математика", "Алгебра", "Геометрия"),
        "учителя математики",
        topic="Подготовка к ГИА: анализ типичных затруднений обучающихся",
    ),
    DemoAssociation(
        "ГМО учителей начальных классов",
        ("Начальные классы", "Начальное общее образование"),
        "учителя начальных классов",
        topic="Формирование читательской грамотности младших школьников",
    ),
    DemoAssociation(
        "ГМО воспитателей дошкольных образовательных организаций",
        ("Дошкольное образование",),
        "воспитатели ДОО",
        organisation_kind=OrganisationKind.KINDERGARTEN,
        topic="Развитие речи дошкольников в игровой деятельности",
    ),
    DemoAssociation(
        "ГМО учителей английского языка",
        ("Английский язык", "Иностранный язык", "Иностранный язык (английский)"),
        "учителя английского языка",
        topic="Коммуникативный подход в обучении английскому языку",
    ),
)

PLAN_OF_ASSOCIATION = (
    (Month.SEPTEMBER, "Анализ работы за прошлый учебный год, утверждение плана работы", "заседание"),
    (Month.NOVEMBER, "Результаты школьного этапа всероссийской олимпиады школьников", "круглый стол"),
    (Month.JANUARY, "Открытые уроки участников объединения", "мастер-класс"),
    (Month.MARCH, "Обобщение опыта: выступления педагогов", "семинар-практикум"),
    (Month.MAY, "Итоги учебного года, предложения в план на следующий год", "заседание"),
)


# The demo association leader (issue 15 §1): ``gmo@<slug>.example``, made with the demo password
# by ``demo_region`` before the apps seed; bound here to the first demo association.
DEMO_LEADER_LOCAL = "gmo"


def demo_seed(municipality: Municipality) -> None:
    """Seed the demo bodies of ``municipality``; call it inside its schema."""
    teachers = list(Teacher.objects.select_related("organisation").prefetch_related("subjects").order_by("pk"))
    if not teachers:
        return
    with transaction.atomic():
        _seed(municipality, teachers)
        _demo_leader_bind(municipality)


def _demo_leader_bind(municipality: Municipality) -> None:
    user = user_by_verified_email(f"{DEMO_LEADER_LOCAL}@{municipality.slug}.example")
    body = Body.objects.filter(kind=BodyKind.CITY_ASSOCIATION, name=ASSOCIATIONS[0].name).first()
    if user is None or body is None:
        return
    association_leader_appoint(municipality=municipality, body=body, user=user, acting_user=None)


def _seed(municipality: Municipality, teachers: list[Teacher]) -> None:
    year = AcademicYear.current()
    picker = _Picker(teachers)
    head = municipality_people(municipality_id=municipality.pk, roles=[Role.HEAD]).first()
    methodologists = municipality_people(municipality_id=municipality.pk, roles=[Role.METHODOLOGIST])
    if head is not None:
        methodologists = methodologists.exclude(pk=head.pk)
    _council(year, picker, head, methodologists.first())
    for association in ASSOCIATIONS:
        _association(year, picker, association)
    _creative_group(year, picker)
    _expert_council(year, picker)
    _coordination_council(year, picker)


class _Picker:
    """Hands out teachers for compositions, preferring those not yet given to another body."""

    def __init__(self, teachers: list[Teacher]) -> None:
        self.teachers = teachers
        self.used: dict[int, int] = {t.pk: 0 for t in teachers}

    def pick(self, count: int, among: Sequence[Teacher] | None = None) -> list[Teacher]:
        pool = list(among) if among else self.teachers
        chosen = sorted(pool, key=lambda t: (self.used[t.pk], t.pk))[:count]
        for teacher in chosen:
            self.used[teacher.pk] += 1
        return chosen

    def managers(self) -> list[Teacher]:
        return [t for t in self.teachers if t.staff_kind == StaffKind.MANAGEMENT]


def _exists(kind: str, name: str) -> bool:
    return Body.objects.filter(kind=kind, name=name).exists()


def _council(year: AcademicYear, picker: _Picker, head: User | None, methodologist: User | None) -> None:
    name = "Городской методический совет"
    if _exists(BodyKind.COUNCIL, name):
        return
    last_year = year.previous()
    council = body_create(
        kind=BodyKind.COUNCIL,
        name=name,
        description=(
            "Координирует методическую работу на муниципальном уровне (Положение о ММС, п. 3.4): "
            "рассматривает план работы методической службы, итоги мониторингов, опыт педагогов."
        ),
        since_year=last_year,
        acting_user=None,
    )
    members = picker.pick(5, picker.managers())
    people: list[tuple[str, Teacher | None, User | None, str]] = []  # role, teacher or user, note
    if head is not None:
        people.append((MemberRole.CHAIR, None, head, "руководитель муниципальной методической службы"))
    if methodologist is not None:
        people.append((MemberRole.SECRETARY, None, methodologist, "методист"))
    for index, teacher in enumerate(members):
        role: str = MemberRole.MEMBER
        if index == 0 and head is None:
            role = MemberRole.CHAIR
        elif index == 1 and methodologist is None:
            role = MemberRole.SECRETARY
        people.append((role, teacher, None, f"{teacher.position}, {teacher.organisation}"))
    for member_role, member_teacher, member_user, note in people:
        body_membership_create(
            body=council,
            academic_year=last_year,
            role=member_role,
            teacher=member_teacher,
            user=member_user,
            position_note=note,
            acting_user=None,
        )
    # The yearly forming of the structure (001 §3.1): this year's council starts from last year's.
    body_composition_copy(body=council, from_year=last_year, to_year=year, acting_user=None)
    for composition_year in (last_year, year):
        body_composition_approve(
            body=council,
            academic_year=composition_year,
            order_number=COMPOSITION_ORDER,
            order_date=datetime.date(composition_year.start, 8, 29),
            acting_user=None,
        )
    body_meeting_create(
        body=council,
        date=datetime.date(year.start, 9, 24),
        number="1",
        agenda=(
            "1. Об итогах работы методической службы за прошлый учебный год.\n"
            "2. О плане работы методической службы и ГМО на учебный год.\n"
            "3. О составе творческих групп и опорных площадок."
        ),
        minutes=_minutes_docx(council.name, year, "1"),
        acting_user=None,
    )
    body_meeting_create(
        body=council,
        date=datetime.date(year.start + 1, 1, 28),
        number="2",
        agenda=(
            "1. Об итогах муниципального этапа всероссийской олимпиады школьников.\n"
            "2. О выявленных профессиональных дефицитах педагогов и индивидуальных образовательных маршрутах."
        ),
        acting_user=None,
    )


def _subject(names: Sequence[str]) -> Subject | None:
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    found = {s.name.lower(): s for s in Subject.objects.filter(query)}
    return next((found[n.lower()] for n in names if n.lower() in found), None)


def _association(year: AcademicYear, picker: _Picker, spec: DemoAssociation) -> None:
    if _exists(BodyKind.CITY_ASSOCIATION, spec.name):
        return
    subject = _subject(spec.subjects)
    among: list[Teacher] = []
    if subject is not None:
        among = [t for t in picker.teachers if subject in t.subjects.all()]
    elif spec.organisation_kind is not None:
        among = [t for t in picker.teachers if t.organisation.kind == spec.organisation_kind]
    members = picker.pick(5, among)
    leader, others = members[0], members[1:]
    body = body_create(
        kind=BodyKind.CITY_ASSOCIATION,
        name=spec.name,
        subject=subject,
        category="" if subject is not None else spec.category,
        organisation=leader.organisation,
        topic=spec.topic,
        since_year=year,
        head=leader,
        acting_user=None,
    )
    for teacher in others:
        body_membership_create(body=body, academic_year=year, teacher=teacher, acting_user=None)
    body_composition_approve(
        body=body,
        academic_year=year,
        order_number=COMPOSITION_ORDER,
        order_date=datetime.date(year.start, 8, 29),
        acting_user=None,
    )
    body_year = body_year_save(
        body=body,
        academic_year=year,
        plan_text=f"Методическая тема: «{spec.topic}».",
        acting_user=None,
    )
    BodyPlanItem.objects.bulk_create(
        BodyPlanItem(
            body_year=body_year,
            sort_order=index,
            month=month,
            topic=topic,
            form_of_work=form,
            responsible=f"руководитель ГМО {leader.full_name}",
        )
        for index, (month, topic, form) in enumerate(PLAN_OF_ASSOCIATION)
    )
    body_meeting_create(
        body=body,
        date=datetime.date(year.start, 9, 17),
        number="1",
        agenda="1. Анализ работы ГМО за прошлый учебный год.\n2. Утверждение плана работы ГМО на учебный год.",
        attendees=list(body.memberships.filter(academic_year=year.start)),
        acting_user=None,
    )


def _creative_group(year: AcademicYear, picker: _Picker) -> None:
    name = "Творческая группа «Функциональная грамотность»"
    if _exists(BodyKind.CREATIVE_GROUP, name):
        return
    leader, *others = picker.pick(4)
    group = body_create(
        kind=BodyKind.CREATIVE_GROUP,
        name=name,
        topic="Формирование функциональной грамотности обучающихся на уроках и во внеурочной деятельности",
        goal="Разработать и апробировать банк заданий на оценку функциональной грамотности для 5–9 классов.",
        term_start=year.first_day,
        term_end=datetime.date(year.start + 1, 5, 31),
        since_year=year,
        until_year=year,
        head=leader,
        acting_user=None,
    )
    for teacher in others:
        body_membership_create(body=group, academic_year=year, teacher=teacher, acting_user=None)


def _council_of(
    kind: str, name: str, year: AcademicYear, picker: _Picker, *, description: str, coordination_area: str = ""
) -> None:
    if _exists(kind, name):
        return
    chair, *members = picker.pick(5, picker.managers())
    body = body_create(
        kind=kind,
        name=name,
        description=description,
        coordination_area=coordination_area,
        since_year=year,
        head=chair,
        acting_user=None,
    )
    for index, teacher in enumerate(members):
        role = MemberRole.SECRETARY if index == 0 else MemberRole.MEMBER
        body_membership_create(body=body, academic_year=year, role=role, teacher=teacher, acting_user=None)


def _expert_council(year: AcademicYear, picker: _Picker) -> None:
    _council_of(
        BodyKind.EXPERT_COUNCIL,
        "Экспертный совет",
        year,
        picker,
        description="Экспертиза методических разработок, программ и материалов педагогов, положений о конкурсах.",
    )


def _coordination_council(year: AcademicYear, picker: _Picker) -> None:
    _council_of(
        BodyKind.COORDINATION_COUNCIL,
        "Координационный совет по работе с одарёнными детьми",
        year,
        picker,
        coordination_area=CoordinationArea.GIFTED_CHILDREN,
        description="Олимпиады, конкурсы и научно-практические конференции обучающихся; сопровождение одарённых детей.",
    )


def _minutes_docx(body_name: str, year: AcademicYear, number: str) -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    document.add_heading(f"Протокол № {number}", level=1)
    document.add_paragraph(f"Заседание: {body_name}, {year.label} учебный год.")
    document.add_paragraph("Решили: утвердить план работы методической службы и ГМО на учебный год.")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(f"protokol-{number}.docx", buffer.getvalue())

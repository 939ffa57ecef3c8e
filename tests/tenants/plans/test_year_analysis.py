"""The year's analysis draws each section from the service's data (events, contests, PD and
deficits, mentoring, consultations, associations), in the report's order, with the
methodologist's own text of each section; counts only, never a name. Operational reports carry
the numbers without the year's texts. Who may write the texts, and that B's staff cannot."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from tenants.consultations.models import Consultation, ConsultationStatus
from tenants.event_vocabulary import EventKind
from tenants.events.models import (
    ContestOutcome,
    ContestParticipant,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from tenants.plans.models import PlanReport, PlanSectionText, ReportKind
from tenants.plans.report_registry import report_section_titles
from tenants.plans.services import plan_report_build, plan_report_request, plan_section_texts_save
from tests.tenants.bodies.factories import BodyFactory, MeetingFactory, MembershipFactory
from tests.tenants.consultations.factories import consultation
from tests.tenants.development.factories import CourseRecordFactory, DeficitFactory, area
from tests.tenants.events.factories import make_event
from tests.tenants.mentoring.factories import mentorship
from tests.tenants.people.factories import TeacherFactory
from tests.tenants.plans.conftest import approved_plan

MSK = datetime.timezone(datetime.timedelta(hours=3))


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=MSK)


def _year_data() -> None:
    """A year (2025/2026) of a municipality's work, and some of the year before it."""
    seminar = make_event(starts_at=_at(datetime.date(2025, 10, 15)), title="Семинар")
    Event.objects.filter(pk=seminar.pk).update(status=EventStatus.HELD)
    for n, attended in enumerate([True, True, False]):
        Registration.objects.create(
            event=seminar,
            full_name=f"Секретная Участница {n}",
            email=f"p{n}@school.example",
            status=RegistrationStatus.CONFIRMED,
            attended=attended,
        )
    make_event(starts_at=_at(datetime.date(2024, 10, 15)), title="Прошлогодний семинар")
    contest = make_event(starts_at=_at(datetime.date(2026, 2, 10)), title="Педагог года — 2026", kind=EventKind.CONTEST)
    for outcome in (ContestOutcome.WINNER, ContestOutcome.PRIZE_WINNER, ContestOutcome.PARTICIPANT):
        ContestParticipant.objects.create(event=contest, full_name=f"Конкурсантка {outcome}", outcome=outcome)

    teacher = TeacherFactory(last_name="Секретова")
    CourseRecordFactory(teacher=teacher, end_date=datetime.date(2025, 12, 1), hours=72)
    CourseRecordFactory(teacher=teacher, end_date=datetime.date(2026, 3, 1), hours=36)
    CourseRecordFactory(end_date=datetime.date(2024, 12, 1))  # the year before
    DeficitFactory(teacher=teacher, area=area("digital"), found_on=datetime.date(2025, 11, 1))
    DeficitFactory(
        teacher=teacher,
        area=area("assessment"),
        found_on=datetime.date(2025, 11, 1),
        closed_on=datetime.date(2026, 4, 1),
    )

    mentorship(starts_on=datetime.date(2025, 9, 15))

    answered_in_time = consultation()
    late = consultation()
    Consultation.objects.filter(pk=answered_in_time.pk).update(
        submitted_at=_at(datetime.date(2025, 11, 3)),
        due_on=datetime.date(2025, 11, 17),
        answered_at=_at(datetime.date(2025, 11, 10)),
        answer="Образец программы — во вложении.",
        status=ConsultationStatus.ANSWERED,
    )
    Consultation.objects.filter(pk=late.pk).update(
        submitted_at=_at(datetime.date(2026, 5, 4)), due_on=datetime.date(2026, 5, 18), status=ConsultationStatus.NEW
    )

    body = BodyFactory(name="ГМО учителей математики")
    MembershipFactory(body=body, teacher=TeacherFactory(last_name="Членова"))
    MeetingFactory(body=body, date=datetime.date(2025, 10, 1))


def _docx_lines(data: bytes) -> list[str]:
    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return lines


def _built(plan, kind, head, **fields) -> PlanReport:
    report = plan_report_request(plan=plan, kind=kind, acting_user=head, **fields)
    plan_report_build(report_id=report.pk)
    report.refresh_from_db()
    return report


def test_the_year_analysis_has_every_section_with_its_numbers_and_text(
    muni_a, head_a, django_capture_on_commit_callbacks
):
    with tenant_context(muni_a):
        plan = approved_plan()
        _year_data()
        plan_section_texts_save(
            plan=plan,
            texts={"plan": "План выполнен в основном.", "consultations": "Одна консультация просрочена: разобрались."},
            acting_user=head_a,
        )
        with django_capture_on_commit_callbacks(execute=False):
            report = _built(plan, ReportKind.ANNUAL, head_a)
        lines = _docx_lines(report.docx_file.read())
    text = "\n".join(lines)
    order = [
        "Мероприятия и их участники",
        "Повышение квалификации педагогов",
        "Профессиональные дефициты по областям компетенций",
        "Наставничество и школа молодого педагога",
        "Консультации",
        "Методические объединения и советы",
        "Конкурсное и олимпиадное движение",
    ]
    positions = [lines.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Семинар | 1 | 0 | 0 | 3 | 2" in lines  # held 1, registered 3, attended 2 (last year's not counted)
    assert "Педагог года — 2026 | 10.02.2026 | 3 | 0 | 1 | 1" in lines
    assert "Итого | 2 | 1 | 108" in lines  # two courses this year, one teacher, 72 + 36 hours
    assert "Цифровые образовательные технологии | 1 | 0 | 1" in lines
    assert "Оценивание образовательных результатов | 1 | 1 | 0" in lines
    assert "Пар наставничества работало в периоде | 1" in lines
    assert "Педагог | 2 | 1 | 1 | 1" in lines  # received 2, answered 1, in time 1, late 1
    assert "ГМО учителей математики | Городское методическое объединение (ГМО) | 1 | 1 | 0" in lines
    # The texts stand after their sections' numbers.
    assert lines.index("План выполнен в основном.") < lines.index("Мероприятия и их участники")
    assert lines.index("Консультации") < lines.index("Одна консультация просрочена: разобрались.")
    # Counts only.
    assert "Секрет" not in text and "Членова" not in text and "Конкурсантка" not in text


def test_an_operational_report_has_the_numbers_of_its_month_and_no_year_texts(
    muni_a, head_a, django_capture_on_commit_callbacks
):
    with tenant_context(muni_a):
        plan = approved_plan()
        _year_data()
        plan_section_texts_save(plan=plan, texts={"consultations": "Текст за год."}, acting_user=head_a)
        with django_capture_on_commit_callbacks(execute=False):
            report = _built(plan, ReportKind.MONTH, head_a, period_day=datetime.date(2025, 10, 20))
        lines = _docx_lines(report.docx_file.read())
    assert "Семинар | 1 | 0 | 0 | 3 | 2" in lines
    assert "Текст за год." not in lines
    assert not any(line.startswith("Педагог года") for line in lines)  # February's contest


def test_texts_are_kept_changed_and_removed_with_one_audit_row_each_time(muni_a, head_a):
    with tenant_context(muni_a):
        plan = approved_plan()
        keys = [key for key, _title in report_section_titles()]
        assert keys[0] == "plan" and "support_programmes_effect" in keys
        changed = plan_section_texts_save(
            plan=plan, texts={"events": "Семинары.", "unknown": "пропускается", "mentoring": ""}, acting_user=head_a
        )
        assert changed == ["events"]
        assert plan_section_texts_save(plan=plan, texts={"events": "Семинары."}, acting_user=head_a) == []
        assert plan_section_texts_save(plan=plan, texts={"events": "  "}, acting_user=head_a) == ["events"]
        assert not PlanSectionText.objects.exists()
        assert AuditEntry.objects.filter(action="plan.section_texts_update").count() == 2


@pytest.mark.parametrize("role", ["teacher_a", "head_b"])
def test_only_the_service_writes_its_texts(role, muni_a, muni_b, head_a, make_user, host_client):
    from accounts.models import Role

    with tenant_context(muni_a):
        plan = approved_plan()
    user = make_user(Role.TEACHER, muni_a) if role == "teacher_a" else make_user(Role.HEAD, muni_b)
    response = host_client(muni_a, user).post(f"/admin/plan/{plan.pk}/do/section_texts/", {"section-events": "Взлом"})
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "login" in response["Location"]
    with tenant_context(muni_a):
        assert not PlanSectionText.objects.exists()
    # The head of A writes them from the plan's screen.
    client = host_client(muni_a, head_a)
    screen = client.get(f"/admin/plan/{plan.pk}/").content.decode()
    assert 'name="section-consultations"' in screen
    response = client.post(f"/admin/plan/{plan.pk}/do/section_texts/", {"section-events": "Семинары года."})
    assert response.status_code == 302
    with tenant_context(muni_a):
        assert PlanSectionText.objects.get().text == "Семинары года."
    assert timezone.now()

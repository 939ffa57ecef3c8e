"""Support programmes: the lifecycle and who may do what, measures done by their links, the effect."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context
from docx import Document

from accounts.models import Role
from audit.models import AuditEntry
from tenants.quality.models import MeasureKind, ProgrammeStatus, SupportProgramme
from tenants.quality.selectors.effect import programme_effect
from tenants.quality.services import flags as flag_services
from tenants.quality.services import programmes as services
from tenants.quality.services.results import results_changed
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import MethodologistFactory
from tests.tenants.quality.factories import YEAR, marks, procedure, subject
from tests.tenants.quality.urls import refused


@pytest.fixture
def people(muni_a, make_user, methodologist_a, head_a):
    curator_user = methodologist_a
    other_user = make_user(Role.METHODOLOGIST, muni_a)
    chair = make_user(Role.CHAIR, muni_a)
    with tenant_context(muni_a):
        curator = MethodologistFactory(user=curator_user)
        MethodologistFactory(user=other_user)
    return {"curator": curator, "curator_user": curator_user, "other": other_user, "head": head_a, "chair": chair}


def _draft(user, school, curator, **extra):
    return services.programme_create(
        acting_user=user,
        organisation=school,
        academic_year=YEAR,
        starts_on=datetime.date(YEAR + 1, 9, 1),
        ends_on=datetime.date(YEAR + 2, 5, 31),
        curator=curator,
        reasons=["low"],
        **extra,
    )


def test_the_lifecycle_and_who_may_do_what(muni_a, people):
    curator_user, other, head, chair = people["curator_user"], people["other"], people["head"], people["chair"]
    with tenant_context(muni_a):
        school = OrganisationFactory()
        with pytest.raises(PermissionDenied):
            _draft(chair, school, people["curator"])  # the chair reads, never writes
        programme = _draft(other, school, people["curator"])
        assert programme.status == ProgrammeStatus.DRAFT
        # Any methodologist edits a draft; nobody but the head starts it, and only when it is ready.
        services.programme_update(programme=programme, acting_user=other, data={"goals": "Цели"})
        with pytest.raises(PermissionDenied):
            services.programme_activate(programme=programme, acting_user=curator_user)
        with pytest.raises(ValidationError) as error:
            services.programme_activate(programme=programme, acting_user=head)
        assert "ещё не подтвердил" in str(error.value) and "хотя бы одно мероприятие" in str(error.value)
        flag_services.support_decide(
            organisation=school, academic_year=YEAR, status="confirmed", reason="", acting_user=head
        )
        services.measure_create(
            programme=programme,
            acting_user=other,
            kind=MeasureKind.OTHER,
            title="Семинар",
            due_on=datetime.date.today(),
        )
        services.programme_activate(programme=programme, acting_user=head)
        assert programme.status == ProgrammeStatus.ACTIVE
        # Active: the curator and the head change it; another methodologist no longer does.
        with pytest.raises(PermissionDenied):
            services.programme_update(programme=programme, acting_user=other, data={"goals": "Другие"})
        with pytest.raises(PermissionDenied):
            services.measure_create(
                programme=programme, acting_user=other, kind=MeasureKind.OTHER, title="x", due_on=datetime.date.today()
            )
        services.programme_update(programme=programme, acting_user=curator_user, data={"goals": "Уточнённые цели"})
        with pytest.raises(PermissionDenied):
            services.programme_cancel(programme=programme, acting_user=curator_user, reason="Нет")
        with pytest.raises(PermissionDenied):
            services.programme_finish(programme=programme, acting_user=other, conclusion="Итоги")
        with pytest.raises(ValidationError):
            services.programme_finish(programme=programme, acting_user=curator_user, conclusion=" ")
        with pytest.raises(ValidationError):
            services.programme_delete(programme=programme, acting_user=head)
        services.programme_finish(programme=programme, acting_user=curator_user, conclusion="Доля «2» снизилась")
        assert programme.status == ProgrammeStatus.FINISHED and programme.conclusion == "Доля «2» снизилась"
        # Finished: read-only for everyone, and it cannot be cancelled.
        with pytest.raises(PermissionDenied):
            services.programme_update(programme=programme, acting_user=head, data={"goals": "x"})
        with pytest.raises(PermissionDenied):
            services.programme_cancel(programme=programme, acting_user=head, reason="x")
        # A new draft for the same school is possible again; the head cancels it with a reason.
        second = _draft(other, school, people["curator"])
        with pytest.raises(ValidationError):
            services.programme_cancel(programme=second, acting_user=head, reason="")
        services.programme_cancel(programme=second, acting_user=head, reason="Объединена с другой")
        third = _draft(other, school, people["curator"])
        with pytest.raises(ValidationError):
            _draft(other, school, people["curator"])  # one open programme per organisation
        services.programme_delete(programme=third, acting_user=other)
        assert not SupportProgramme.objects.filter(pk=third.pk).exists()
    transitions = AuditEntry.objects.filter(action="support_programme.transition").values_list("data", flat=True)
    assert [(d["from"], d["to"]) for d in transitions.order_by("pk")] == [
        ("draft", "active"),
        ("active", "finished"),
        ("draft", "cancelled"),
    ]


def test_lifecycle_buttons_follow_the_rules(muni_a, host_client, people):
    with tenant_context(muni_a):
        school = OrganisationFactory()
        programme = _draft(people["other"], school, people["curator"])
    url = f"/admin/quality/programmes/inspect/{programme.pk}/"
    as_head = host_client(muni_a, people["head"]).get(url).content.decode()
    as_other = host_client(muni_a, people["other"]).get(url).content.decode()
    assert "Начать выполнение" in as_head and "Начать выполнение" not in as_other
    assert refused(host_client(muni_a, people["other"]).get(f"/admin/quality/programmes/{programme.pk}/activate/"))
    response = host_client(muni_a, people["head"]).post(f"/admin/quality/programmes/{programme.pk}/activate/")
    assert "ещё не подтвердил" in response.content.decode()
    cancel = host_client(muni_a, people["head"]).post(
        f"/admin/quality/programmes/{programme.pk}/cancel/", {"note": "Не требуется"}
    )
    assert cancel.status_code == 302
    with tenant_context(muni_a):
        assert SupportProgramme.objects.get(pk=programme.pk).status == ProgrammeStatus.CANCELLED


def test_a_measure_linked_to_a_held_visit_is_done_and_a_wrong_link_is_refused(muni_a, people):
    from tenants.quality.services.visits import visit_create, visit_update

    with tenant_context(muni_a):
        school = OrganisationFactory()
        programme = _draft(people["other"], school, people["curator"])
        visit = visit_create(
            acting_user=people["other"],
            organisation=school,
            visited_on=datetime.date.today(),
            observer=people["curator"],
            purpose="Посещение",
            programme=programme,
        )
        measure = services.measure_create(
            programme=programme, acting_user=people["other"], kind=MeasureKind.VISIT, title="Выезд",
            due_on=datetime.date.today(), visit=visit,
        )  # fmt: skip
        assert measure.status == "planned"
        with pytest.raises(ValidationError, match="эта связь не указывается"):
            services.measure_create(
                programme=programme, acting_user=people["other"], kind=MeasureKind.EVENT, title="x",
                due_on=datetime.date.today(), visit=visit,
            )  # fmt: skip
        flag_services.support_decide(
            organisation=school, academic_year=YEAR, status="confirmed", reason="", acting_user=people["head"]
        )
        services.programme_activate(programme=programme, acting_user=people["head"])
        visit_update(visit=visit, acting_user=people["other"], data={"status": "done"})
        measure.refresh_from_db()
        assert (measure.status, measure.done_on) == ("done", visit.visited_on)


def test_the_effect_against_the_baseline_and_in_the_years_report(muni_a, people):
    from tenants.plans.documents import report_docx
    from tenants.plans.models import AnnualPlan, PlanReport
    from tenants.plans.selectors import plan_summary

    with tenant_context(muni_a):
        school = OrganisationFactory(short_name="СОШ эффекта")
        before = procedure("vpr", year=YEAR - 1, grades=(5,))
        marks(school, before, 5, "math", 9, 12, 3, 1)  # 36 % «2», quality 16 %
        flag_services.support_decide(
            organisation=school, academic_year=YEAR - 1, status="confirmed", reason="", acting_user=people["head"]
        )
        results_changed(academic_years=[YEAR - 1])
        programme = services.programme_create(
            acting_user=people["other"], organisation=school, academic_year=YEAR - 1,
            starts_on=datetime.date(YEAR - 1, 10, 1), ends_on=datetime.date(YEAR + 1, 5, 31),
            curator=people["curator"], reasons=["low"], subjects=[subject("math")],
        )  # fmt: skip
        services.measure_create(
            programme=programme, acting_user=people["other"], kind="other", title="Семинар",
            due_on=datetime.date.today(),
        )  # fmt: skip
        services.programme_activate(programme=programme, acting_user=people["head"])
        assert programme_effect(programme).improved is None  # no later results yet
        after = procedure("vpr", year=YEAR, grades=(5,))
        result = marks(school, after, 5, "math", 3, 14, 6, 2)  # 12 %
        results_changed(academic_years=[YEAR])
        programme.refresh_from_db()
        assert programme.effect_improved is True
        effect = programme_effect(programme)
        assert effect.latest_year.start == YEAR
        row = effect.rows[0]
        assert (str(row.baseline.share_2), str(row.latest.share_2)) == ("36.0", "12.0")
        # Worse than the baseline: no improvement.
        result.marks_2, result.marks_3 = 10, 7
        result.save()
        results_changed(academic_years=[YEAR])
        programme.refresh_from_db()
        assert programme.effect_improved is False
        plan = AnnualPlan.objects.create(academic_year=YEAR)
        report = PlanReport.objects.create(
            plan=plan, kind="annual", period_start=plan.year.first_day, period_end=plan.year.last_day
        )
        document = Document(io.BytesIO(report_docx(report=report, summary=plan_summary(plan=plan))))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for table in document.tables for r in table.rows for c in r.cells]
    assert "Адресная методическая помощь организациям и её эффект" in text
    assert "СОШ эффекта" in cells and "36,0 → 40,0" in cells and "не улучшились" in cells


def test_a_nonobjectivity_programme_improves_when_the_signs_go(muni_a, people):
    with tenant_context(muni_a):
        school = OrganisationFactory()
        marks(school, procedure("vpr", year=YEAR - 1, grades=(5,)), 5, "math", 0, 10, 8, 2, journal=(0, 15, 5))
        results_changed(academic_years=[YEAR - 1])
        programme = services.programme_create(
            acting_user=people["other"], organisation=school, academic_year=YEAR - 1,
            starts_on=datetime.date(YEAR - 1, 10, 1), ends_on=datetime.date(YEAR + 1, 5, 31),
            reasons=["nonobjective"],
        )  # fmt: skip
        programme.status = ProgrammeStatus.ACTIVE
        programme.save()
        marks(school, procedure("vpr", year=YEAR, grades=(5,)), 5, "math", 1, 11, 6, 2, journal=(3, 16, 1))
        results_changed(academic_years=[YEAR])
        effect = programme_effect(programme)
        assert (effect.nonobjective_before, effect.nonobjective_after, effect.improved) == (1, 0, True)

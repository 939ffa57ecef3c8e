"""The quality demo: a year of ВПР and ОГЭ, three schools flagged for different reasons, a programme
in progress with visits; idempotent, and its screens open."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from rollups.models import QualityOrganisationRollup
from tenants.academic_years import AcademicYear
from tenants.organisations import demo as organisations_demo
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.people import demo as people_demo
from tenants.quality import demo
from tenants.quality.models import (
    AssessmentProcedure,
    AssessmentResult,
    Flag,
    LessonObservation,
    ProgrammeStatus,
    SupportDecision,
    SupportMeasure,
    SupportProgramme,
    Visit,
)


def _counts():
    return tuple(
        m.objects.count()
        for m in (AssessmentProcedure, AssessmentResult, Flag, SupportDecision, SupportProgramme, SupportMeasure, Visit)
    )


def test_demo_is_idempotent_and_flags_three_schools_for_different_reasons(muni_a, make_user, host_client):
    head = make_user(Role.HEAD, muni_a, email=f"head@{muni_a.slug}.example")
    make_user(Role.METHODOLOGIST, muni_a, email=f"metodist@{muni_a.slug}.example")
    last = AcademicYear.current().previous()
    with tenant_context(muni_a):
        organisations_demo.demo_seed(muni_a)
        people_demo.demo_seed(muni_a)
        demo.demo_seed(muni_a)
        first = _counts()
        demo.demo_seed(muni_a)
        assert _counts() == first
        schools = list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_active=True).order_by("pk"))
        reasons = {school.pk: set() for school in schools}
        for organisation_id, reason in Flag.objects.filter(academic_year=last.start).values_list(
            "organisation_id", "reason"
        ):
            reasons[organisation_id].add(reason)
        assert "low_share_2" in reasons[schools[2].pk]
        assert "raised_marks" in reasons[schools[3].pk]
        assert "exam_gap" in reasons[schools[5].pk]
        flagged = [pk for pk, found in reasons.items() if found]
        assert 3 <= len(flagged) <= 4, reasons  # the others are ordinary
        programme = SupportProgramme.objects.get()
        assert programme.status == ProgrammeStatus.ACTIVE and programme.organisation == schools[2]
        assert Visit.objects.filter(programme=programme).count() == 2
        assert LessonObservation.objects.filter(visit__programme=programme).count() == 2
        assert SupportMeasure.objects.filter(programme=programme, status="done").count() == 1
        assert AssessmentProcedure.objects.filter(academic_year=AcademicYear.current().start).count() == 2
        programme_pk, school_pk = programme.pk, schools[2].pk
    assert (
        QualityOrganisationRollup.objects.get(
            municipality=muni_a, academic_year=last.label, organisation_id=school_pk
        ).programme_status
        == "active"
    )
    client = host_client(muni_a, head)
    for url in (
        f"/admin/quality/support/?year={last.start}",
        f"/admin/quality/indicators/?year={last.start}&kind=vpr",
        f"/admin/quality/programmes/inspect/{programme_pk}/",
        f"/admin/quality/organisations/{school_pk}/",
        "/admin/monitoring/",
    ):
        assert client.get(url).status_code == 200, url

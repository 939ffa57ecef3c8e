"""The olympiad demo: every stage of last year with published protocols, this year's school stage; idempotent."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from rollups.models import OlympiadRollup
from tenants.academic_years import AcademicYear
from tenants.olympiads.demo import demo_seed
from tenants.olympiads.models import OlympiadResultsPage, Participant, Round, SchoolStageCount, Stage
from tenants.olympiads.services import round_protocol_problems
from tenants.organisations.models import OrganisationKind
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory


def test_demo_seed_is_idempotent_and_covers_every_stage(muni_a):
    with tenant_context(muni_a):
        for _ in range(4):
            TeacherFactory(organisation=OrganisationFactory(kind=OrganisationKind.SCHOOL))
        demo_seed(muni_a)
        counts = (Round.objects.count(), Participant.objects.count(), SchoolStageCount.objects.count())
        demo_seed(muni_a)
        assert (Round.objects.count(), Participant.objects.count(), SchoolStageCount.objects.count()) == counts
        assert set(Round.objects.values_list("stage", flat=True)) == {Stage.SCHOOL, Stage.MUNICIPAL, Stage.REGIONAL}
        municipal = Round.objects.filter(stage=Stage.MUNICIPAL)
        assert all(r.protocol_published_at is not None and not round_protocol_problems(r) for r in municipal)
        assert Participant.objects.filter(round__stage=Stage.MUNICIPAL, advances=True).exists()
        assert Participant.objects.filter(round__stage=Stage.MUNICIPAL, status="winner").exists()
        assert Participant.objects.filter(round__stage=Stage.REGIONAL).exists()
        assert OlympiadResultsPage.objects.live().count() == 1
    years = set(OlympiadRollup.objects.filter(municipality=muni_a).values_list("academic_year", flat=True))
    assert years == {AcademicYear.current().label, AcademicYear.current().previous().label}

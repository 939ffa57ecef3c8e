"""The contests demo: last year's contest published through the regional stage, this year's taking applications."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from rollups.models import ContestRollup
from tenants.contests.demo import demo_seed
from tenants.contests.models import (
    Application,
    ApplicationStatus,
    Contest,
    ContestsPage,
    Level,
    StageResult,
    TeacherContestRecord,
)
from tenants.contests.selectors import contest_missing_marks
from tests.tenants.people.factories import MethodologistFactory, TeacherFactory


def test_demo_seed_is_idempotent_and_covers_every_step(muni_a, make_user):
    users = [make_user(Role.METHODOLOGIST, muni_a) for _ in range(2)]
    with tenant_context(muni_a):
        for _ in range(8):
            TeacherFactory()
        for user in users:
            MethodologistFactory(user=user)
        demo_seed(muni_a)
        counts = (Contest.objects.count(), Application.objects.count(), StageResult.objects.count())
        demo_seed(muni_a)
        assert (Contest.objects.count(), Application.objects.count(), StageResult.objects.count()) == counts
        published, open_ = Contest.objects.order_by("academic_year")
        assert published.is_published and not open_.is_published
        assert StageResult.objects.filter(level=Level.MUNICIPAL, result="winner").count() == 2  # two nominations
        assert StageResult.objects.filter(level=Level.REGIONAL).count() == 1
        assert TeacherContestRecord.objects.filter(level=Level.REGIONAL).count() == 1
        assert contest_missing_marks(open_)  # this year's sheets are half filled
        assert Application.objects.filter(contest=open_, status=ApplicationStatus.ACCEPTED).count() == 2
        assert ContestsPage.objects.live().count() == 1
    assert ContestRollup.objects.filter(municipality=muni_a).count() == 3

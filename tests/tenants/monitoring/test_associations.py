"""The associations' columns: recounted on every audited write of a body or a meeting, and by the rebuilder."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from rollups.models import MunicipalityYearRollup
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create, audited_delete
from tenants.bodies.models import BodyMeeting
from tenants.monitoring.associations import association_counts
from tests.tenants.bodies.factories import BodyFactory, MeetingFactory


def test_a_meeting_saved_through_the_audited_actions_recounts_the_roll_up(muni_a):
    year = AcademicYear.current()
    row = MunicipalityYearRollup.objects.filter(municipality=muni_a, academic_year=year.label)
    with tenant_context(muni_a):
        body, _quiet = BodyFactory(), BodyFactory()
        meeting = BodyMeeting(body=body, date=year.first_day, agenda="1. План на год.")
        audited_create(meeting, acting_user=None)
    assert row.values_list("associations_total", "associations_active").get() == (2, 1)
    assert AuditEntry.objects.filter(action="body_meeting.create", municipality=muni_a).exists()
    with tenant_context(muni_a):
        audited_delete(meeting, acting_user=None)
    assert row.values_list("associations_total", "associations_active").get() == (2, 0)


def test_the_rebuild_equals_the_counts_of_each_schema(muni_a, muni_b):
    year = AcademicYear.current()
    with tenant_context(muni_a):
        MeetingFactory(body=BodyFactory(), date=year.first_day)
        BodyFactory(since_year=year.next().start)  # starts next year: not counted now
        expected_a = association_counts(year=year)
    with tenant_context(muni_b):
        BodyFactory()
        expected_b = association_counts(year=year)
    assert expected_a == {"associations_total": 1, "associations_active": 1}
    rollups_rebuild(names=["associations"])
    for municipality, expected in ((muni_a, expected_a), (muni_b, expected_b)):
        row = MunicipalityYearRollup.objects.get(municipality=municipality, academic_year=year.label)
        assert {
            "associations_total": row.associations_total,
            "associations_active": row.associations_active,
        } == expected

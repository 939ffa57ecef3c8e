"""The events' roll-up columns: written with each change, and the same when rebuilt from the schemas."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tenants.utils import tenant_context

from rollups.models import MunicipalityYearRollup
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.events.models import Registration, RegistrationStatus
from tenants.events.services import event_cancel, event_mark_held, registration_attendance_mark
from tests.tenants.events.factories import make_event

COLUMNS = ("events_total", "events_held", "events_participants")


def snapshot(municipalities) -> dict:
    rows = MunicipalityYearRollup.objects.filter(municipality__in=municipalities).values_list(
        "municipality_id", "academic_year", *COLUMNS
    )
    return {(m, y): values for m, y, *values in rows if any(values)}


def test_rebuilt_values_agree_with_the_incremental_ones(muni_a, muni_b):
    past = timezone.now() - datetime.timedelta(days=3)
    last_year = datetime.datetime(2025, 3, 5, 10, tzinfo=timezone.get_default_timezone())
    with tenant_context(muni_a):
        held = make_event(starts_at=past)
        for n in range(3):
            registration = Registration.objects.create(
                event=held, full_name=f"У{n}", email=f"u{n}@x.test", status=RegistrationStatus.CONFIRMED
            )
            if n < 2:
                registration_attendance_mark(registration=registration, attended=True, acting_user=None)
        event_mark_held(event=held, acting_user=None)
        make_event()
        event_cancel(event=make_event(), reason="Нет зала", acting_user=None)
        make_event(starts_at=last_year)
    with tenant_context(muni_b):
        event_mark_held(event=make_event(starts_at=past), acting_user=None)
    incremental = snapshot([muni_a, muni_b])
    year = (muni_a.pk, AcademicYear.of(timezone.localdate(past)).label)
    assert incremental[year] == [2, 1, 2]  # the cancelled event is not counted
    assert incremental[(muni_a.pk, "2024/2025")] == [1, 0, 0]
    MunicipalityYearRollup.objects.filter(municipality__in=[muni_a, muni_b]).update(
        events_total=7, events_held=7, events_participants=7
    )
    rollups_rebuild(names=["events"])
    assert snapshot([muni_a, muni_b]) == incremental

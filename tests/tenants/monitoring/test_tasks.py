"""The nightly recount: runs the three rebuilders in the region and refuses a municipality's schema."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from rollups.models import MunicipalityYearRollup
from tenants.academic_years import AcademicYear
from tenants.consultations.models import Consultation
from tenants.monitoring.tasks import monitoring_rollups_rebuild_task
from tests.tenants.consultations.factories import consultation


def test_a_request_passing_its_due_day_shows_as_overdue_after_the_nightly_recount(muni_a):
    with tenant_context(muni_a):
        item = consultation()
        Consultation.objects.filter(pk=item.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    row = MunicipalityYearRollup.objects.filter(municipality=muni_a, academic_year=AcademicYear.current().label)
    assert row.values_list("consultations_overdue", flat=True).get() == 0  # nothing was written since
    assert monitoring_rollups_rebuild_task.apply().get() >= 0
    assert row.values_list("consultations_overdue", flat=True).get() == 1


def test_it_refuses_to_run_in_a_municipality(muni_a):
    with tenant_context(muni_a), pytest.raises(RuntimeError, match="runs in the region"):
        monitoring_rollups_rebuild_task.apply().get()

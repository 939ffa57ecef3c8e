"""The consultation columns of the region's roll-up: written with each change, equal to the rebuild."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from rollups.models import MunicipalityYearRollup
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.consultations.models import Consultation
from tenants.consultations.rollups import COLUMNS, consultations_rollup_refresh
from tenants.consultations.services import consultation_answer, consultation_close
from tests.tenants.consultations.factories import consultation, staff


def row(municipality, year: AcademicYear) -> tuple[int, ...]:
    values = MunicipalityYearRollup.objects.filter(municipality=municipality, academic_year=year.label).values_list(
        *COLUMNS
    )
    return values.get()


def test_each_change_writes_the_years_numbers_and_the_rebuild_agrees(muni_a, muni_b):
    year = AcademicYear.current()
    with tenant_context(muni_a):
        head, _ = staff(muni_a, role=Role.HEAD, is_head=True)
        in_time = consultation()
        late = consultation()
        waiting = consultation()
        overdue = consultation()
        spam = consultation()
        consultation_answer(consultation=in_time, answer="Ответ", acting_user=head)
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        Consultation.objects.filter(pk__in=[late.pk, overdue.pk]).update(due_on=yesterday)
        late.refresh_from_db()
        consultation_answer(consultation=late, answer="Поздний ответ", acting_user=head)
        consultation_close(consultation=spam, acting_user=head, comment="Реклама")
        del waiting, overdue
    # total, answered, answered in time, overdue
    assert row(muni_a, year) == (5, 2, 1, 1)
    with tenant_context(muni_b):
        consultation()
    MunicipalityYearRollup.objects.filter(municipality__in=[muni_a, muni_b]).update(
        consultations_total=99, consultations_overdue=99
    )
    rollups_rebuild(names=["consultations"])
    assert row(muni_a, year) == (5, 2, 1, 1)
    assert row(muni_b, year) == (1, 0, 0, 0)


def test_a_request_of_last_year_counts_in_last_year(muni_a):
    last = AcademicYear.current().previous()
    with tenant_context(muni_a):
        item = consultation()
        Consultation.objects.filter(pk=item.pk).update(
            submitted_at=timezone.make_aware(datetime.datetime.combine(last.last_day, datetime.time(23, 30)))
        )
        consultations_rollup_refresh(year=last)
        consultations_rollup_refresh(year=AcademicYear.current())
    assert row(muni_a, last)[0] == 1 and row(muni_a, AcademicYear.current())[0] == 0
    rollups_rebuild(names=["consultations"])
    assert row(muni_a, last)[0] == 1 and row(muni_a, AcademicYear.current())[0] == 0

"""The internship register's rules: capacity, enrolment (alone or as a school's team, all or none),
applications, attendance → outcome → the PD record made once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from tenants.development.models import CourseFormat, CourseRecord
from tenants.internships.models import EnrolmentOutcome, EnrolmentStatus, Internship
from tenants.internships.services import (
    attendance_mark,
    enrolment_apply,
    enrolment_decide,
    enrolment_enrol,
    enrolment_pd_record_ensure,
    enrolment_withdraw,
    internship_finish,
    internship_site_create,
)
from tests.tenants.internships.factories import TODAY, internship, site
from tests.tenants.organisations.factories import OrganisationFactory, OrganisationSiteStatusFactory
from tests.tenants.people.factories import TeacherFactory

DAY = datetime.timedelta(days=1)


def test_a_card_is_for_an_internship_status_once(muni_a):
    from tenants.organisations.models import SiteKind

    with tenant_context(muni_a):
        status = OrganisationSiteStatusFactory()
        card = internship_site_create(site_status=status, acting_user=None)
        assert card.organisation == status.organisation and card.in_force()
        with pytest.raises(ValidationError):
            internship_site_create(site_status=status, acting_user=None)
        with pytest.raises(ValidationError):
            internship_site_create(site_status=OrganisationSiteStatusFactory(kind=SiteKind.BASE), acting_user=None)


def test_enrolment_never_goes_past_the_places(muni_a):
    with tenant_context(muni_a):
        cohort = internship(capacity=2)
        first, second, third = TeacherFactory.create_batch(3)
        enrolment_enrol(internship=cohort, teachers=[first, second], acting_user=None)
        with pytest.raises(ValidationError) as error:
            enrolment_enrol(internship=cohort, teachers=[third], acting_user=None)
        assert error.value.code == "capacity"
        with pytest.raises(ValidationError):  # already enrolled
            enrolment_enrol(internship=cohort, teachers=[first], acting_user=None)
        assert cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() == 2


def test_a_school_team_is_enrolled_whole_or_not_at_all(muni_a):
    with tenant_context(muni_a):
        cohort = internship(capacity=2)
        school = OrganisationFactory()
        team = TeacherFactory.create_batch(3, organisation=school)
        with pytest.raises(ValidationError):  # three for two places: nobody
            enrolment_enrol(internship=cohort, teachers=team, team=school, acting_user=None)
        assert not cohort.enrolments.exists()
        with pytest.raises(ValidationError):  # a teacher of another school is not of the team
            enrolment_enrol(internship=cohort, teachers=[team[0], TeacherFactory()], team=school, acting_user=None)
        assert not cohort.enrolments.exists()
        enrolment_enrol(internship=cohort, teachers=team[:2], team=school, acting_user=None)
        assert set(cohort.enrolments.values_list("team_id", flat=True)) == {school.pk}


def test_applications_wait_for_an_answer_and_take_a_place_when_accepted(muni_a):
    with tenant_context(muni_a):
        cohort = internship(capacity=1)
        applicant, other, late = TeacherFactory.create_batch(3)
        application = enrolment_apply(internship=cohort, teacher=applicant, acting_user=None)
        assert application.status == EnrolmentStatus.APPLIED
        with pytest.raises(ValidationError):
            enrolment_apply(internship=cohort, teacher=applicant, acting_user=None)
        second = enrolment_apply(internship=cohort, teacher=other, acting_user=None)
        with pytest.raises(ValidationError):  # declining needs a reason
            enrolment_decide(enrolment=second, accept=False, acting_user=None)
        enrolment_decide(enrolment=application, accept=True, acting_user=None)
        with pytest.raises(ValidationError) as error:  # the only place is taken
            enrolment_decide(enrolment=second, accept=True, acting_user=None)
        assert error.value.code == "capacity"
        enrolment_decide(enrolment=second, accept=False, answer="Мест нет", acting_user=None)
        with pytest.raises(ValidationError):  # full: no more applications
            enrolment_apply(internship=cohort, teacher=late, acting_user=None)
        with pytest.raises(ValidationError):  # answered: not withdrawn
            enrolment_withdraw(enrolment=second, teacher=other, acting_user=None)
    assert (
        AuditEntry.objects.filter(action__in=["internship.apply", "internship.accept", "internship.decline"]).count()
        == 4
    )


def test_applications_close_on_the_first_day_and_may_be_withdrawn(muni_a):
    with tenant_context(muni_a):
        starting = internship(starts_in=0)
        with pytest.raises(ValidationError):
            enrolment_apply(internship=starting, teacher=TeacherFactory(), acting_user=None)
        cohort = internship(starts_in=5)
        teacher = TeacherFactory()
        application = enrolment_apply(internship=cohort, teacher=teacher, acting_user=None)
        assert enrolment_withdraw(enrolment=application, teacher=teacher, acting_user=None).status == "withdrawn"
        enrolment_apply(internship=cohort, teacher=teacher, acting_user=None)  # may apply again


def test_attendance_then_outcome_then_one_pd_record(muni_a):
    with tenant_context(muni_a):
        cohort = internship(starts_in=-5, days=3, hours=24, capacity=3)
        came, absent = TeacherFactory.create_batch(2)
        enrolled = enrolment_enrol(internship=cohort, teachers=[came, absent], acting_user=None)
        with pytest.raises(ValidationError):  # attendance before the first day
            attendance_mark(internship=cohort, attended={enrolled[0].pk: True}, acting_user=None,
                            today=cohort.starts_on - DAY)  # fmt: skip
        attendance_mark(internship=cohort, attended={enrolled[0].pk: True}, acting_user=None)
        with pytest.raises(ValidationError) as error:  # not everyone marked
            internship_finish(internship=cohort, acting_user=None)
        assert error.value.code == "attendance_missing"
        attendance_mark(internship=cohort, attended={enrolled[1].pk: False}, acting_user=None)
        with pytest.raises(ValidationError):  # before the last day
            internship_finish(internship=cohort, acting_user=None, today=cohort.ends_on - DAY)
        records = internship_finish(internship=cohort, acting_user=None)
        assert [r.teacher for r in records] == [came]
        record = records[0]
        assert (record.hours, record.format, record.start_date, record.end_date) == (
            24,
            CourseFormat.FULL_TIME,
            cohort.starts_on,
            cohort.ends_on,
        )
        assert "Критериальное оценивание" in record.programme
        outcomes = dict(cohort.enrolments.values_list("teacher_id", "outcome"))
        assert outcomes == {came.pk: EnrolmentOutcome.COMPLETED, absent.pk: EnrolmentOutcome.NOT_COMPLETED}
        # Finishing again, or asking for the record again, makes no second one.
        internship_finish(internship=cohort, acting_user=None)
        enrolled[0].refresh_from_db()
        assert enrolment_pd_record_ensure(enrolment=enrolled[0], acting_user=None) == record
        assert CourseRecord.objects.filter(teacher=came).count() == 1
        assert not CourseRecord.objects.filter(teacher=absent).exists()
        cohort.refresh_from_db()
        assert cohort.finished_on == TODAY
        with pytest.raises(ValidationError):  # the cohort is closed now
            enrolment_enrol(internship=cohort, teachers=[TeacherFactory()], acting_user=None)


def test_the_pd_record_counts_for_the_three_year_rule(muni_a):
    from tenants.development.periodicity import PdStatus
    from tenants.development.selectors import teacher_pd_get

    with tenant_context(muni_a):
        cohort = internship(starts_in=-3, days=2)
        teacher = TeacherFactory(teaching_since=datetime.date(2000, 9, 1))
        assert teacher_pd_get(teacher=teacher, on=TODAY).pd_status == PdStatus.OVERDUE
        (enrolment,) = enrolment_enrol(internship=cohort, teachers=[teacher], acting_user=None)
        attendance_mark(internship=cohort, attended={enrolment.pk: True}, acting_user=None)
        internship_finish(internship=cohort, acting_user=None)
        assert teacher_pd_get(teacher=teacher, on=TODAY).pd_status == PdStatus.UP_TO_DATE


def test_a_cancelled_internship_is_not_summed_up(muni_a):
    with tenant_context(muni_a):
        cohort = internship(starts_in=-5, days=2)
        Internship.objects.filter(pk=cohort.pk).update(cancelled=True)
        cohort.refresh_from_db()
        with pytest.raises(ValidationError):
            internship_finish(internship=cohort, acting_user=None)
        with pytest.raises(ValidationError):
            enrolment_enrol(internship=cohort, teachers=[TeacherFactory()], acting_user=None)
        assert site() is not None

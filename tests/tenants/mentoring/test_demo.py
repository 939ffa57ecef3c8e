"""The mentoring demo: pairs in every status, some young teachers flagged, the school with attendance; idempotent."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from tenants.academic_years import AcademicYear
from tenants.mentoring.demo import LEFT_WITHOUT, demo_seed
from tenants.mentoring.models import Mentorship, MentorshipStatus, SchoolProgramme
from tenants.mentoring.selectors import young_teachers_without_mentor
from tests.tenants.mentoring.factories import young_teacher
from tests.tenants.people.factories import TeacherFactory


def test_demo_seed_is_idempotent_and_covers_every_status(muni_a):
    with tenant_context(muni_a):
        young = [young_teacher() for _ in range(9)]
        for teacher in young:
            TeacherFactory(organisation=teacher.organisation)
        demo_seed(muni_a)
        pairs = Mentorship.objects.count()
        demo_seed(muni_a)
        assert Mentorship.objects.count() == pairs == len(young) - LEFT_WITHOUT
        assert set(Mentorship.objects.values_list("status", flat=True)) == set(MentorshipStatus.values)
        assert young_teachers_without_mentor().count() >= LEFT_WITHOUT
        programme = SchoolProgramme.objects.get(academic_year=AcademicYear.current().start)
        assert programme.participants.count() == len(young) and programme.sessions.count() == 6
        assert SchoolProgramme.objects.count() == 1
        held = programme.sessions.filter(attendees__isnull=False).distinct()
        assert all(s.attendees.count() < len(young) for s in held)

"""Meetings of mentoring pairs (issue 21: the methodologist's home counts the pairs of the
municipality without a meeting this quarter): the period rule, the audit row, the count and the
filtered list behind it, and B never seeing or changing A's meetings."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.mentoring.home import quiet_pairs_lines
from tenants.mentoring.models import MeetingForm, MentorshipMeeting, MentorshipStatus
from tenants.mentoring.selectors import mentorships_without_meeting, quarter_start
from tenants.mentoring.services import mentorship_meeting_create
from tenants.staff_home import home_lines
from tests.tenants.mentoring.factories import mentorship

MEETINGS = "/admin/mentoring/meetings/"
SECRET = "Разбор урока: секрет пары А"


def test_quarter_start():
    assert quarter_start(datetime.date(2026, 12, 7)) == datetime.date(2026, 10, 1)
    assert quarter_start(datetime.date(2027, 3, 31)) == datetime.date(2027, 1, 1)
    assert quarter_start(datetime.date(2027, 4, 1)) == datetime.date(2027, 4, 1)


def test_a_meeting_is_within_the_pairs_period_and_audited(muni_a, methodologist_a):
    today = timezone.localdate()
    with tenant_context(muni_a):
        pair = mentorship(starts_on=today - datetime.timedelta(days=10))
        with pytest.raises(ValidationError) as error:
            mentorship_meeting_create(mentorship=pair, date=today - datetime.timedelta(days=11), acting_user=None)
        assert "в сроки наставничества" in str(error.value)
        assert not MentorshipMeeting.objects.exists()
        meeting = mentorship_meeting_create(
            mentorship=pair, date=today, form=MeetingForm.LESSON_VISIT, acting_user=methodologist_a
        )
        assert AuditEntry.objects.filter(action="mentorship_meeting.create", actor=methodologist_a).exists()
        assert list(pair.meetings.all()) == [meeting]


def test_the_home_counts_active_pairs_without_a_meeting_this_quarter(muni_a, methodologist_a, make_user):
    today = datetime.date(2026, 12, 7)
    with tenant_context(muni_a):
        met = mentorship(starts_on=datetime.date(2026, 6, 1))
        quiet = mentorship(starts_on=datetime.date(2026, 6, 1))
        started = mentorship(starts_on=datetime.date(2026, 11, 20))  # this quarter, no meeting yet
        planned = mentorship(starts_on=datetime.date(2026, 6, 1), status=MentorshipStatus.PLANNED)
        mentorship_meeting_create(mentorship=met, date=datetime.date(2026, 10, 1), acting_user=None)
        mentorship_meeting_create(mentorship=quiet, date=datetime.date(2026, 9, 30), acting_user=None)
        mentorship_meeting_create(mentorship=planned, date=datetime.date(2026, 9, 30), acting_user=None)
        assert set(mentorships_without_meeting(on=today)) == {quiet, started}
        (line,) = quiet_pairs_lines(methodologist_a, today)
        assert (line.count, line.attention) == (2, True)
        assert "status=active" in line.url and "quiet=on" in line.url
        # The methodologist's and the head's home carry it; the chair's does not (no view permission
        # of mentoring is not the reason: the section is for the service's own people).
        chair = make_user(Role.CHAIR, muni_a)
        assert "mentoring" in {section.key for section, _lines in home_lines(methodologist_a, today=today)}
        assert "mentoring" not in {section.key for section, _lines in home_lines(chair, today=today)}


def test_the_list_behind_the_count_shows_the_quiet_pairs(muni_a, methodologist_a, host_client):
    today = timezone.localdate()
    with tenant_context(muni_a):
        met = mentorship(starts_on=quarter_start(today))
        quiet = mentorship(starts_on=quarter_start(today))
        mentorship_meeting_create(mentorship=met, date=today, acting_user=None)
        (line,) = quiet_pairs_lines(methodologist_a, today)
    response = host_client(muni_a, methodologist_a).get(line.url)
    assert response.status_code == 200
    assert {pair.pk for pair in response.context["object_list"]} == {quiet.pk}
    everything = host_client(muni_a, methodologist_a).get("/admin/mentorships/")
    assert {pair.pk for pair in everything.context["object_list"]} == {quiet.pk, met.pk}


def test_a_meeting_is_recorded_in_the_admin_and_b_cannot_read_or_change_it(
    muni_a, muni_b, methodologist_a, make_user, host_client
):
    today = timezone.localdate()
    with tenant_context(muni_a):
        pair = mentorship(starts_on=today - datetime.timedelta(days=40))
    client = host_client(muni_a, methodologist_a)
    form = client.get(f"{MEETINGS}new/?mentorship={pair.pk}").content.decode()
    assert f'<option value="{pair.pk}" selected' in form
    response = client.post(
        f"{MEETINGS}new/",
        {"mentorship": pair.pk, "date": today.isoformat(), "form": MeetingForm.OPEN_LESSON, "notes": SECRET},
    )
    assert response.status_code == 302
    with tenant_context(muni_a):
        meeting = MentorshipMeeting.objects.get(notes=SECRET)
        assert AuditEntry.objects.filter(action="mentorship_meeting.create").exists()
    assert SECRET not in client.get(MEETINGS).content.decode()  # the list shows date, pair and form
    assert SECRET in client.get(f"{MEETINGS}edit/{meeting.pk}/").content.decode()
    # B's methodologist: A's meeting is not in B's schema; nothing to read or change.
    other = host_client(muni_b, make_user(Role.METHODOLOGIST, muni_b))
    assert other.get(f"{MEETINGS}edit/{meeting.pk}/").status_code == 404
    assert other.post(f"{MEETINGS}edit/{meeting.pk}/", {"notes": "чужое"}).status_code == 404
    # A's methodologist on B's host is sent to sign in there.
    assert client.get(f"{MEETINGS}edit/{meeting.pk}/", HTTP_HOST=muni_b.default_hostname).status_code == 302
    with tenant_context(muni_a):
        assert MentorshipMeeting.objects.get(pk=meeting.pk).notes == SECRET

"""The unified regional calendar: institute staff publish; proposals; feed; screens; isolation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context
from icalendar import Calendar

from accounts.models import Role
from audit.models import AuditEntry
from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.services import event_propose_to_region
from tests.tenants.events.factories import make_event
from unified_calendar.models import ProposalStatus, RegionalEvent
from unified_calendar.selectors import regional_event_list_upcoming, regional_events_conflicting
from unified_calendar.services import proposal_create, proposal_decide, regional_event_create


@pytest.fixture
def institute(make_user):
    return make_user(Role.INSTITUTE, None)


def regional(**overrides) -> RegionalEvent:
    day = overrides.pop("day", timezone.localdate() + datetime.timedelta(days=20))
    fields = {
        "title": "Августовская конференция педагогов области",
        "kind": EventKind.CONFERENCE,
        "audience": EventAudience.ALL,
        "starts_on": day,
        "ends_on": day,
        "organiser": "ЛОИРО",
    }
    fields.update(overrides)
    return RegionalEvent.objects.create(**fields)


def test_only_institute_staff_publish(institute, methodologist_a):
    day = timezone.localdate() + datetime.timedelta(days=30)
    fields = dict(
        title="Форум",
        kind=EventKind.CONFERENCE,
        audience=EventAudience.ALL,
        starts_on=day,
        ends_on=day,
        organiser="ЛОИРО",
        competence_areas=["digital"],
    )
    with pytest.raises(PermissionDenied):
        regional_event_create(acting_user=methodologist_a, **fields)
    with pytest.raises(PermissionDenied):
        regional_event_create(acting_user=None, **fields)
    event = regional_event_create(acting_user=institute, **fields)
    assert event.created_by == institute
    assert AuditEntry.objects.filter(action="regional_event.create", actor=institute).exists()
    with pytest.raises(ValidationError) as error:
        regional_event_create(acting_user=institute, **{**fields, "ends_on": day - datetime.timedelta(days=1)})
    assert "Дата окончания не может быть раньше даты начала." in str(error.value)
    assert [e.pk for e in regional_event_list_upcoming(competence_codes=["digital"])] == [event.pk]
    assert regional_event_list_upcoming(competence_codes=["gifted"]) == []


def test_proposal_accepted_appears_with_the_municipality_named(muni_a, methodologist_a, institute):
    with tenant_context(muni_a):
        event = make_event(title="Фестиваль открытых уроков", kind=EventKind.OPEN_LESSON, competence_areas=["methods"])
        proposal = event_propose_to_region(event=event, note="Традиционный, 10 лет", acting_user=methodologist_a)
        with pytest.raises(ValidationError, match="уже предложено"):
            event_propose_to_region(event=event, acting_user=methodologist_a)
        private = make_event(is_public=False)
        with pytest.raises(ValidationError, match="только открытые"):
            event_propose_to_region(event=private, acting_user=methodologist_a)
    assert proposal.status == ProposalStatus.PENDING and proposal.competence_areas == ["methods"]
    with pytest.raises(PermissionDenied):
        proposal_decide(proposal=proposal, accept=True, acting_user=methodologist_a)
    with pytest.raises(ValidationError) as error:
        proposal_decide(proposal=proposal, accept=False, acting_user=institute)
    assert "Укажите, почему предложение отклонено." in str(error.value)
    decided = proposal_decide(proposal=proposal, accept=True, comment="Включено", acting_user=institute)
    regional_event = decided.regional_event
    assert regional_event.source_municipality == muni_a and regional_event.source_event_id == event.pk
    assert regional_event.title == "Фестиваль открытых уроков"
    with pytest.raises(ValidationError, match="уже принято"):
        proposal_decide(proposal=proposal, accept=False, comment="x", acting_user=institute)
    with tenant_context(muni_a), pytest.raises(ValidationError, match="уже есть в едином календаре"):
        event_propose_to_region(event=event, acting_user=methodologist_a)
    actions = set(AuditEntry.objects.filter(municipality=muni_a).values_list("action", flat=True))
    assert {"regional_proposal.create", "regional_proposal.accept"} <= actions


def test_declined_proposal_keeps_the_comment(muni_a, methodologist_a, institute):
    with tenant_context(muni_a):
        proposal = event_propose_to_region(event=make_event(), acting_user=methodologist_a)
    proposal_decide(proposal=proposal, accept=False, comment="Муниципальный уровень", acting_user=institute)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED and proposal.comment == "Муниципальный уровень"
    assert not RegionalEvent.objects.filter(source_municipality=muni_a).exists()


def test_a_municipality_cannot_propose_for_another(muni_a, muni_b, make_user):
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    teacher_a = make_user(Role.TEACHER, muni_a)
    day = timezone.localdate()
    fields = dict(
        event_id=1,
        title="X",
        kind=EventKind.SEMINAR,
        audience=EventAudience.ALL,
        starts_on=day,
        ends_on=day,
        organiser="X",
    )
    for person in (methodologist_b, teacher_a, None):
        with pytest.raises(PermissionDenied):
            proposal_create(municipality=muni_a, acting_user=person, **fields)


def test_conflicts_are_found_for_overlapping_audiences(db):
    day = timezone.localdate() + datetime.timedelta(days=40)
    for_all = regional(title="Для всех", day=day)
    for_managers = regional(title="Руководителям", day=day, audience=EventAudience.MANAGERS)
    regional(title="Олимпиада", day=day, audience=EventAudience.STUDENTS)
    regional(title="Другой день", day=day + datetime.timedelta(days=1), audience=EventAudience.MANAGERS)
    found = regional_events_conflicting(starts_on=day, ends_on=day, audience=EventAudience.MANAGERS)
    assert [e.pk for e in found] == [for_all.pk, for_managers.pk]
    students = regional_events_conflicting(starts_on=day, ends_on=day, audience=EventAudience.STUDENTS)
    assert [e.title for e in students] == ["Олимпиада"]


def test_unified_feed_is_valid_bounded_and_stable(host_client, muni_a):
    today = timezone.localdate()
    inside = regional(title="Сейчас", day=today + datetime.timedelta(days=3), url="https://loiro.ru/forum")
    regional(title="Давно", day=today - datetime.timedelta(days=120))
    regional(title="Нескоро", day=today + datetime.timedelta(days=400))
    regional(title="Снято", is_withdrawn=True)
    regional(title="Из района", source_municipality=muni_a)
    response = host_client().get("/calendar/feed.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Сейчас", "Из района"}
    entry = events["Сейчас"]
    assert str(entry["UID"]) == f"regional-event-{inside.pk}@lenobl.localhost"
    assert str(entry["URL"]) == f"http://lenobl.localhost/calendar/{inside.pk}/"
    assert entry.start == inside.starts_on and entry.end == inside.ends_on + datetime.timedelta(days=1)
    assert "https://loiro.ru/forum" in str(entry["DESCRIPTION"])
    assert muni_a.name in str(events["Из района"]["DESCRIPTION"])


def test_region_screens_for_the_institute_only(host_client, institute, make_user, muni_a):
    day = timezone.localdate() + datetime.timedelta(days=5)
    data = {
        "title": "Неделя наставничества",
        "kind": EventKind.SEMINAR,
        "audience": EventAudience.YOUNG_TEACHERS,
        "starts_on": day.isoformat(),
        "ends_on": day.isoformat(),
        "organiser": "ЛОИРО",
        "url": "",
        "description": "",
        "competence_areas": ["psychology"],
    }
    teacher = make_user(Role.TEACHER, muni_a)
    assert host_client(None, teacher).post("/calendar/manage/new/", data).status_code == 403
    assert host_client().get("/calendar/manage/new/").status_code == 302
    response = host_client(None, institute).post("/calendar/manage/new/", data)
    assert response.status_code == 302
    event = RegionalEvent.objects.get(title="Неделя наставничества")
    assert event.competence_areas == ["psychology"]
    page = host_client().get("/calendar/", {"month": f"{day:%Y-%m}"}).content.decode()
    assert "Неделя наставничества" in page and "Добавить событие" not in page
    bad = host_client(None, institute).post("/calendar/manage/new/", {**data, "title": ""})
    assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()
    host_client(None, institute).post(f"/calendar/manage/{event.pk}/withdraw/")
    assert "Неделя наставничества" not in host_client().get("/calendar/", {"month": f"{day:%Y-%m}"}).content.decode()
    assert host_client(None, teacher).get("/calendar/proposals/").status_code == 403


def test_institute_decides_on_the_proposals_screen(host_client, institute, muni_a, methodologist_a):
    with tenant_context(muni_a):
        proposal = event_propose_to_region(event=make_event(title="Слёт вожатых"), acting_user=methodologist_a)
    client = host_client(None, institute)
    assert "Слёт вожатых" in client.get("/calendar/proposals/").content.decode()
    refused = client.post(f"/calendar/proposals/{proposal.pk}/", {"decision": "decline", "comment": ""})
    assert "Укажите, почему предложение отклонено." in refused.content.decode()
    client.post(f"/calendar/proposals/{proposal.pk}/", {"decision": "accept", "comment": ""})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_a_new_regional_event_retires_the_municipal_sites_cached_pages(
    institute, muni_a, muni_b, django_capture_on_commit_callbacks
):
    from cms.base.page_cache import page_cache_generation

    def generation(municipality) -> int:
        with tenant_context(municipality):  # the middleware reads it in the municipality's schema
            return page_cache_generation(municipality.schema_name)

    before = {m: generation(m) for m in (muni_a, muni_b)}
    day = timezone.localdate() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        regional_event_create(
            acting_user=institute,
            title="Форум",
            kind=EventKind.CONFERENCE,
            audience=EventAudience.ALL,
            starts_on=day,
            ends_on=day,
            organiser="ЛОИРО",
        )
    assert all(generation(m) > before[m] for m in (muni_a, muni_b))

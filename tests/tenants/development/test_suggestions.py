"""Suggestions for a deficit: upcoming events of the municipality and of the unified calendar,
and course offers, in the same competence area (004 §3.3.2–3.3.3)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.development.selectors import deficit_suggestions
from tenants.event_vocabulary import EventKind
from tenants.events.models import Event
from tests.tenants.development.factories import CourseOfferFactory, DeficitFactory, area
from unified_calendar.models import RegionalEvent

TODAY = datetime.date.today


def _event(title, codes, *, days=10, public=True):
    starts = timezone.now() + datetime.timedelta(days=days)
    return Event.objects.create(
        title=title,
        kind=EventKind.SEMINAR,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        competence_areas=codes,
        is_public=public,
    )


def _regional(title, codes, *, days=20, withdrawn=False):
    start = TODAY() + datetime.timedelta(days=days)
    return RegionalEvent.objects.create(
        title=title,
        kind=EventKind.CONFERENCE,
        starts_on=start,
        ends_on=start,
        organiser="ЛОИРО",
        competence_areas=codes,
        is_withdrawn=withdrawn,
    )


def test_each_deficit_gets_what_matches_its_area(muni_a, muni_b):
    regional = _regional("Региональная конференция по цифровизации", ["digital"])
    _regional("Снятая конференция", ["digital"], withdrawn=True)
    _regional("Про оценивание", ["assessment"])
    with tenant_context(muni_b):
        _event("Семинар района Б", ["digital"])
    with tenant_context(muni_a):
        digital = DeficitFactory(area=area("digital"))
        inclusive = DeficitFactory(area=area("inclusive"))
        seminar = _event("Цифровой семинар", ["digital", "methods"])
        _event("Прошедший семинар", ["digital"], days=-3)
        _event("Закрытое совещание", ["digital"], public=False)
        _event("Инклюзия: мастер-класс", ["inclusive"], days=400)
        offer = CourseOfferFactory(competence_areas=[area("digital")])
        CourseOfferFactory(competence_areas=[area("digital")], start_date=TODAY() - datetime.timedelta(days=1))
        CourseOfferFactory(competence_areas=[area("subject")])

        by_deficit = {s.deficit: s for s in deficit_suggestions([digital, inclusive])}
        assert by_deficit[digital].events == [seminar]
        assert by_deficit[digital].regional_events == [regional]
        assert by_deficit[digital].course_offers == [offer]
        assert [e.title for e in by_deficit[inclusive].events] == ["Инклюзия: мастер-класс"]
        assert not by_deficit[inclusive].regional_events and not by_deficit[inclusive].course_offers

        # Up to a date (a route's end): the far one drops out.
        (limited,) = deficit_suggestions([inclusive], until=TODAY() + datetime.timedelta(days=100))
        assert limited.is_empty


def test_the_limit_applies_per_kind(muni_a):
    with tenant_context(muni_a):
        deficit = DeficitFactory(area=area("digital"))
        for n in range(5):
            CourseOfferFactory(competence_areas=[area("digital")], start_date=TODAY() + datetime.timedelta(days=10 + n))
        (suggestion,) = deficit_suggestions([deficit], limit=2)
    assert len(suggestion.course_offers) == 2
    assert suggestion.course_offers[0].start_date < suggestion.course_offers[1].start_date

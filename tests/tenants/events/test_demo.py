"""The events demo: every kind, registrations, attendance, a contest with results, an accepted proposal."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.event_vocabulary import EventKind
from tenants.events.models import ContestParticipant, Event, EventStatus, Registration, RegistrationStatus
from unified_calendar.demo import REGIONAL_EVENTS, demo_seed_region
from unified_calendar.models import ProposalStatus, RegionalEvent, RegionalEventProposal


def test_demo_seeds_every_kind_once_and_the_region_accepts_a_proposal(muni_a, make_user):
    from tenants.events.demo import demo_seed
    from tenants.organisations.demo import demo_seed as organisations_seed
    from tenants.people.demo import demo_seed as people_seed

    assert demo_seed_region() == 0  # no institute account: nobody may publish
    make_user(Role.INSTITUTE, None)
    make_user(Role.METHODOLOGIST, muni_a)
    assert demo_seed_region() == len(REGIONAL_EVENTS)
    assert demo_seed_region() == 0
    with tenant_context(muni_a):
        organisations_seed(muni_a)
        people_seed(muni_a)
        demo_seed(muni_a)
        demo_seed(muni_a)  # idempotent
        events = list(Event.objects.all())
        assert {e.kind for e in events} == set(EventKind.values)
        assert len({e.title for e in events}) == len(events)
        held = [e for e in events if e.status == EventStatus.HELD]
        assert len(held) == 5 and all(e.starts_at for e in held)
        assert Registration.objects.filter(attended=True, event__in=held).exists()
        assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() == 2
        contest = Event.objects.get(kind=EventKind.CONTEST)
        assert contest.results_published_at is not None and contest.stages.count() == 3
        assert ContestParticipant.objects.filter(event=contest, outcome="winner").count() == 1
        proposed = Event.objects.get(kind=EventKind.RESEARCH_CONFERENCE)
    proposal = RegionalEventProposal.objects.get(municipality=muni_a, event_id=proposed.pk)
    assert proposal.status == ProposalStatus.ACCEPTED
    assert RegionalEvent.objects.filter(source_municipality=muni_a, source_event_id=proposed.pk).exists()

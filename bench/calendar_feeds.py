"""How fast the unified calendar's feed and a municipality's month view answer.

Runs against a database of its own (``metodika_bench_calendar`` next to the one in DATABASE_URL,
dropped and recreated at the start, dropped at the end unless ``--keep``) and Redis database 12,
so it never touches development or test data.

    make bench                      # or: .venv/bin/python bench/calendar_feeds.py --runs 15 --keep

It provisions one municipality (not timed) with the calendar page of its site, writes
``--regional`` events of the unified calendar spread over its feed window (three months back,
twelve ahead; one in ten proposed by the municipality) and ``--municipal`` public events of the
municipality in one month, in bulk, then times over HTTP through the whole stack (Django's test
client, every middleware):

* ``GET /calendar/feed.ics`` on the region host — the iCalendar feed of the unified calendar;
* ``GET <calendar page>?month=…`` on the municipality's host — the month view with its events
  and the unified calendar's events of that month, marked apart, rendered on every request (a
  session cookie keeps the site's anonymous page cache out; the cached answer is printed too).

Each ``--runs`` times after one warm-up; the target is on each median: under TARGET_MS. The feed
is served from the cache while its stamp (day, events in the window, last change) holds, which is
what calendar applications polling it get; the time to rebuild it after a change (``unified feed,
rebuilt``: the selector and the writer, no cache) is printed too, for information. The feed is
parsed back once with the icalendar library to check it holds every event. Exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from typing import Any

import harness
from harness import say, timed

TARGET_MS = 100.0
INFORMATION = {
    "unified feed, rebuilt": "after a change; for information",
    "month view, page cache": "an anonymous visitor served by the site's page cache; for information",
}


def parse_args() -> argparse.Namespace:
    parser = harness.arguments_parser(__doc__, database="metodika_bench_calendar", redis_db=12)
    parser.add_argument("--regional", type=int, default=5000, help="unified calendar events (default 5,000)")
    parser.add_argument("--municipal", type=int, default=500, help="municipal events in the month (default 500)")
    parser.add_argument("--runs", type=int, default=11, help="timed runs of each request (default 11)")
    args = parser.parse_args()
    if args.runs < 1 or args.regional < 1 or args.municipal < 1:
        parser.error("--runs, --regional and --municipal must be positive")
    return args


def regional_fill(count: int, municipality: Any) -> None:
    from django.utils import timezone

    from tenants.event_vocabulary import EventAudience, EventKind
    from unified_calendar.models import RegionalEvent

    today = timezone.localdate()
    first = today - datetime.timedelta(days=85)
    span = 440  # days inside the feed's window
    kinds, audiences = EventKind.values, EventAudience.values
    rows = [
        RegionalEvent(
            title=f"Региональное событие № {n}: {EventKind(kinds[n % len(kinds)]).label.lower()} для педагогов",
            kind=kinds[n % len(kinds)],
            audience=audiences[n % len(audiences)],
            starts_on=first + datetime.timedelta(days=n * span // count),
            ends_on=first + datetime.timedelta(days=n * span // count + n % 3),
            organiser="ГАОУ ДПО «ЛОИРО»",
            url=f"https://loiro.example/events/{n}",
            description="Пленарное заседание, секции, мастер-классы; участие по заявкам муниципальных служб.",
            source_municipality=municipality if n % 10 == 0 else None,
            source_event_id=n if n % 10 == 0 else None,
        )
        for n in range(count)
    ]
    RegionalEvent.objects.bulk_create(rows, batch_size=1000)


def municipal_fill(count: int, month: datetime.date) -> None:
    from django.db import connection
    from django.utils import timezone

    from tenants.event_vocabulary import EventAudience, EventKind
    from tenants.events.models import Event

    tz = timezone.get_default_timezone()
    kinds, audiences = EventKind.values, EventAudience.values
    rows = []
    for n in range(count):
        day = month + datetime.timedelta(days=n % 28)
        starts = datetime.datetime.combine(day, datetime.time(9 + n % 8), tzinfo=tz)
        rows.append(
            Event(
                title=f"Мероприятие методической службы № {n}",
                kind=kinds[n % len(kinds)],
                audience=audiences[n % len(audiences)],
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                address="ул. Ленинградская, 46",
                capacity=30,
                is_public=True,
            )
        )
    Event.objects.bulk_create(rows, batch_size=500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")


def time_get(client: object, path: str, runs: int, **params: str) -> tuple[list[float], bytes]:
    response = client.get(path, params)  # type: ignore[attr-defined]  # warm-up
    if response.status_code != 200:
        raise SystemExit(f"[bench] {path} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, params)  # type: ignore[attr-defined]
        timings.append(time.perf_counter() - started)
    return timings, response.content


def bench(args: argparse.Namespace) -> dict[str, list[float]]:
    import io

    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_tenants.utils import tenant_context
    from icalendar import Calendar
    from wagtail.models import Site

    from tenants.events.models import EventCalendarPage
    from tenants.municipalities.schemas import schema_activate_public
    from tenants.municipalities.services import municipality_provision

    with timed("region_migrate (public, template)"):
        call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
    with timed("provisioning one municipality"):
        municipality = municipality_provision(
            name="Бенчмарк календаря",
            short_name="Бенч календарь",
            slug="bench-calendar",
            contact_email="c@bench.example",
            use_pool=False,
        ).municipality
    month = (timezone.localdate() + datetime.timedelta(days=31)).replace(day=1)
    with timed(f"{args.regional} regional and {args.municipal} municipal events"):
        schema_activate_public()
        regional_fill(args.regional, municipality)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE unified_calendar_regionalevent")
        with tenant_context(municipality):
            municipal_fill(args.municipal, month)
            home = Site.objects.get(is_default_site=True).root_page
            page = EventCalendarPage(title="Календарь мероприятий", slug="calendar")
            home.add_child(instance=page)
            page.save_revision().publish()
            page_path = page.get_url()
    schema_activate_public()

    from unified_calendar.feeds import unified_feed

    rebuilt = []
    for _ in range(max(3, args.runs // 3)):
        started = time.perf_counter()
        unified_feed()
        rebuilt.append(time.perf_counter() - started)

    region = Client(HTTP_HOST=settings.REGION_DOMAIN)
    feed_timings, feed = time_get(region, "/calendar/feed.ics", args.runs)
    in_feed = len(Calendar.from_ical(feed).walk("VEVENT"))
    say(f"feed: {len(feed) / 1e6:.1f} MB, {in_feed} events")
    if in_feed != args.regional:
        raise SystemExit(f"[bench] the feed holds {in_feed} events, not {args.regional}")

    # A session cookie keeps the site's anonymous page cache out: the page is rendered each time.
    site = Client(HTTP_HOST=municipality.default_hostname)
    site.cookies[settings.SESSION_COOKIE_NAME] = "bench-no-page-cache"
    month_timings, body = time_get(site, page_path, args.runs, month=f"{month:%Y-%m}")
    # The publish above has just purged the site: for a minute nothing is stored (a purge
    # settles). Let it settle at once (the bench Redis database is its own) so the figure below
    # is what a visitor gets from the page cache, not one more render.
    cache.clear()
    cached_timings, _cached = time_get(
        Client(HTTP_HOST=municipality.default_hostname), page_path, args.runs, month=f"{month:%Y-%m}"
    )
    answered = Client(HTTP_HOST=municipality.default_hostname).get(page_path, {"month": f"{month:%Y-%m}"})
    if answered.get("X-Page-Cache") != "hit":
        raise SystemExit("[bench] the month view was not served from the page cache")
    shown = body.count(b'class="entry-own"')
    say(f"month view: {len(body) / 1e3:.0f} KB, {shown} municipal entries")
    if shown < args.municipal:
        raise SystemExit(f"[bench] the month view shows {shown} municipal entries, not {args.municipal}")
    schema_activate_public()
    return {
        "unified feed": feed_timings,
        "municipal month view": month_timings,
        "unified feed, rebuilt": rebuilt,
        "month view, page cache": cached_timings,
    }


def report(results: dict[str, list[float]]) -> bool:
    harness.seconds_table("request", results.items())
    ok = True
    for label, seconds in results.items():
        if label in INFORMATION:
            print(f"{label}: median {statistics.median(seconds) * 1000:.1f} ms ({INFORMATION[label]})")
            continue
        median_ms = statistics.median(seconds) * 1000
        passed = median_ms < TARGET_MS
        ok = ok and passed
        print(f"{label}: median {median_ms:.1f} ms (target < {TARGET_MS:.0f} ms): {'PASS' if passed else 'FAIL'}")
    return ok


def main() -> int:
    args = parse_args()
    results = harness.run(args, lambda: bench(args))
    return 0 if report(results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Region-wide reads on a real streaming replica (issue 18 §4); without one, everything on default.

The replica is a hot standby streaming from a private primary that holds a copy of the test
database (``tests/streaming_replica.py``); Django's ``default`` points at that primary for these
tests. Queries are counted per alias on the connections themselves.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connections, router, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.services import role_grant
from institute.models import PlanComment
from metodika.replica_health import FALLBACKS, replica_state_forget
from metodika.replica_reads import PIN_COOKIE, RequestReads, _request_reads
from metodika.settings.database import databases
from rollups.models import MunicipalityYearRollup
from tenants.municipalities.models import Municipality
from tests.conftest import TEST_MUNICIPALITIES
from tests.factories import UserFactory
from tests.streaming_replica import REPLICA, StreamingReplica, postgres_binaries_missing, replica_databases
from tests.streaming_replica import streaming_replica as replica_cluster

SLUG_A = TEST_MUNICIPALITIES["a"]["slug"]
SLUG_B = TEST_MUNICIPALITIES["b"]["slug"]


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup: None, django_db_blocker: Any) -> Iterator[StreamingReplica]:
    missing = postgres_binaries_missing()
    if missing:
        pytest.skip(missing)
    from django.db import connection

    with django_db_blocker.unblock(), replica_cluster(source=dict(connection.settings_dict)) as replica:
        yield replica


@pytest.fixture
def on_replica(streaming_replica: StreamingReplica, django_db_blocker: Any) -> Iterator[StreamingReplica]:
    from django.core.cache import caches

    with django_db_blocker.unblock(), replica_databases(streaming_replica):
        caches["default"].clear()
        replica_state_forget()
        try:
            yield streaming_replica
        finally:
            replica_state_forget()


def institute_client(label: str) -> Client:
    """A signed-in member of the institute's staff on the region host (committed on the primary)."""
    user = UserFactory(email=f"{label}@institute.test", first_name=label)
    role_grant(user=user, role=Role.INSTITUTE, municipality=None, acting_user=None)
    client = Client(HTTP_HOST=settings.REGION_DOMAIN)
    client.force_login(User.objects.get(pk=user.pk))
    return client


class Captured(CaptureQueriesContext):
    """Django's capture, less its connecting first: the replica may be down (its outage tests)."""

    def __enter__(self) -> Captured:
        self.connection.ensure_connection = lambda: None  # type: ignore[method-assign]
        try:
            super().__enter__()
        finally:
            del self.connection.ensure_connection
        return self


class PerAlias:
    """The statements each alias ran inside the block."""

    def __enter__(self) -> PerAlias:
        self._contexts = {alias: Captured(connections[alias]) for alias in ("default", REPLICA)}
        for context in self._contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        for context in self._contexts.values():
            context.__exit__(*exc)

    def sql(self, alias: str) -> list[str]:
        """The statements that read or write rows (not the search path, not transaction control)."""
        return [
            query["sql"]
            for query in self._contexts[alias].captured_queries
            if not query["sql"].startswith(CONTROL_STATEMENTS)
        ]

    def search_paths(self, alias: str) -> list[str]:
        return [q["sql"] for q in self._contexts[alias].captured_queries if q["sql"].startswith("SET search_path")]


CONTROL_STATEMENTS = ("SET search_path", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
PRIMARY_ONLY_TABLES = ("django_session", "accounts_", "auth_", "account_", "mfa_", "axes_")
# The region's numbers: the roll-ups, and the dashboard's rows kept from them.
REGION_TABLES = ("rollups_municipalityyearrollup", "institute_municipalitydashboardrow")


def test_the_institute_screens_read_the_replica_and_a_write_goes_to_the_primary(on_replica):
    client = institute_client("reader")
    on_replica.caught_up()
    for path in ("/institute/", "/institute/export.xlsx", "/institute/development/", "/institute/quality/"):
        with PerAlias() as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert any(table in sql for sql in queries.sql(REPLICA) for table in REGION_TABLES), path
        # Only who the user is and what they may do is read from the primary.
        for sql in queries.sql("default"):
            assert any(table in sql for table in PRIMARY_ONLY_TABLES), (path, sql)

    # The region's public pages too, for anyone.
    with PerAlias() as queries:
        assert Client(HTTP_HOST=settings.REGION_DOMAIN).get("/").status_code == 200
    assert any("municipalities_municipality" in sql for sql in queries.sql(REPLICA))
    assert queries.sql("default") == []

    # A write: the primary only, and the browser is pinned to the primary for a while.
    with PerAlias() as queries:
        response = client.post(f"/institute/m/{SLUG_A}/comments/", {"text": "Проверьте сроки на реплике."})
    assert response.status_code == 302
    assert queries.sql(REPLICA) == []
    assert any("INSERT INTO" in sql and "institute_plancomment" in sql for sql in queries.sql("default"))
    assert int(response.cookies[PIN_COOKIE]["max-age"]) == settings.REPLICA_PIN_SECONDS


def test_during_replica_lag_the_writer_sees_their_write_and_others_read_the_replica(on_replica):
    writer, other = institute_client("writer"), institute_client("other")
    on_replica.caught_up()
    overview = f"/institute/m/{SLUG_A}/"
    text = "Комментарий, написанный во время отставания реплики."
    with on_replica.replay_paused():
        assert writer.post(f"{overview}comments/", {"text": text}).status_code == 302
        assert PlanComment.objects.filter(text=text).exists()  # on the primary

        with PerAlias() as queries:
            mine = writer.get(overview)
        assert text in mine.content.decode()  # pinned to the primary
        assert queries.sql(REPLICA) == []

        with PerAlias() as queries:
            theirs = other.get(overview)
        assert theirs.status_code == 200
        assert text not in theirs.content.decode()  # the replica has not replayed it yet
        assert any("institute_plancomment" in sql for sql in queries.sql(REPLICA))
        assert not any("institute_plancomment" in sql and "SELECT" in sql for sql in queries.sql("default"))

    on_replica.caught_up()
    assert text in other.get(overview).content.decode()


def test_a_drill_down_reads_the_municipality_schema_on_the_replica(on_replica):
    from tests.tenants.plans.conftest import draft_plan

    alpha, beta = (Municipality.objects.get(slug=slug) for slug in (SLUG_A, SLUG_B))
    with tenant_context(alpha):
        plan = draft_plan(items=1)
        plan.items.update(topic="Семинар округа А на реплике")
    with tenant_context(beta):
        plan = draft_plan(items=1)
        plan.items.update(topic="Семинар района Б на реплике")
    client = institute_client("drill")
    on_replica.caught_up()
    for municipality, mine, theirs in ((alpha, "округа А", "района Б"), (beta, "района Б", "округа А")):
        with PerAlias() as queries:
            page = client.get(f"/institute/m/{municipality.slug}/plan/?year={plan.academic_year}").content.decode()
        assert f"Семинар {mine} на реплике" in page and f"Семинар {theirs} на реплике" not in page
        assert f'SET search_path = "{municipality.schema_name}","public"' in queries.search_paths(REPLICA)
        assert any("plans_planitem" in sql for sql in queries.sql(REPLICA))


def test_reads_in_a_transaction_or_of_who_may_see_what_stay_on_the_primary(on_replica):
    token = _request_reads.set(RequestReads(replica=True))
    try:
        assert router.db_for_read(MunicipalityYearRollup) == REPLICA
        assert router.db_for_read(User) == "default"  # accounts: never lagging
        with transaction.atomic():
            assert router.db_for_read(MunicipalityYearRollup) == "default"
        assert router.db_for_write(MunicipalityYearRollup) == "default"
        # After the request's first write, it reads what it wrote.
        assert router.db_for_read(MunicipalityYearRollup) == "default"
    finally:
        _request_reads.reset(token)
    assert router.db_for_read(MunicipalityYearRollup) == "default"  # no request: a task, a command


def fallbacks(reason: str) -> float:
    return FALLBACKS.labels(reason=reason)._value.get()


def dashboard_reads(client: Client) -> PerAlias:
    with PerAlias() as queries:
        response = client.get("/institute/")
    assert response.status_code == 200
    return queries


def region_numbers_read_on(queries: PerAlias, alias: str) -> bool:
    return any(table in sql for sql in queries.sql(alias) for table in REGION_TABLES)


def test_a_replica_that_is_down_is_skipped_and_found_again_when_it_is_back(on_replica, settings, caplog):
    settings.REPLICA_CHECK_SECONDS = 0  # ask the replica before every request
    client = institute_client("outage")
    on_replica.caught_up()
    assert region_numbers_read_on(dashboard_reads(client), REPLICA)
    before = fallbacks("down")
    with on_replica.standby_stopped():
        for _ in range(2):
            queries = dashboard_reads(client)
            assert region_numbers_read_on(queries, "default") and not region_numbers_read_on(queries, REPLICA)
        assert fallbacks("down") == before + 2
        assert caplog.text.count("the replica does not answer") == 1  # a change of state, logged once
    assert region_numbers_read_on(dashboard_reads(client), REPLICA)
    assert "the replica serves the region's reads again" in caplog.text


def test_a_replica_that_fails_under_a_request_is_marked_down_and_the_primary_serves_that_request(
    on_replica, settings, caplog
):
    settings.REPLICA_CHECK_SECONDS = 3600  # the replica was found well and is not asked again
    client = institute_client("midway")
    on_replica.caught_up()
    assert region_numbers_read_on(dashboard_reads(client), REPLICA)
    with on_replica.standby_stopped():
        # The request's reads failed on the replica's open connection: the view ran again on the primary.
        queries = dashboard_reads(client)
        assert region_numbers_read_on(queries, "default")
        assert "the replica does not answer" in caplog.text
        # The next request goes straight to the primary: the replica is marked down.
        queries = dashboard_reads(client)
        assert region_numbers_read_on(queries, "default") and not region_numbers_read_on(queries, REPLICA)
        # A page the replica does not serve is untouched by it.
        assert client.get("/institute/quality/").status_code == 200
    replica_state_forget()
    assert region_numbers_read_on(dashboard_reads(client), REPLICA)


def test_a_replica_too_far_behind_is_skipped_until_it_catches_up(on_replica, settings):
    settings.REPLICA_CHECK_SECONDS = 0
    settings.REPLICA_MAX_LAG_SECONDS = 1
    writer, reader = institute_client("lag-writer"), institute_client("lag-reader")
    on_replica.caught_up()
    overview = f"/institute/m/{SLUG_A}/"
    text = "Комментарий, который реплика не успела применить."
    before = fallbacks("lagging")
    with on_replica.replay_paused():
        assert writer.post(f"{overview}comments/", {"text": text}).status_code == 302
        time.sleep(1.5)  # the replica now replays more than a second behind
        with PerAlias() as queries:
            assert text in reader.get(overview).content.decode()  # from the primary
        assert not any("institute_plancomment" in sql for sql in queries.sql(REPLICA))
        assert fallbacks("lagging") == before + 1
    on_replica.caught_up()
    with PerAlias() as queries:
        assert text in reader.get(overview).content.decode()
    assert any("institute_plancomment" in sql for sql in queries.sql(REPLICA))


def test_without_a_replica_everything_uses_default(db, make_user, host_client):
    assert list(connections.settings) == ["default"]
    client = host_client(None, make_user(Role.INSTITUTE))
    with CaptureQueriesContext(connections["default"]) as queries:
        assert client.get("/institute/").status_code == 200
    assert any("rollups_municipalityyearrollup" in q["sql"] for q in queries.captured_queries)
    response = client.post(f"/institute/m/{SLUG_A}/comments/", {"text": "Без реплики."})
    assert response.status_code == 302 and PIN_COOKIE not in response.cookies


def test_the_replica_alias_exists_only_with_its_url():
    assert list(databases(url="postgres://db/metodika", replica_url="", conn_max_age=60)) == ["default"]
    both = databases(url="postgres://db/metodika", replica_url="postgres://standby:5432/metodika", conn_max_age=60)
    assert both["default"]["ENGINE"] == "metodika.database_backend"
    assert both[REPLICA]["ENGINE"] == "metodika.replica_backend"
    assert (both[REPLICA]["HOST"], both[REPLICA]["TEST"]) == ("standby", {"MIRROR": "default"})
    # A replica gone away costs a request the connection's timeout, then the primary serves.
    assert both[REPLICA]["OPTIONS"]["connect_timeout"] == 2
    mine = databases(url="postgres://db/m", replica_url="postgres://standby/m?connect_timeout=5", conn_max_age=60)
    assert mine[REPLICA]["OPTIONS"]["connect_timeout"] == 5

"""One ``SET search_path`` per schema switch (TENANT_LIMIT_SET_CALLS), never a stale one.

PostgreSQL reverts a ``SET`` made inside a transaction or savepoint that is rolled back, while
the connection still names the schema it switched to: the next query must set the path again.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import get_limit_set_calls, schema_context

pytestmark = pytest.mark.django_db


def _search_path() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        return str(cursor.fetchone()[0])


def _site_hostname() -> str:
    from wagtail.models import Site

    return str(Site.objects.get(is_default_site=True).hostname)


def test_the_path_is_set_once_per_switch_not_before_every_query(muni_a):
    assert get_limit_set_calls()
    with schema_context(muni_a.schema_name), CaptureQueriesContext(connection) as ctx:
        for _ in range(3):
            _site_hostname()
    statements = [query["sql"] for query in ctx.captured_queries]
    assert sum(sql.startswith("SET search_path") for sql in statements) == 1
    assert len(statements) == 4


def test_a_rolled_back_savepoint_does_not_leave_the_old_path(muni_a, muni_b):
    with schema_context(muni_a.schema_name):
        assert _site_hostname() == muni_a.default_hostname
        with pytest.raises(RuntimeError), transaction.atomic():
            with schema_context(muni_b.schema_name):
                assert _site_hostname() == muni_b.default_hostname
            # Back in A inside the savepoint: the path is set to A again, then rolled back to…
            assert _site_hostname() == muni_a.default_hostname
            raise RuntimeError
        # …whatever it was before the savepoint; the connection must not trust its memory.
        assert _search_path().split(",")[0].strip().strip('"') == muni_a.schema_name
        assert _site_hostname() == muni_a.default_hostname


def test_a_switch_inside_a_rolled_back_savepoint_is_not_trusted_afterwards(muni_a, muni_b):
    with schema_context(muni_a.schema_name):
        _site_hostname()
        with pytest.raises(RuntimeError), transaction.atomic():
            connection.set_tenant(muni_b)
            assert _site_hostname() == muni_b.default_hostname  # SET to B inside the savepoint
            raise RuntimeError
        # PostgreSQL is back on A's path; the connection still names B and must set it again.
        assert connection.schema_name == muni_b.schema_name
        assert _site_hostname() == muni_b.default_hostname

"""Each schema's Wagtail search index, kept built with the configured text configuration.

The database search backend turns every page, image and document into ``tsvector`` columns with
``WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"]`` (``russian``) and stems the query with the
same configuration. Entries written under another configuration (PostgreSQL's default,
``english``, before issue 19) keep Russian words unstemmed, so «новость» misses «Новости» until
the index is rebuilt. ``manage.py region_migrate`` calls :func:`search_indexes_refresh`: it
rebuilds, after the migrations, every schema whose index does not match — the template (which new
municipalities are cloned from, index included), every municipality and every spare — and leaves
the others alone, so running it again costs a few queries (a few hundred schemas each).

An entry matches when its ``title`` and ``body`` vectors hold exactly the lexemes that the
configuration makes of the plain text stored beside them (``title_text``, ``body_text``);
``strip`` drops the weights and positions, which the comparison does not need. The
``autocomplete`` vector keeps no text of its own to compare with; it is written in the same call
with ``AUTOCOMPLETE_CONFIG``, which the settings change together with ``SEARCH_CONFIG``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import schema_context
from modelsearch.conf import get_app_config
from psycopg import sql
from wagtail.search.backends import get_search_backend

from tenants.municipalities.models import Municipality, SpareSchema

SEARCH_BACKEND = "default"


def search_config() -> str | None:
    """The text configuration of the search backend (None: the database's default)."""
    return getattr(get_search_backend(SEARCH_BACKEND), "config", None)


def search_index_stale() -> bool:
    """Does the current schema's index hold an entry made with another text configuration?"""
    table = connection.ops.quote_name(get_app_config().get_model("IndexEntry")._meta.db_table)
    config = search_config()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT EXISTS (
                SELECT 1 FROM {table}
                WHERE strip(title) IS DISTINCT FROM
                      strip(to_tsvector(COALESCE(%s::regconfig, get_current_ts_config()), title_text))
                   OR strip(body) IS DISTINCT FROM
                      strip(to_tsvector(COALESCE(%s::regconfig, get_current_ts_config()), body_text))
            )
            """,  # noqa: S608 - the table name is the model's, quoted
            [config, config],
        )
        (stale,) = cursor.fetchone()
    return bool(stale)


def search_index_rebuild() -> None:
    """Re-index every indexed object of the current schema (Wagtail's own ``update_index``)."""
    call_command("wagtail_update_index", backend_name=SEARCH_BACKEND, verbosity=0, stdout=StringIO())


def _schema_refresh(schema_name: str) -> bool:
    with schema_context(schema_name):
        if not search_index_stale():
            return False
        search_index_rebuild()
        return True


# Schemas per query when looking for stale indexes (each query locks every schema's table).
STALE_CHUNK = 250


def schemas_with_stale_index(schemas: Sequence[str]) -> set[str]:
    """Which of ``schemas`` hold an entry made with another text configuration: a few queries."""
    table = get_app_config().get_model("IndexEntry")._meta.db_table
    config = sql.Literal(search_config())
    stale: set[str] = set()
    for first in range(0, len(schemas), STALE_CHUNK):
        parts = [
            sql.SQL(
                "SELECT {name}::text WHERE EXISTS (SELECT 1 FROM {table} WHERE "
                "strip(title) IS DISTINCT FROM strip(to_tsvector(COALESCE({config}::regconfig, "
                "get_current_ts_config()), title_text)) OR strip(body) IS DISTINCT FROM "
                "strip(to_tsvector(COALESCE({config}::regconfig, get_current_ts_config()), body_text)))"
            ).format(name=sql.Literal(schema), table=sql.Identifier(schema, table), config=config)
            for schema in schemas[first : first + STALE_CHUNK]
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL(" UNION ALL ").join(parts))
            stale |= {row[0] for row in cursor.fetchall()}
    return stale


def search_indexes_refresh(*, skip: Collection[str] = ()) -> list[str]:
    """Rebuild the index of the template, each municipality and each spare where it is stale.

    Returns the schemas rebuilt; ``skip`` names schemas left alone (those whose migrations
    failed). Which indexes are stale is read in a few queries over all schemas. A spare is
    rebuilt while its pool row is locked, so provisioning (which takes spares with
    ``SKIP LOCKED``) never hands out one half rebuilt.
    """
    schemas = [settings.TENANT_BASE_SCHEMA, *Municipality.objects.values_list("schema_name", flat=True)]
    schemas = [name for name in schemas if name not in skip]
    stale = schemas_with_stale_index(schemas)
    rebuilt = [name for name in schemas if name in stale and _schema_refresh(name)]
    for spare_pk in SpareSchema.objects.values_list("pk", flat=True):
        with transaction.atomic():
            spare = SpareSchema.objects.select_for_update(skip_locked=True).filter(pk=spare_pk).first()
            if spare is not None and _schema_refresh(spare.schema_name):
                rebuilt.append(spare.schema_name)
    return rebuilt

"""Rebuilding the roll-ups from the municipalities' schemas, to repair drift.

Each app registers one rebuilder for the columns and tables it owns, from its AppConfig.ready().
A rebuilder recomputes every municipality at once with one query over all schemas (see
``schemas_union``), never a loop of ORM queries per schema.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from psycopg import sql

from tenants.municipalities.models import Municipality

logger = logging.getLogger(__name__)

Rebuilder = Callable[[Sequence[Municipality]], None]
# Municipalities per call and per transaction: one statement over thousands of schemas takes
# minutes to plan, and one transaction touching them all runs out of lock slots
# (max_locks_per_transaction). A rebuilder must therefore touch only the municipalities given.
REBUILD_CHUNK = 250
_REBUILDERS: dict[str, Rebuilder] = {}


def rollup_rebuilder_register(name: str, rebuilder: Rebuilder) -> None:
    """Register (or replace, on reload) the rebuilder called ``name``."""
    _REBUILDERS[name] = rebuilder


def rollup_rebuilder_names() -> list[str]:
    return sorted(_REBUILDERS)


def rollup_municipalities() -> list[Municipality]:
    """The municipalities whose schemas hold data to roll up (archived ones included)."""
    return list(Municipality.objects.exclude(schema_name="public").order_by("pk"))


@dataclass(frozen=True)
class RebuildResult:
    name: str
    seconds: float
    failed: int = 0  # municipalities in chunks that failed (rolled back, the others kept)


def rollups_rebuild(*, names: Sequence[str] | None = None) -> list[RebuildResult]:
    """Run the named rebuilders (all when None), a transaction per chunk of municipalities.

    A chunk that fails is rolled back and recorded (``FanOutRun``, ``rollups.<name>``); the
    other chunks still run. A rebuilder reads only the schemas it is given and writes only their
    rows, so chunks could run on different nodes (deploy/SCALING.md)."""
    from tenants.municipalities.fan_out import fan_out_failed, fan_out_recorded

    wanted = list(names) if names else rollup_rebuilder_names()
    unknown = [n for n in wanted if n not in _REBUILDERS]
    if unknown:
        raise ValueError(f"unknown roll-up rebuilders: {unknown}")
    municipalities = rollup_municipalities()
    results = []
    for name in wanted:
        started = time.perf_counter()
        with fan_out_recorded(f"rollups.{name}", total=len(municipalities)) as run:
            for first in range(0, len(municipalities), REBUILD_CHUNK):
                chunk = municipalities[first : first + REBUILD_CHUNK]
                try:
                    with transaction.atomic():
                        _REBUILDERS[name](chunk)
                except Exception as error:
                    logger.exception(
                        "Roll-up rebuild %s failed for %s…%s", name, chunk[0].schema_name, chunk[-1].schema_name
                    )
                    fan_out_failed(run, f"{chunk[0].schema_name}…{chunk[-1].schema_name}", error, count=len(chunk))
        results.append(RebuildResult(name, time.perf_counter() - started, failed=run.failed))
    return results


def schemas_union(select: str, municipalities: Sequence[Municipality]) -> sql.Composed:
    """``select`` once per schema, glued with UNION ALL.

    ``select`` is an SQL template with ``{schema}`` where a schema name goes (quoted here) and
    ``{municipality_id}`` for the municipality's id (a literal), e.g.
    ``SELECT {municipality_id} AS municipality_id, count(*) FROM {schema}.plans_planitem``.
    An empty list gives a query with no rows of the same shape cannot be guessed, so callers
    skip the query when there are no municipalities.
    """
    parts = [
        sql.SQL(select).format(schema=sql.Identifier(m.schema_name), municipality_id=sql.Literal(m.pk))
        for m in municipalities
    ]
    return sql.SQL(" UNION ALL ").join(parts)

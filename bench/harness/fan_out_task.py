"""The small per-municipality task of ``bench/fan_out.py``, for the worker it starts (``-I``).

In the municipality's schema (the search path the worker set): one query into the schema, then a
row in the bench's table naming the path, the municipality and the schema the task found itself
in, so the bench knows when every municipality has been done, and in its own schema.
"""

from __future__ import annotations

from celery import shared_task
from django.db import connection

DONE_TABLE = "public.bench_fan_out_done"


@shared_task(name="bench.fan_out_probe")
def fan_out_probe(*, municipality_id: int, path: str = "chunked") -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM plans_planitem")  # the schema's own table (a stub here)
        cursor.execute(
            f"INSERT INTO {DONE_TABLE} (path, municipality_id, schema_name) VALUES (%s, %s, current_schema())",
            [path, municipality_id],
        )

"""Writes to the roll-ups: called by municipal services inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import connection
from psycopg import sql

from rollups.models import MunicipalityYearRollup

_YEAR_TABLE = MunicipalityYearRollup._meta.db_table
_YEAR_COLUMNS = frozenset(
    f.column for f in MunicipalityYearRollup._meta.concrete_fields if f.name not in {"id", "municipality"}
) - {"academic_year"}


def rollup_write(*, municipality_id: int, academic_year: str, **values: Any) -> None:
    """Set some columns of a municipality's row for a year, creating the row if it is missing.

    An upsert of just the named columns, so apps that own different columns never overwrite each
    other (a new row takes database defaults for the rest); ``last_activity_at`` moves to now.
    Runs in the caller's transaction, whatever schema the connection is on (the table is
    addressed in ``public``).
    """
    unknown = set(values) - _YEAR_COLUMNS
    if unknown:
        raise ValueError(f"not roll-up columns: {sorted(unknown)}")
    columns = sorted(values)
    query = sql.SQL(
        "INSERT INTO public.{table} ({names}, last_activity_at) VALUES ({marks}, now()) "
        "ON CONFLICT (municipality_id, academic_year) DO UPDATE SET {updates}, last_activity_at = now()"
    ).format(
        table=sql.Identifier(_YEAR_TABLE),
        names=sql.SQL(", ").join(map(sql.Identifier, ["municipality_id", "academic_year", *columns])),
        marks=sql.SQL(", ").join(sql.Placeholder() * (len(columns) + 2)),
        updates=sql.SQL(", ").join(
            sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(column)) for column in columns
        ),
    )
    params = [municipality_id, academic_year, *(values[c] for c in columns)]
    with connection.cursor() as cursor:
        cursor.execute(query, params)

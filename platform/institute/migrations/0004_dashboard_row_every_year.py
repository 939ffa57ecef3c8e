"""The region dashboard's rows for every municipality in every year (issue 18 §7).

Before, a municipality had a row only for the years it had a roll-up in, and the dashboard filled
the others from its "" row: two counts and a second branch on every page. Now a year that any
municipality has a roll-up in holds a row for every municipality (zeros where it has none), so a
page reads one year's rows, and the "" rows only when the year has no row at all.

* The view ``institute_dashboardrow_source`` gives each municipality the "" row and a row for
  every year the table holds or any municipality has a roll-up in.
* A roll-up written in a year the table does not hold yet fills the year for every municipality
  first. That fill and a new municipality's rows take the advisory lock ``YEARS_LOCK`` (the fill
  alone, a municipality shared): two first writes of a year take turns, and a municipality being
  created gets the year, or the fill gets the municipality.
* ``institute_dashboardrow_refresh`` no longer deletes: every row the table holds is in the view.
* A roll-up row gone leaves its municipality's row of the year with zeros (it was deleted before):
  an update, never an insert, so it does not bring back the rows of a municipality being deleted.
  A year's rows stay when its last roll-up goes: on the dashboard they read as the "" rows would.
"""

import importlib
import re

from django.db import migrations

row_0003 = importlib.import_module("institute.migrations.0003_dashboard_row")
COPIED, BLANK, _share = row_0003.COPIED, row_0003.BLANK, row_0003._share
# 0003's view and functions, for the way back.
VIEW_0003, REFRESH_0003, ON_ROLLUP_0003, ON_MUNICIPALITY_0003 = (
    row_0003.SQL[index].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION") for index in (1, 2, 4, 6)
)

TABLE = "public.institute_municipalitydashboardrow"
# One advisory lock (a fixed 64-bit key) for the structure of the years: which years the table holds.
YEARS_LOCK = "hashtextextended('institute_dashboardrow_years', 0)"
# The row of a year without a roll-up: the copied columns blank, the shares "nothing to divide".
BLANK_SET = ", ".join(
    [*(f"{column} = {value}" for value, (column, _) in zip(BLANK, COPIED)), "share_done = -1", "pd_coverage = -1",
     "documents_share = -1"]
)


def _view(years: str, numbers: str) -> str:
    """0003's view with the years ``years`` gives (a WITH over the whole view) and the numbers
    ``numbers`` gives (a query over ``m``: a row a year) in place of its own."""
    view, replaced = re.subn(
        r"AS\n(SELECT m\.id .*?CROSS JOIN LATERAL \().*?(\) y\n WHERE)",
        lambda match: f"AS\n{years}\n{match.group(1)}{numbers}{match.group(2)}",
        VIEW_0003,
        count=1,
        flags=re.S,
    )
    assert replaced == 1, "0003's view no longer has the shape this migration changes"
    return view


def _years(name: str, table: str) -> str:
    """A recursive query ``name``: the years ``table`` holds, skipping through its index that starts
    with academic_year (a probe a year), and a NULL at the end."""
    return f"""{name}(academic_year) AS (
  SELECT min(academic_year) FROM {table} WHERE academic_year > ''
  UNION ALL
  SELECT (SELECT min(t.academic_year) FROM {table} t WHERE t.academic_year > {name}.academic_year)
    FROM {name} WHERE {name}.academic_year IS NOT NULL
)"""


# Every year the table holds or any municipality has a roll-up in, and the "" year; each with the
# municipality's roll-up numbers, or blank.
VIEW = _view(
    f"WITH RECURSIVE {_years('held', TABLE)},\n{_years('written', 'public.rollups_municipalityyearrollup')}",
    f"""
    SELECT k.academic_year,
           {", ".join(f"coalesce(r.{source}, {value}) AS {column}" for value, (column, source) in zip(BLANK, COPIED))}
      FROM (SELECT ''::varchar AS academic_year
            UNION SELECT academic_year FROM held WHERE academic_year IS NOT NULL
            UNION SELECT academic_year FROM written WHERE academic_year IS NOT NULL) k
      LEFT JOIN public.rollups_municipalityyearrollup r ON r.municipality_id = m.id AND r.academic_year = k.academic_year
  """,
)

# The rows of the municipalities ``targets`` (of ``year`` only, unless NULL) made equal to the view.
# 0003's also deleted the rows the view no longer had (a roll-up gone); the view now has every row
# the table holds (its years are the table's), and asking it row by row which it lacks computed it
# whole (a view with a WITH is not flattened into the anti-join): 25 ms a roll-up write at 2,500.
REFRESH, _deletions = re.subn(
    r"\n  DELETE FROM public.institute_municipalitydashboardrow d\n.*?;", "", REFRESH_0003, count=1, flags=re.S
)
assert _deletions == 1, "0003's refresh no longer has the DELETE this migration takes out"

ON_ROLLUP = f"""
CREATE OR REPLACE FUNCTION public.institute_dashboardrow_on_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.municipality_id, OLD.academic_year)
                                               IS DISTINCT FROM (NEW.municipality_id, NEW.academic_year)) THEN
    PERFORM public.institute_dashboardrow_lock(OLD.municipality_id);
    UPDATE {TABLE} SET {BLANK_SET}
     WHERE municipality_id = OLD.municipality_id AND academic_year = OLD.academic_year;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN NULL;
  END IF;
  -- (min() over the (academic_year, municipality) index: a probe, whatever the plan's estimate.)
  IF (SELECT min(municipality_id) FROM {TABLE} WHERE academic_year = NEW.academic_year) IS NULL THEN
    -- A year the table does not hold: every municipality's row of it, once. Whoever waited for
    -- the lock looks again (its next statement sees what the holder committed).
    PERFORM pg_advisory_xact_lock({YEARS_LOCK});
    IF (SELECT min(municipality_id) FROM {TABLE} WHERE academic_year = NEW.academic_year) IS NULL THEN
      PERFORM public.institute_dashboardrow_refresh(
          ARRAY(SELECT id FROM public.municipalities_municipality WHERE schema_name <> 'public'), NEW.academic_year);
    END IF;
  END IF;
  PERFORM public.institute_dashboardrow_lock(NEW.municipality_id);
  PERFORM public.institute_dashboardrow_refresh(ARRAY[NEW.municipality_id], NEW.academic_year);
  RETURN NULL;
END
$$;
"""

def _on_municipality(insert_lock: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION public.institute_dashboardrow_on_municipality() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM public.institute_dashboardrow_lock(NEW.id);
  END IF;
  {insert_lock}
  PERFORM public.institute_dashboardrow_refresh(ARRAY[NEW.id], NULL);
  RETURN NULL;
END
$$;
"""


# Shared: municipalities are created side by side; a year's fill waits for them, and they for it.
# (A transaction that created a municipality and then wrote the first roll-up of a year would ask
# for the lock alone while holding it shared: two such at once deadlock and PostgreSQL aborts one.
# Provisioning writes no roll-up.)
ON_MUNICIPALITY = _on_municipality(
    f"IF TG_OP = 'INSERT' THEN\n    PERFORM pg_advisory_xact_lock_shared({YEARS_LOCK});\n  END IF;"
)

FILL = f"""
-- Every municipality's rows of every year the table holds.
SELECT public.institute_dashboardrow_refresh(
    ARRAY(SELECT id FROM public.municipalities_municipality WHERE schema_name <> 'public'), NULL);
"""

# The rows 0003 did not keep: a year's rows of municipalities without a roll-up in it.
UNFILL = f"""
DELETE FROM {TABLE} d WHERE d.academic_year <> ''
   AND NOT EXISTS (SELECT FROM public.rollups_municipalityyearrollup r
                    WHERE r.municipality_id = d.municipality_id AND r.academic_year = d.academic_year);
"""

DROP_VIEW = "DROP VIEW public.institute_dashboardrow_source;"


class Migration(migrations.Migration):

    dependencies = [
        ("institute", "0003_dashboard_row"),
    ]

    operations = [
        migrations.RunSQL(
            [DROP_VIEW, VIEW, REFRESH, ON_ROLLUP, ON_MUNICIPALITY, FILL],
            reverse_sql=[DROP_VIEW, VIEW_0003, REFRESH_0003, ON_ROLLUP_0003, ON_MUNICIPALITY_0003, UNFILL],
        ),
    ]

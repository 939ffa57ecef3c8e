"""The region dashboard's rows (issue 18 §7): the table, the view that computes them, the triggers.

``institute_dashboardrow_source`` computes every row from the tables that feed it (municipalities,
their year roll-ups, their agreements); ``institute_dashboardrow_refresh`` copies a municipality's
rows from it (and drops those whose roll-up is gone); triggers call it in the transaction of every
write to those tables. The table is filled here, for an installation that has data already.
"""

import django.db.models.deletion
from django.db import migrations, models


# The agreements' statuses in the order the dashboard picks a municipality's status from them
# (agreements.selectors.STATUS_PRECEDENCE; tests/institute/test_dashboard_rows.py holds them equal).
PRECEDENCE = "ARRAY['in_force', 'expiring', 'sent', 'draft', 'expired', 'terminated', 'renewed']"
# (dashboard row column, the roll-up's column it copies)
COPIED = [
    ("plan_status", "plan_status"),
    ("items_total", "plan_items_total"),
    ("items_planned", "plan_items_planned"),
    ("items_done", "plan_items_done"),
    ("items_moved", "plan_items_moved"),
    ("items_cancelled", "plan_items_cancelled"),
    ("events_held", "events_held"),
    ("events_participants", "events_participants"),
    ("teachers_total", "teachers_total"),
    ("pd_up_to_date", "pd_up_to_date"),
    ("pd_overdue", "pd_overdue"),
    ("documents_required", "documents_required"),
    ("documents_in_force", "documents_in_force"),
    ("last_activity_at", "last_activity_at"),
]
BLANK = ["'none'::varchar", *["0"] * 12, "NULL::timestamptz"]  # a year without a roll-up row
COLUMNS = [
    "name",
    "slug",
    "active",
    *(column for column, _ in COPIED),
    "agreement_status",
    "share_done",
    "pd_coverage",
    "documents_share",
]


def _share(part: str, whole: str) -> str:
    return f"CASE WHEN {whole} > 0 THEN {part}::float8 / ({whole}) ELSE -1 END"


SQL = [
    f"""
CREATE FUNCTION public.institute_agreement_best_status(target bigint) RETURNS varchar
LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT a.status FROM public.agreements_agreement a WHERE a.municipality_id = target
      ORDER BY array_position({PRECEDENCE}, a.status::text) LIMIT 1),
    'none')
$$;
""",
    f"""
CREATE VIEW public.institute_dashboardrow_source AS
SELECT m.id AS municipality_id, y.academic_year, m.name, m.slug, m.status = 'active' AS active,
       {", ".join(f"y.{column}" for column, _ in COPIED)},
       public.institute_agreement_best_status(m.id) AS agreement_status,
       {_share("y.items_done", "y.items_total - y.items_cancelled")} AS share_done,
       {_share("y.pd_up_to_date", "y.teachers_total")} AS pd_coverage,
       {_share("y.documents_in_force", "y.documents_required")} AS documents_share
  FROM public.municipalities_municipality m
  CROSS JOIN LATERAL (
    SELECT ''::varchar AS academic_year, {", ".join(f"{value} AS {column}" for value, (column, _) in zip(BLANK, COPIED))}
    UNION ALL
    SELECT r.academic_year, {", ".join(f"r.{source}" for _, source in COPIED)}
      FROM public.rollups_municipalityyearrollup r WHERE r.municipality_id = m.id
  ) y
 WHERE m.schema_name <> 'public';
""",
    f"""
-- The rows of the municipalities ``targets`` (of ``year`` only, unless NULL) made equal to the view.
CREATE FUNCTION public.institute_dashboardrow_refresh(targets bigint[], year varchar) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM public.institute_municipalitydashboardrow d
   WHERE d.municipality_id = ANY(targets) AND (year IS NULL OR d.academic_year = year)
     AND NOT EXISTS (SELECT FROM public.institute_dashboardrow_source s
                      WHERE s.municipality_id = d.municipality_id AND s.academic_year = d.academic_year);
  INSERT INTO public.institute_municipalitydashboardrow AS d (municipality_id, academic_year, {", ".join(COLUMNS)})
  SELECT s.municipality_id, s.academic_year, {", ".join(f"s.{column}" for column in COLUMNS)}
    FROM public.institute_dashboardrow_source s
   WHERE s.municipality_id = ANY(targets) AND (year IS NULL OR s.academic_year = year)
  ON CONFLICT (academic_year, municipality_id) DO UPDATE
     SET {", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS)}
   WHERE ({", ".join(f"d.{column}" for column in COLUMNS)})
         IS DISTINCT FROM ({", ".join(f"EXCLUDED.{column}" for column in COLUMNS)});
END
$$;
""",
    f"""
-- The writes of one municipality's rows take turns: each trigger first locks the municipality's
-- "" row, and its next statements see what the one before it committed. Without this, a roll-up
-- write would copy the agreement status it saw before an agreement signed at the same moment
-- committed, and keep it.
CREATE FUNCTION public.institute_dashboardrow_lock(target bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM public.institute_municipalitydashboardrow
   WHERE municipality_id = target AND academic_year = '' FOR NO KEY UPDATE;
END
$$;
""",
    f"""
CREATE FUNCTION public.institute_dashboardrow_on_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM public.institute_municipalitydashboardrow
     WHERE municipality_id = OLD.municipality_id AND academic_year = OLD.academic_year;
  ELSE
    IF TG_OP = 'UPDATE' THEN
      IF (OLD.municipality_id, OLD.academic_year) IS DISTINCT FROM (NEW.municipality_id, NEW.academic_year) THEN
        DELETE FROM public.institute_municipalitydashboardrow
         WHERE municipality_id = OLD.municipality_id AND academic_year = OLD.academic_year;
      END IF;
    END IF;
    PERFORM public.institute_dashboardrow_lock(NEW.municipality_id);
    PERFORM public.institute_dashboardrow_refresh(ARRAY[NEW.municipality_id], NEW.academic_year);
  END IF;
  RETURN NULL;
END
$$;
""",
    f"""
-- An agreement changes the status column only: it never brings back the rows of a municipality
-- being deleted (Django deletes its agreements after its dashboard rows).
CREATE FUNCTION public.institute_dashboardrow_on_agreement() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  target bigint;
BEGIN
  FOREACH target IN ARRAY CASE TG_OP
      WHEN 'INSERT' THEN ARRAY[NEW.municipality_id]
      WHEN 'DELETE' THEN ARRAY[OLD.municipality_id]
      ELSE ARRAY[OLD.municipality_id, NEW.municipality_id] END
  LOOP
    PERFORM public.institute_dashboardrow_lock(target);
    UPDATE public.institute_municipalitydashboardrow
       SET agreement_status = public.institute_agreement_best_status(target)
     WHERE municipality_id = target
       AND agreement_status IS DISTINCT FROM public.institute_agreement_best_status(target);
  END LOOP;
  RETURN NULL;
END
$$;
""",
    f"""
CREATE FUNCTION public.institute_dashboardrow_on_municipality() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM public.institute_dashboardrow_lock(NEW.id);
  END IF;
  PERFORM public.institute_dashboardrow_refresh(ARRAY[NEW.id], NULL);
  RETURN NULL;
END
$$;
""",
    f"""
CREATE TRIGGER institute_dashboardrow AFTER INSERT OR UPDATE OR DELETE
    ON public.rollups_municipalityyearrollup
    FOR EACH ROW EXECUTE FUNCTION public.institute_dashboardrow_on_rollup();
CREATE TRIGGER institute_dashboardrow AFTER INSERT OR UPDATE OF status, municipality_id OR DELETE
    ON public.agreements_agreement
    FOR EACH ROW EXECUTE FUNCTION public.institute_dashboardrow_on_agreement();
CREATE TRIGGER institute_dashboardrow AFTER INSERT OR UPDATE OF name, slug, status, schema_name
    ON public.municipalities_municipality
    FOR EACH ROW EXECUTE FUNCTION public.institute_dashboardrow_on_municipality();
""",
    f"""
-- An installation with data: every municipality's rows, at once.
SELECT public.institute_dashboardrow_refresh(
    ARRAY(SELECT id FROM public.municipalities_municipality WHERE schema_name <> 'public'), NULL);
""",
]

REVERSE_SQL = [
    "DROP TRIGGER institute_dashboardrow ON public.municipalities_municipality;",
    "DROP TRIGGER institute_dashboardrow ON public.agreements_agreement;",
    "DROP TRIGGER institute_dashboardrow ON public.rollups_municipalityyearrollup;",
    "DROP FUNCTION public.institute_dashboardrow_on_municipality();",
    "DROP FUNCTION public.institute_dashboardrow_on_agreement();",
    "DROP FUNCTION public.institute_dashboardrow_on_rollup();",
    "DROP FUNCTION public.institute_dashboardrow_refresh(bigint[], varchar);",
    "DROP FUNCTION public.institute_dashboardrow_lock(bigint);",
    "DROP VIEW public.institute_dashboardrow_source;",
    "DROP FUNCTION public.institute_agreement_best_status(bigint);",
]


class Migration(migrations.Migration):

    dependencies = [
        ('institute', '0002_regional_diagnostic'),
        ('municipalities', '0004_fan_out_run'),
        ('rollups', '0007_contestrollup'),
        ('agreements', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='MunicipalityDashboardRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('academic_year', models.CharField(blank=True, max_length=9)),
                ('name', models.CharField(max_length=255)),
                ('slug', models.CharField(max_length=40)),
                ('active', models.BooleanField()),
                ('plan_status', models.CharField(max_length=20)),
                ('items_total', models.IntegerField()),
                ('items_planned', models.IntegerField()),
                ('items_done', models.IntegerField()),
                ('items_moved', models.IntegerField()),
                ('items_cancelled', models.IntegerField()),
                ('events_held', models.IntegerField()),
                ('events_participants', models.IntegerField()),
                ('teachers_total', models.IntegerField()),
                ('pd_up_to_date', models.IntegerField()),
                ('pd_overdue', models.IntegerField()),
                ('documents_required', models.IntegerField()),
                ('documents_in_force', models.IntegerField()),
                ('agreement_status', models.CharField(max_length=20)),
                ('last_activity_at', models.DateTimeField(null=True)),
                ('share_done', models.FloatField()),
                ('pd_coverage', models.FloatField()),
                ('documents_share', models.FloatField()),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='municipalities.municipality')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('academic_year', 'municipality'), name='dashboard_row_one_per_year')],
            },
        ),
        migrations.RunSQL(SQL, reverse_sql=REVERSE_SQL),
    ]

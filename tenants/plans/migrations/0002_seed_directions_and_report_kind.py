"""Seed the four directions of the service's work and the register's kind for operational reports.

Directions: 000 §2.3 (analytical, informational-methodological, organisational-methodological,
consultative-methodological), the same four in 003 §4 and 004 §3.3. Their codes are what the
region's roll-ups group by, so they never change; a municipality adds its own directions in the
admin. Operational reports on the plan (001 §3.4: «оперативные отчёты – в соответствии с
годовым планом») get a kind of the document register, optional, next to the required yearly
analysis seeded by the register itself. Existing rows (matched by code) are left as they are.
"""

from django.db import migrations

DIRECTIONS = [
    ("analytical", "Аналитическая деятельность", "000 п. 2.3.1; 004 п. 3.3"),
    ("informational", "Информационно-методическая деятельность", "000 п. 2.3.2; 004 п. 3.3"),
    ("organisational", "Организационно-методическая деятельность", "000 п. 2.3.3; 004 п. 3.3"),
    ("consulting", "Консультативно-методическая деятельность", "000 п. 2.3.4; 004 п. 3.3"),
]

OPERATIONAL_REPORT_KIND = (
    "plan-operational-report",
    "Оперативный отчёт о выполнении годового плана (за месяц, квартал)",
    "Положение о ГМК Сосновоборского ГО (2016), п. 3.4",
)


def seed(apps, schema_editor):
    Direction = apps.get_model("plans", "Direction")
    for position, (code, name, clause) in enumerate(DIRECTIONS, start=1):
        if Direction.objects.filter(code=code).exists() or Direction.objects.filter(name=name).exists():
            continue
        Direction.objects.create(code=code, name=name, clause=clause, order=position * 10, is_seeded=True)
    DocumentKind = apps.get_model("registry", "DocumentKind")
    code, name, clause = OPERATIONAL_REPORT_KIND
    if not DocumentKind.objects.filter(code=code).exists() and not DocumentKind.objects.filter(name=name).exists():
        DocumentKind.objects.create(
            code=code, name=name, clause=clause, is_required=False, renewal="standing", order=75
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("registry", "0002_seed_nomenclature")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

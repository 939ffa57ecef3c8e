"""The usual areas a methodologist of the service is responsible for (001 §3.7)."""

from django.db import migrations

# 001 §3.7: the ГМК's methodologists for innovation, gifted children and the separate areas.
DEFAULT_AREAS = (
    "Инновационная деятельность",
    "Работа с одарёнными детьми",
    "Повышение квалификации педагогических и руководящих кадров",
    "Дошкольное образование",
    "Начальная школа",
    "Школа молодого педагога",
    "Сопровождение детей с ОВЗ",
    "Профориентационная работа",
    "Физическое воспитание",
    "Библиотечный отдел",
    "Информационно-техническое сопровождение",
)


def areas_seed(apps, schema_editor):
    ResponsibilityArea = apps.get_model("people", "ResponsibilityArea")
    existing = set(ResponsibilityArea.objects.values_list("name", flat=True))
    ResponsibilityArea.objects.bulk_create(
        ResponsibilityArea(name=name) for name in DEFAULT_AREAS if name not in existing
    )


def areas_unseed(apps, schema_editor):
    ResponsibilityArea = apps.get_model("people", "ResponsibilityArea")
    ResponsibilityArea.objects.filter(name__in=DEFAULT_AREAS, methodologists__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_methodologist_one_head"),
    ]

    operations = [
        migrations.RunPython(areas_seed, areas_unseed),
    ]

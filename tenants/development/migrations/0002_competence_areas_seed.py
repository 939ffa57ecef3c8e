"""Every municipality starts with the region's default competence areas (004 §2.1.9)."""

from django.db import migrations
from django.utils import translation

from tenants.competence_areas import DEFAULT_COMPETENCE_AREAS


def areas_seed(apps, schema_editor):
    CompetenceArea = apps.get_model("development", "CompetenceArea")
    existing = set(CompetenceArea.objects.values_list("code", flat=True))
    with translation.override("ru"):
        CompetenceArea.objects.bulk_create(
            CompetenceArea(code=code, name=str(name), is_default=True, position=(index + 1) * 10)
            for index, (code, name) in enumerate(DEFAULT_COMPETENCE_AREAS)
            if code not in existing
        )


def areas_unseed(apps, schema_editor):
    CompetenceArea = apps.get_model("development", "CompetenceArea")
    CompetenceArea.objects.filter(is_default=True, deficits__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("development", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(areas_seed, areas_unseed),
    ]

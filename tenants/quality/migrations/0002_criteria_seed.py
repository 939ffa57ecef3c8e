"""Every municipality starts with the default lesson observation form (004 §3.2)."""

from django.db import migrations
from django.utils import translation

from tenants.quality.criteria import DEFAULT_CRITERIA


def criteria_seed(apps, schema_editor):
    ObservationCriterion = apps.get_model("quality", "ObservationCriterion")
    existing = set(ObservationCriterion.objects.values_list("code", flat=True))
    with translation.override("ru"):
        ObservationCriterion.objects.bulk_create(
            ObservationCriterion(code=code, name=str(name), is_default=True, position=(index + 1) * 10)
            for index, (code, name) in enumerate(DEFAULT_CRITERIA)
            if code not in existing
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(criteria_seed, migrations.RunPython.noop),
    ]

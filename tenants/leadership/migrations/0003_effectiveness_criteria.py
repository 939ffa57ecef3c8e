"""The default criteria of effectiveness in every municipality's schema (issue 15 §1)."""

from django.db import migrations


def seed(apps, schema_editor) -> None:
    from tenants.leadership.criteria import criteria_seed

    criteria_seed(apps.get_model("leadership", "EffectivenessCriterion"))


class Migration(migrations.Migration):
    dependencies = [("leadership", "0002_effectiveness")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

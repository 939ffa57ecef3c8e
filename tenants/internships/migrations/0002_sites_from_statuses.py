"""Every «стажировочная площадка» status given before the register existed gets its site card, so
the status stays what makes an organisation a site and the register starts complete. Public by
default, as the statuses were on the organisations' pages. The region's bank is filled afterwards
by ``manage.py rollups_rebuild internships``."""

from django.db import migrations


def cards_from_statuses(apps, schema_editor):
    Status = apps.get_model("organisations", "OrganisationSiteStatus")
    Site = apps.get_model("internships", "InternshipSite")
    for status in Status.objects.filter(kind="internship", internship_site__isnull=True):
        Site.objects.create(site_status=status, organisation_id=status.organisation_id, is_public=True)


class Migration(migrations.Migration):
    dependencies = [
        ("internships", "0001_initial"),
        ("organisations", "0002_site_statuses_parental_key"),
    ]

    operations = [migrations.RunPython(cards_from_statuses, migrations.RunPython.noop)]

"""Deleting a municipality: only with the slug typed again, and only after a pg_dump backup."""

from __future__ import annotations

import subprocess

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.municipalities.models import Municipality
from tenants.municipalities.services import municipality_delete, municipality_provision


@pytest.fixture
def committed_municipality(django_db_setup, django_db_blocker, settings, tmp_path):
    """Committed: pg_dump runs in another process and sees only committed schemas."""
    settings.BACKUP_DIR = tmp_path
    with django_db_blocker.unblock():
        result = municipality_provision(
            name="Сланцевский муниципальный район",
            short_name="Сланцевский район",
            slug="slantsy-del",
            contact_email="mms@slantsy.example",
            use_pool=False,
        )
        yield result.municipality
        connection.set_schema_to_public()
        leftover = Municipality.objects.filter(slug="slantsy-del").first()
        if leftover is not None:
            municipality_delete(municipality=leftover, acting_user=None, confirm_slug="slantsy-del")


def test_delete_writes_a_restorable_backup_then_drops_everything(committed_municipality, django_db_blocker, tmp_path):
    municipality = committed_municipality
    with django_db_blocker.unblock():
        with pytest.raises(ValidationError):
            municipality_delete(municipality=municipality, acting_user=None, confirm_slug="wrong")
        assert schema_exists(municipality.schema_name)
        backup = municipality_delete(municipality=municipality, acting_user=None, confirm_slug="slantsy-del")
        assert backup.parent == tmp_path and backup.stat().st_size > 0
        listing = subprocess.run(["pg_restore", "--list", str(backup)], capture_output=True, text=True, check=True)
        assert "wagtailcore_page" in listing.stdout and "m_slantsy_del" in listing.stdout
        assert not schema_exists(municipality.schema_name)
        assert not Municipality.objects.filter(slug="slantsy-del").exists()
        assert not Group.objects.filter(name__startswith="slantsy-del:").exists()


def test_delete_command_refuses_without_the_right_confirmation(committed_municipality, django_db_blocker):
    with django_db_blocker.unblock():
        with pytest.raises(CommandError):
            call_command("municipality_delete", "slantsy-del", "--confirm", "slantsy")
        assert schema_exists(committed_municipality.schema_name)

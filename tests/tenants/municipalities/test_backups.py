"""A municipality backed up into one archive and restored from it: in place after its data was
changed and deleted, and as a copy under a new slug; every table's rows compared.

pg_dump and pg_restore run in other processes and see only committed data: the municipality is
provisioned and committed here, and removed at the end with whatever the test made of it.
"""

from __future__ import annotations

import os
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists, tenant_context

from accounts.models import RoleGroup
from tenants.municipalities.backups import backups_expired_delete, municipality_backup, municipality_restore
from tenants.municipalities.models import Domain, Municipality
from tenants.municipalities.services import municipality_delete, municipality_provision

SLUG, COPY = "backup-probe", "backup-copy"
# Rebuilt from the copy's own role groups, so they differ from the original's by design.
GROUP_TABLES = {"wagtailcore_grouppagepermission", "wagtailcore_groupcollectionpermission"}


def table_rows(schema_name: str) -> dict[str, tuple[int, str]]:
    """Every table of the schema: its row count and a digest of all its rows' values."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [schema_name],
        )
        tables = sorted(name for (name,) in cursor.fetchall())
        rows = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) "  # noqa: S608
                f'FROM "{schema_name}"."{table}" t'
            )
            count, digest = cursor.fetchone()
            rows[table] = (count, digest)
    return rows


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any, settings: Any, tmp_path: Path) -> Iterator[Municipality]:
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES}
    with django_db_blocker.unblock():
        municipality = municipality_provision(
            name="Кингисеппский муниципальный район",
            short_name="Кингисеппский район",
            slug=SLUG,
            contact_email="mms@kingisepp.example",
            domains=["metodika.kingisepp.example"],
            use_pool=False,
        ).municipality
        try:
            yield municipality
        finally:
            connection.set_schema_to_public()
            for slug in (SLUG, COPY):
                left = Municipality.objects.filter(slug=slug).first()
                if left is not None:
                    municipality_delete(municipality=left, acting_user=None, confirm_slug=slug)


def test_backup_change_delete_restore_gives_back_every_row_and_file(committed, django_db_blocker, tmp_path):
    from wagtail.models import Collection, Page

    from tenants.registry.models import DocumentKind

    municipality = committed
    with django_db_blocker.unblock():
        with tenant_context(municipality):
            default_storage.save("original_images/probe.png", ContentFile(b"the probe image"))
            Collection.get_first_root_node().add_child(name="Фотографии")
        connection.set_schema_to_public()
        before = table_rows(municipality.schema_name)
        assert sum(count for count, _ in before.values()) > 100  # the starter site, the nomenclature

        archive = municipality_backup(municipality=municipality)
        with tarfile.open(archive) as opened:
            names = opened.getnames()
        assert {"schema.dump", "registry.json", "manifest.json", "media/original_images/probe.png"} <= set(names)

        # Changed, deleted, added: rows and files, and the registry row.
        with tenant_context(municipality):
            Page.objects.filter(depth=2).update(title="Переименовано")
            kinds = list(DocumentKind.objects.filter(versions__isnull=True).values_list("pk", flat=True)[:3])
            DocumentKind.objects.filter(pk__in=kinds).delete()
            Collection.objects.filter(name="Фотографии").delete()
            Collection.get_first_root_node().add_child(name="Лишнее")
            default_storage.delete("original_images/probe.png")
            default_storage.save("original_images/later.png", ContentFile(b"added after the backup"))
        connection.set_schema_to_public()
        Municipality.objects.filter(pk=municipality.pk).update(short_name="Изменено")
        Domain.objects.filter(domain="metodika.kingisepp.example").delete()
        changed = table_rows(municipality.schema_name)
        assert changed != before
        assert {t for t in before if before[t] != changed[t]} >= {"wagtailcore_page", "registry_documentkind"}

        with pytest.raises(Exception, match="replace"):
            municipality_restore(archive_path=archive)
        call_command("municipality_restore", str(archive), "--replace", stdout=open(os.devnull, "w"))  # noqa: SIM115
        connection.set_schema_to_public()
        assert table_rows(municipality.schema_name) == before
        municipality.refresh_from_db()
        assert municipality.short_name == "Кингисеппский район"
        assert set(Domain.objects.filter(tenant=municipality).values_list("domain", flat=True)) == {
            f"{SLUG}.lenobl.localhost",
            "metodika.kingisepp.example",
        }
        with tenant_context(municipality):
            assert default_storage.open("original_images/probe.png").read() == b"the probe image"
            assert not default_storage.exists("original_images/later.png")
        # What was there before the restore was dumped first.
        assert list((tmp_path / "backups").glob(f"{municipality.schema_name}-*.dump"))
        home = Client(HTTP_HOST=f"{SLUG}.lenobl.localhost").get("/")
        assert home.status_code == 200 and "Кингисеппский район" in home.content.decode()


def test_restore_as_a_new_slug_copies_every_row_beside_the_original_with_its_own_groups(committed, django_db_blocker):
    municipality = committed
    with django_db_blocker.unblock():
        with tenant_context(municipality):
            default_storage.save("original_images/probe.png", ContentFile(b"the probe image"))
        connection.set_schema_to_public()
        original = table_rows(municipality.schema_name)
        archive = municipality_backup(municipality=municipality)

        result = municipality_restore(archive_path=archive, new_slug=COPY)
        connection.set_schema_to_public()
        copy = result.municipality
        assert copy.pk != municipality.pk and copy.schema_name == "m_backup_copy" and schema_exists(copy.schema_name)
        assert table_rows(municipality.schema_name) == original  # the original untouched
        copied = table_rows(copy.schema_name)
        assert {t: v for t, v in copied.items() if t not in GROUP_TABLES} == {
            t: v for t, v in original.items() if t not in GROUP_TABLES
        }
        # The copy's own domain only, and permissions only for its own (new, empty) role groups.
        assert list(Domain.objects.filter(tenant=copy).values_list("domain", flat=True)) == [f"{COPY}.lenobl.localhost"]
        own_groups = set(RoleGroup.objects.filter(municipality=copy).values_list("group_id", flat=True))
        original_groups = set(RoleGroup.objects.filter(municipality=municipality).values_list("group_id", flat=True))
        assert own_groups and not own_groups & original_groups
        assert not Group.objects.filter(pk__in=own_groups, user__isnull=False).exists()
        with tenant_context(copy):
            from wagtail.models import GroupCollectionPermission, GroupPagePermission

            used = set(GroupPagePermission.objects.values_list("group_id", flat=True))
            used |= set(GroupCollectionPermission.objects.values_list("group_id", flat=True))
            assert used and used <= own_groups
            assert default_storage.open("original_images/probe.png").read() == b"the probe image"
        home = Client(HTTP_HOST=f"{COPY}.lenobl.localhost").get("/")
        assert home.status_code == 200 and "Кингисеппский район" in home.content.decode()


def test_the_nightly_task_writes_an_archive_and_retention_deletes_old_ones(committed, django_db_blocker, settings):
    from tenants.municipalities.tasks import municipality_backup_task

    with django_db_blocker.unblock():
        path = Path(municipality_backup_task.apply(kwargs={"municipality_id": committed.pk}).get())
        assert path.parent == Path(settings.BACKUP_DIR) / "municipalities" / SLUG and path.stat().st_size > 0
        old = path.with_name(f"{SLUG}-20200101T000000.tar")
        old.write_bytes(b"old")
        week_ago = time.time() - 15 * 86400
        os.utime(old, (week_ago, week_ago))
        assert backups_expired_delete(retention_days=14) == 1
        assert path.exists() and not old.exists()


def test_the_nightly_fan_out_backs_up_every_municipality_and_records_the_run(committed, django_db_blocker, settings):
    """One task per municipality (the region's own schema is no municipality: the cluster's
    backups hold it), each recording its outcome on the night's run."""
    from metodika.celery import app
    from tenants.municipalities.models import FanOutRun
    from tenants.municipalities.tasks import municipality_backups_fan_out

    with django_db_blocker.unblock():
        slugs = set(Municipality.objects.exclude(schema_name="public").values_list("slug", flat=True))
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = True  # the tasks run here, one after another
        try:
            assert municipality_backups_fan_out.apply().get() == len(slugs)
        finally:
            app.conf.task_always_eager = eager
        run = FanOutRun.objects.filter(name="municipalities.backup").latest("pk")
        try:
            closed = run.finished_at is not None
            assert (run.total, run.succeeded, run.failed, closed) == (len(slugs), len(slugs), 0, True)
            written = {path.name for path in (Path(settings.BACKUP_DIR) / "municipalities").iterdir()}
            assert written == slugs
        finally:
            run.delete()

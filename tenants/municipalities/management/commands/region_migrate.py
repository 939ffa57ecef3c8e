"""Migrate the whole region: public schema, template and spares, every municipality; then verify.

Municipalities already at the template's migrations are skipped (read in a few queries), the
others are migrated — by the pending migrations written as SQL once and run in each schema in one
transaction, or by Django's ``migrate`` where a migration is not SQL alone — in
``REGION_MIGRATE_PROCESSES`` processes (``--processes``); one schema's failure does not stop the
others: it is listed at the end, its site answers the maintenance page, and the command exits
non-zero after finishing everything else.
"""

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from tenants.municipalities import provisioning
from tenants.municipalities.region_migration import municipalities_migrate
from tenants.municipalities.schema_health import schema_missing_tables

BAR_WIDTH = 30


class Progress:
    """A bar on a terminal; on a pipe (a deploy log) a line every tenth and at the end."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.last_tenth = -1

    def __call__(self, done: int, total: int, failed: int) -> None:
        elapsed = time.monotonic() - self.started
        filled = BAR_WIDTH * done // max(total, 1)
        text = (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} schemas migrated, "
            f"{failed} failed, {elapsed:.0f} s"
        )
        if self.tty:
            self.stream.write("\r" + text, ending="\n" if done == total else "")
            self.stream.flush()
        elif 10 * done // max(total, 1) != self.last_tenth or done == total:
            self.last_tenth = 10 * done // max(total, 1)
            self.stream.write(text)


class Command(BaseCommand):
    help = (
        "Migrates public, the template schema (dropping spares of an older one) and every municipality "
        "behind it, in parallel; checks tables; refreshes the spare pool."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-refill", action="store_true", help="Do not top up the spare pool.")
        parser.add_argument(
            "--no-replay",
            action="store_true",
            help="Migrate every municipality behind with Django's migrate, never by the migrations' SQL replayed.",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help=f"Processes migrating municipalities (default REGION_MIGRATE_PROCESSES, here "
            f"{settings.REGION_MIGRATE_PROCESSES}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from accounts.services import (
            municipality_role_groups_ensure,
            region_role_groups_ensure,
            role_group_permissions_sync,
        )
        from cms.base.search_index import search_indexes_refresh

        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=max(verbosity - 1, 0))
        # The template first (new municipalities and spares are copies of it), then the spares of
        # an older template go, so that none is handed out while the municipalities migrate.
        signature = provisioning.template_ensure(verbosity=max(verbosity - 1, 0))
        dropped = provisioning.spare_pool_prune(signature)
        report = municipalities_migrate(
            reference=provisioning.template_schema_name(),
            processes=options["processes"],
            replay=not options["no_replay"],
            progress=Progress(self.stderr) if verbosity >= 1 else None,
        )
        failed = {o.schema_name: o.error for o in report.failed}
        problems = [p for p in schema_missing_tables() if p.schema_name not in failed]
        if problems:
            lines = [f"{p.schema_name}: {', '.join(p.tables)}" for p in problems]
            raise CommandError(
                "Tables are missing although migrations are marked applied (an app moved between "
                "SHARED_APPS and TENANT_APPS?):\n  " + "\n  ".join(lines)
            )
        region_role_groups_ensure()
        municipality_role_groups_ensure()  # roles added after a municipality was provisioned
        role_group_permissions_sync()
        # After the migrations (the live models index) and before the refill (spares copy the template).
        reindexed = search_indexes_refresh(skip=set(failed))
        made = 0 if options["no_refill"] else provisioning.spare_pool_refill()
        migrated = len(report.outcomes) - len(failed)
        summary = (
            f"Region migrated; template {signature[:12]}; municipalities {report.total}: {report.skipped} "
            f"already up to date, {migrated} migrated ({report.replayed} by their SQL replayed), "
            f"{len(failed)} failed; search indexes rebuilt "
            f"{len(reindexed)}; spares dropped {dropped}, made {made}."
        )
        if failed:
            details = "\n".join(f"--- {schema}\n{error}" for schema, error in sorted(failed.items()))
            raise CommandError(
                f"{summary}\nThese schemas could not be migrated; their sites show the maintenance page "
                f"until a later run succeeds:\n{details}"
            )
        self.stdout.write(self.style.SUCCESS(summary))

"""Migrate the whole region: public schema, template, every municipality; then verify."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tenants.municipalities import provisioning
from tenants.municipalities.schema_health import schema_missing_tables


class Command(BaseCommand):
    help = "Migrates public, the template schema and all municipalities, checks tables, refreshes the spare pool."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-refill", action="store_true", help="Do not top up the spare pool.")

    def handle(self, *args: Any, **options: Any) -> None:
        from accounts.services import region_role_groups_ensure, role_group_permissions_sync
        from cms.base.search_index import search_indexes_refresh

        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=max(verbosity - 1, 0))
        signature = provisioning.template_ensure(verbosity=max(verbosity - 1, 0))
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=max(verbosity - 1, 0))
        problems = schema_missing_tables()
        if problems:
            lines = [f"{p.schema_name}: {', '.join(p.tables)}" for p in problems]
            raise CommandError(
                "Tables are missing although migrations are marked applied (an app moved between "
                "SHARED_APPS and TENANT_APPS?):\n  " + "\n  ".join(lines)
            )
        region_role_groups_ensure()
        role_group_permissions_sync()
        dropped = provisioning.spare_pool_prune(signature)
        # After the migrations (the live models index) and before the refill (spares copy the template).
        reindexed = search_indexes_refresh()
        made = 0 if options["no_refill"] else provisioning.spare_pool_refill()
        self.stdout.write(
            self.style.SUCCESS(
                f"Region migrated; template {signature[:12]}; search indexes rebuilt {len(reindexed)}; "
                f"spares dropped {dropped}, made {made}."
            )
        )

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tenants.municipalities.backups import municipality_backup
from tenants.municipalities.models import Municipality


class Command(BaseCommand):
    help = (
        "Writes one archive of a municipality: its schema (pg_dump -n), its registry row and domains, "
        "its media. Restore it with municipality_restore."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug")
        parser.add_argument("--to", default="", help="Directory (default: BACKUP_DIR/municipalities/<slug>/).")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["slug"]).first()
        if municipality is None:
            raise CommandError(f"No municipality {options['slug']!r}")
        path = municipality_backup(municipality=municipality, directory=Path(options["to"]) if options["to"] else None)
        self.stdout.write(self.style.SUCCESS(str(path)))

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.municipalities.backups import municipality_restore


class Command(BaseCommand):
    help = (
        "Restores an archive of municipality_backup: in place (--replace, after a pg_dump of what is "
        "there now), or as a new municipality (--as <new-slug>) beside the original."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive")
        parser.add_argument("--as", dest="new_slug", default="", help="Restore under this new slug.")
        parser.add_argument("--replace", action="store_true", help="Replace the existing municipality's data.")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"No archive {archive}")
        try:
            result = municipality_restore(
                archive_path=archive, new_slug=options["new_slug"], replace=options["replace"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        safety = f"; what was there before: {result.safety_dump}" if result.safety_dump else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.municipality.slug} restored into {result.schema_name}: {result.tables} tables, "
                f"{result.files} files{safety}"
            )
        )

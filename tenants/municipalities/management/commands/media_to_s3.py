from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from tenants.media_storage import media_folder_to_bucket


class Command(BaseCommand):
    help = (
        "Copies the media folder (MEDIA_ROOT/<schema>/…) into the S3 bucket of MEDIA_S3_*, each schema "
        "under its prefix. Idempotent: objects already there with the same size are skipped."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="root", default="", help="The media folder (default: MEDIA_ROOT).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be copied.")

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(options["root"] or settings.MEDIA_ROOT)
        try:
            moved = media_folder_to_bucket(root, dry_run=options["dry_run"])
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        verb = "would copy" if options["dry_run"] else "copied"
        self.stdout.write(
            f"{root}: {verb} {moved.copied} file(s), {moved.skipped} already in the bucket; "
            f"schemas: {', '.join(moved.schemas) or 'none'}"
        )

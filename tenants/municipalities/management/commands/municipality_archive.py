from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tenants.municipalities.models import Municipality
from tenants.municipalities.services import municipality_archive, municipality_unarchive


class Command(BaseCommand):
    help = "Archives a municipality (offline, data kept) or, with --undo, brings it back."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug")
        parser.add_argument("--undo", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        municipality = Municipality.objects.filter(slug=o["slug"]).first()
        if municipality is None:
            raise CommandError(f"No municipality {o['slug']!r}")
        action = municipality_unarchive if o["undo"] else municipality_archive
        action(municipality=municipality, acting_user=None)
        self.stdout.write(self.style.SUCCESS(f"{municipality.name}: {municipality.get_status_display()}"))

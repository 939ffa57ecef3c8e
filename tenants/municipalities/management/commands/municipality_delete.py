from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.municipalities.models import Municipality
from tenants.municipalities.services import municipality_delete


class Command(BaseCommand):
    help = "Deletes a municipality and drops its schema after writing a pg_dump -n backup of it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug")
        parser.add_argument("--confirm", required=True, help="Type the slug again to confirm.")

    def handle(self, *args: Any, **o: Any) -> None:
        municipality = Municipality.objects.filter(slug=o["slug"]).first()
        if municipality is None:
            raise CommandError(f"No municipality {o['slug']!r}")
        try:
            backup = municipality_delete(municipality=municipality, acting_user=None, confirm_slug=o["confirm"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Deleted {o['slug']}; backup written to {backup}"))

from typing import Any

from django.core.management.base import BaseCommand

from tenants.municipalities import provisioning


class Command(BaseCommand):
    help = "Drops spares of an older template and tops the spare pool up."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", type=int, default=None)

    def handle(self, *args: Any, **o: Any) -> None:
        made = provisioning.spare_pool_refill(size=o["size"])
        self.stdout.write(self.style.SUCCESS(f"Spares made: {made}"))

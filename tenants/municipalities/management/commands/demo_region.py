from typing import Any

from django.core.management.base import BaseCommand

from tenants.municipalities.demo_region import demo_region_build, demo_region_summary


class Command(BaseCommand):
    help = "Provisions the demo region (idempotent) and prints its URLs and logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--print-only", action="store_true", help="Only print the URLs and logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["print_only"]:
            demo_region_build()
        self.stdout.write(demo_region_summary())

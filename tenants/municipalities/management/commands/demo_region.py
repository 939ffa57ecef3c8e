from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tenants.municipalities.demo_region import demo_region_build, demo_region_summary


class Command(BaseCommand):
    help = (
        "Provisions the demo region (idempotent) and prints its URLs and logins. Its accounts have a "
        "published password, so it runs only with DEBUG on (`make run`) unless --force is given."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--print-only", action="store_true", help="Only print the URLs and logins.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build the demo even with DEBUG off (a demonstration stack, never a real region).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["print_only"]:
            if not settings.DEBUG and not options["force"]:
                raise CommandError(
                    "Демо-регион создаёт учётные записи с общеизвестным паролем и не запускается при "
                    "выключенном DEBUG (рабочая установка). Для демонстрационного стенда добавьте --force."
                )
            demo_region_build()
        self.stdout.write(demo_region_summary())

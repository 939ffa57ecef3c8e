from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.municipalities.selectors import municipality_base_url
from tenants.municipalities.services import municipality_provision


class Command(BaseCommand):
    help = "Provisions a municipality (idempotent for the same slug and name)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--short-name", required=True)
        parser.add_argument("--email", required=True, help="Contact e-mail of the service.")
        parser.add_argument("--oktmo", default="")
        parser.add_argument("--domain", action="append", default=[], help="Extra domain (repeatable).")
        parser.add_argument("--head-email", default="")
        parser.add_argument("--head-first-name", default="")
        parser.add_argument("--head-last-name", default="")
        parser.add_argument("--no-pool", action="store_true", help="Clone the template even if spares exist.")
        parser.add_argument("--async", dest="run_async", action="store_true", help="Send to a Celery worker.")

    def handle(self, *args: Any, **o: Any) -> None:
        request = dict(
            name=o["name"],
            short_name=o["short_name"],
            slug=o["slug"],
            contact_email=o["email"],
            oktmo=o["oktmo"],
            domains=o["domain"],
            head_email=o["head_email"],
            head_first_name=o["head_first_name"],
            head_last_name=o["head_last_name"],
            use_pool=not o["no_pool"],
        )
        if o["run_async"]:
            from tenants.municipalities.tasks import municipality_provision_task

            sent = municipality_provision_task.apply_async(kwargs=request, headers={"_schema_name": "public"})
            self.stdout.write(f"Sent to the worker: task {sent.id}")
            return
        try:
            result = municipality_provision(**request)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())) from exc
        verb = "created" if result.created else "already exists"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.municipality.name} {verb} ({result.source}, {result.seconds:.3f} s): "
                f"{municipality_base_url(result.municipality)}/"
            )
        )

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import user_email_claim_release


class Command(BaseCommand):
    help = (
        "Takes an e-mail address back from an account that holds it without having verified it "
        "(the account returns to an address it did verify), so that its owner can be invited."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            account = user_email_claim_release(email=options["email"], acting_user=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Account #{account.pk} is back on {account.email}; {options['email']} is free.")
        )

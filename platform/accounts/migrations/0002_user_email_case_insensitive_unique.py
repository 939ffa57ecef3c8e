"""One account per e-mail address whatever its case (issue 13).

Before adding the constraint, existing case duplicates are reported and the migration stops: two
accounts that differ only in the case of their address may be one person (to merge) or an
attempt to take someone's invitations (to remove), and only a person can tell which. Nothing is
merged or renamed here. The same check runs on allauth's verified addresses, which get a
case-insensitive unique index of their own (allauth's ``unique_verified_email`` compares them
exactly and relies on every writer lower-casing).
"""

from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower

VERIFIED_EMAIL_INDEX = "accounts_verified_email_ci_unique"


class CaseDuplicateEmails(RuntimeError):
    pass


def _duplicates(queryset, *, owner: str) -> list[str]:
    """Lines naming each address that more than one row holds, whatever its case."""
    clashing = (
        queryset.annotate(address=Lower("email"))
        .values("address")
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
        .values_list("address", flat=True)
    )
    lines = []
    for address in sorted(clashing):
        rows = queryset.annotate(address=Lower("email")).filter(address=address).order_by(owner, "pk")
        holders = ", ".join(f"#{row[owner]} {row['email']}" for row in rows.values(owner, "email"))
        lines.append(f"  {address}: {holders}")
    return lines


def refuse_case_duplicates(apps, schema_editor) -> None:
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    users = _duplicates(User.objects.all(), owner="pk")
    verified = _duplicates(EmailAddress.objects.filter(verified=True), owner="user_id")
    if not users and not verified:
        return
    parts = ["E-mail addresses held by more than one account when case is ignored; nothing was changed."]
    if users:
        parts += ["accounts_user.email (account id, address):", *users]
    if verified:
        parts += ["verified account_emailaddress.email (account id, address):", *verified]
    parts.append(
        "Decide for each which account is the person's (merge their roles into it, or remove a "
        "squatting account), make the addresses unique ignoring case, then migrate again."
    )
    raise CaseDuplicateEmails("\n".join(parts))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(refuse_case_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message="Учётная запись с таким адресом электронной почты уже есть.",
            ),
        ),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {VERIFIED_EMAIL_INDEX} ON account_emailaddress (lower(email)) WHERE verified",
            f"DROP INDEX IF EXISTS {VERIFIED_EMAIL_INDEX}",
        ),
    ]

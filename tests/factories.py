"""Factories for test data. Municipalities come from the session fixtures (real schemas)."""

from __future__ import annotations

import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name", locale="ru_RU")
    last_name = factory.Faker("last_name", locale="ru_RU")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"primary": True, "verified": True})

    @factory.post_generation
    def totp(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        """``UserFactory(totp=True)``: the person signs in with an authenticator app and has
        recovery codes, as set up through allauth's pages (``tests.factories.totp_code`` reads the code)."""
        if create and extracted:
            from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(obj, generate_totp_secret())
            RecoveryCodes.activate(obj)


def totp_code(secret_or_user: str | User, *, at: float | None = None) -> str:
    """The code an authenticator app shows now (RFC 6238, allauth's own HOTP), from the secret or
    from the person's stored authenticator: what a phone computes, no mock."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    if isinstance(secret_or_user, User):
        authenticator = Authenticator.objects.get(user=secret_or_user, type=Authenticator.Type.TOTP)
        secret = decrypt(authenticator.data["secret"])
    else:
        secret = secret_or_user
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))

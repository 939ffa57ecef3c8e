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

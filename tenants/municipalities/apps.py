import functools

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "tenants.municipalities"
    label = "municipalities"
    verbose_name = _("Муниципальные образования")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tenants.municipalities.middleware import host_cache_connect

        host_cache_connect()
        swappable_settings_cache_own()


def swappable_settings_cache_own() -> None:
    """Give the app registry's ``get_swappable_settings_name`` a cache of its own.

    Django caches it with ``functools.cache`` on the method, one cache shared by every ``Apps``; the
    migration states' registries (``StateApps``) clear it each time they register a model, and every
    related field's ``deconstruct`` then asks the global registry again, walking all its models.
    Migrating a schema from nothing (the template, a test database) spent about an eighth of its
    time there. The answer depends on settings only; the registry's own ``clear_cache`` still
    clears this cache."""
    from django.apps import apps

    lookup = type(apps).get_swappable_settings_name.__wrapped__  # type: ignore[attr-defined]
    apps.get_swappable_settings_name = functools.cache(functools.partial(lookup, apps))  # type: ignore[method-assign]

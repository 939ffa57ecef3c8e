"""The app registry's swappable lookup keeps its own cache while migration states render
(``tenants.municipalities.apps.swappable_settings_cache_own``): migrating a schema from nothing
spent about a fifth of its time redoing it."""

from django.apps import apps
from django.conf import settings
from django.db.migrations.state import ProjectState


def test_the_registrys_swappable_lookup_survives_a_migration_state_and_answers_as_djangos():
    user_model = settings.AUTH_USER_MODEL
    lookup = apps.get_swappable_settings_name
    assert lookup(user_model) == "AUTH_USER_MODEL"
    assert lookup("municipalities.Municipality") is None
    # Django's own answer, from the method the registry's class defines (its cache shared by every
    # registry, the migration states' included).
    django_lookup = type(apps).get_swappable_settings_name
    for label in (user_model, "auth.Group", "municipalities.Municipality"):
        assert lookup(label) == django_lookup(apps, label)

    before = lookup.cache_info()  # type: ignore[attr-defined]
    state_apps = ProjectState.from_apps(apps).apps  # registering its models clears Django's cache
    assert state_apps.get_swappable_settings_name.cache_info().currsize <= 2  # that cache: emptied
    kept = lookup.cache_info()  # type: ignore[attr-defined]
    # The state's related fields asked the registry (deconstruct) and found its answers kept.
    assert kept.currsize >= before.currsize and kept.hits > before.hits
    assert lookup(user_model) == "AUTH_USER_MODEL"
    assert lookup.cache_info().hits == kept.hits + 1  # type: ignore[attr-defined]

    # The registry's own clear_cache still clears it (a test that swaps installed apps, say).
    apps.clear_cache()
    assert lookup.cache_info().currsize == 0  # type: ignore[attr-defined]

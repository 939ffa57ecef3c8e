"""Test fixtures: a real test database with the template schema and two municipalities.

The municipalities are provisioned once per session (committed, kept with --reuse-db);
each test runs in a transaction that is rolled back, DDL included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client

from accounts.models import Role, User
from accounts.services import role_grant
from tenants.municipalities.models import Municipality
from tests.factories import UserFactory
from tests.s3_server import s3_media, s3_server  # noqa: F401 (fixtures: a moto S3 server, the media on it)

PASSWORD = "correct horse battery"

TEST_MUNICIPALITIES = {
    "a": dict(
        name="Тестовый городской округ А",
        short_name="Округ А",
        slug="test-alpha",
        contact_email="alpha@example.test",
        oktmo="41754000",
    ),
    "b": dict(
        name="Тестовый муниципальный район Б", short_name="Район Б", slug="test-beta", contact_email="beta@example.test"
    ),
}


# The longest files first, longest of all first (``make test`` keeps this order with
# ``--no-loadscope-reorder``): pytest-xdist hands a process its next file when the one it runs is
# nearly done, so the two halves of the staff walk start in the two processes, each process then
# takes a half of the matrix, and neither is left with a long file at the end of the suite.
LONGEST_FIRST = (
    "tests/browser/test_staff_accessibility.py",
    "tests/browser/test_staff_accessibility_second_half.py",
    "tests/security/test_matrix.py",
    "tests/security/test_matrix_second_half.py",
    "tests/tenants/municipalities/test_demo_region.py",
    "tests/metodika/test_image.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.partition("::")[0]
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: every other file keeps its place


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: pytest.FixtureRequest,
    django_db_keepdb: bool,
    django_db_createdb: bool,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """Always set up the test database, then the template schema and the test municipalities.

    pytest-django sets up databases only when a collected test asks for ``db``; tests that talk
    to a worker or a browser commit their own data and don't, and would otherwise reach the
    development database.
    """
    from django.test.utils import setup_databases, teardown_databases

    from tenants.municipalities.services import municipality_provision

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases={"default"},
            keepdb=django_db_keepdb and not django_db_createdb,
        )
        assert connection.settings_dict["NAME"].startswith("test_"), "refusing to run outside the test database"
        call_command("region_migrate", "--no-refill", verbosity=0)
        for spec in TEST_MUNICIPALITIES.values():
            municipality_provision(use_pool=False, **spec)
        connection.set_schema_to_public()
    for alias in ("default", "renditions"):
        caches[alias].clear()
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True)
def _public_schema_around_each_test() -> Iterator[None]:
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def muni_a(db: None) -> Municipality:
    return Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])


@pytest.fixture
def muni_b(db: None) -> Municipality:
    return Municipality.objects.get(slug=TEST_MUNICIPALITIES["b"]["slug"])


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """A user holding ``role`` in ``municipality`` (or a region role when municipality is None).

    The platform operator must sign in with a second factor (``accounts.second_factor``), so an
    operator is made with an authenticator app unless ``totp=False`` says otherwise.
    """

    def make(role: str | None = None, municipality: Municipality | None = None, **fields: object) -> User:
        if role == Role.OPERATOR:
            fields.setdefault("totp", True)
        user = UserFactory(**fields)
        if role is not None:
            role_grant(user=user, role=role, municipality=municipality, acting_user=None)
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def host_client() -> Callable[..., Client]:
    """A test client talking to one host (a municipality, or the region when None)."""
    from django.conf import settings

    def make(municipality: Municipality | None = None, user: User | None = None) -> Client:
        host = municipality.default_hostname if municipality else settings.REGION_DOMAIN
        client = Client(HTTP_HOST=host)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def methodologist_a(make_user: Callable[..., User], muni_a: Municipality) -> User:
    return make_user(Role.METHODOLOGIST, muni_a)

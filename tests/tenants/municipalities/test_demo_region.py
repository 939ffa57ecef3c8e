"""The demo region `make run` builds: three municipalities, people in every role, content."""

from django_tenants.utils import tenant_context

from accounts.models import MUNICIPAL_ROLES, REGION_ROLES, User
from accounts.selectors import user_roles
from tenants.municipalities.demo_region import DEMO_PASSWORD, DEMO_SLUGS, demo_region_build
from tenants.municipalities.models import Municipality


def test_demo_region_builds_once_and_again_without_duplicates(db, django_capture_on_commit_callbacks, host_client):
    from tenants.bodies.models import Body
    from tenants.organisations.models import Organisation
    from tenants.people.models import Teacher
    from tenants.registry.models import DocumentVersion
    from tenants.resources.models import Resource

    with django_capture_on_commit_callbacks(execute=False):
        demo_region_build()
        counts = {}
        for municipality in Municipality.objects.filter(slug__in=DEMO_SLUGS):
            with tenant_context(municipality):
                counts[municipality.slug] = [
                    m.objects.count() for m in (Organisation, Teacher, Body, DocumentVersion, Resource)
                ]
        demo_region_build()
    assert set(counts) == set(DEMO_SLUGS)
    for municipality in Municipality.objects.filter(slug__in=DEMO_SLUGS):
        with tenant_context(municipality):
            again = [m.objects.count() for m in (Organisation, Teacher, Body, DocumentVersion, Resource)]
        assert again == counts[municipality.slug] and all(again), municipality.slug

    held = set()
    for user in User.objects.filter(email__endswith=".example"):
        assert user.check_password(DEMO_PASSWORD)
        roles = user_roles(user)
        held |= roles.region | {r for s in roles.schemas() for r in roles.in_municipality(s)}
    assert held >= set(MUNICIPAL_ROLES) | set(REGION_ROLES)
    sosnovy_bor = Municipality.objects.get(slug="sosnovy-bor")
    assert host_client(sosnovy_bor).get("/dokumenty/").status_code == 200

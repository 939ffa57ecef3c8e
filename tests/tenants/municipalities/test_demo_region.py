"""The demo region `make run` builds: three municipalities, people in every role, content."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context

from accounts.models import MUNICIPAL_ROLES, REGION_ROLES, User
from accounts.selectors import user_roles
from tenants.municipalities.demo_region import DEMO_PASSWORD, DEMO_SLUGS, demo_region_build
from tenants.municipalities.models import Municipality


def test_demo_region_builds_once_and_again_without_duplicates(db, django_capture_on_commit_callbacks, host_client):
    from agreements.models import Agreement
    from rollups.models import MunicipalityYearRollup
    from tenants.bodies.models import Body
    from tenants.consultations.models import Consultation
    from tenants.courses.models import CourseApplication
    from tenants.development.models import CourseRecord, LearningRoute
    from tenants.events.models import Event
    from tenants.mentoring.models import Mentorship
    from tenants.organisations.models import Organisation
    from tenants.people.models import Teacher
    from tenants.plans.models import PlanItem
    from tenants.quality.models import AssessmentResult, SupportProgramme, Visit
    from tenants.registry.models import DocumentVersion
    from tenants.resources.models import Resource
    from unified_calendar.models import RegionalEvent

    content = (
        Organisation,
        Teacher,
        Body,
        DocumentVersion,
        Resource,
        PlanItem,
        Event,
        CourseRecord,
        LearningRoute,
        Mentorship,
        Consultation,
        CourseApplication,
        AssessmentResult,
        SupportProgramme,
        Visit,
    )
    region = (RegionalEvent, Agreement)

    with django_capture_on_commit_callbacks(execute=False):
        # The test settings have DEBUG off, as production: only --force builds the demo there.
        call_command("demo_region", "--force", stdout=StringIO())
        counts = {}
        for municipality in Municipality.objects.filter(slug__in=DEMO_SLUGS):
            with tenant_context(municipality):
                counts[municipality.slug] = [m.objects.count() for m in content]
        region_counts = [m.objects.count() for m in region]
        # A demo account whose password was changed keeps it: a second run hands out no keys.
        changed = User.objects.get(email="head@sosnovy-bor.example")
        changed.set_password("a password of her own")
        changed.save(update_fields=["password"])
        demo_region_build()
    assert set(counts) == set(DEMO_SLUGS)
    for municipality in Municipality.objects.filter(slug__in=DEMO_SLUGS):
        with tenant_context(municipality):
            again = [m.objects.count() for m in content]
        assert again == counts[municipality.slug] and all(again), municipality.slug
        assert MunicipalityYearRollup.objects.filter(municipality=municipality, plan_items_total__gt=0).exists()
        assert MunicipalityYearRollup.objects.filter(
            municipality=municipality, quality_organisations_flagged__gte=3, quality_programmes_active=1
        ).exists()
    assert [m.objects.count() for m in region] == region_counts and all(region_counts)

    assert User.objects.get(pk=changed.pk).check_password("a password of her own")
    held = set()
    for user in User.objects.filter(email__endswith=".example").exclude(pk=changed.pk):
        assert user.check_password(DEMO_PASSWORD)
        roles = user_roles(user)
        held |= roles.region | {r for s in roles.schemas() for r in roles.in_municipality(s)}
    assert held >= set(MUNICIPAL_ROLES) | set(REGION_ROLES)
    sosnovy_bor = Municipality.objects.get(slug="sosnovy-bor")
    assert host_client(sosnovy_bor).get("/dokumenty/").status_code == 200

    # Every demo municipality has this year's plan, each at another stage (issue 21).
    from region.models import RegionalNews
    from tenants.academic_years import AcademicYear
    from tenants.plans.models import AnnualPlan

    stages = {}
    for municipality in Municipality.objects.filter(slug__in=DEMO_SLUGS):
        with tenant_context(municipality):
            stages[municipality.slug] = AnnualPlan.objects.get(academic_year=AcademicYear.current().start).status
    assert stages == {"sosnovy-bor": "in_execution", "vsevolozhsk": "submitted", "luga": "draft"}
    # Every head's home shows something real; the chair whose plan waits sees it.
    from tenants.staff_home import home_lines

    for municipality in Municipality.objects.filter(slug__in=DEMO_SLUGS):
        head = User.objects.get(email=f"head@{municipality.slug}.example")
        with tenant_context(municipality):
            counts = {line.key: line.count for _section, lines in home_lines(head) for line in lines}
        assert counts["plans.status"] > 0 and sum(counts.values()) > counts["plans.status"], municipality.slug
    chair = User.objects.get(email="chair@vsevolozhsk.example")
    with tenant_context(Municipality.objects.get(slug="vsevolozhsk")):
        assert {line.key: line.count for _s, lines in home_lines(chair) for line in lines}["plans.to_approve"] == 1
    # The portal shows regional news.
    assert RegionalNews.objects.filter(is_published=True).count() >= 3
    latest = RegionalNews.objects.order_by("-published_on").first()
    assert latest is not None and latest.title in host_client(None).get("/").content.decode()


def test_demo_region_refuses_to_run_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo_region", stdout=StringIO())
    assert not Municipality.objects.filter(slug__in=DEMO_SLUGS).exists()
    assert not User.objects.filter(email="head@sosnovy-bor.example").exists()
    # Printing the logins builds nothing and needs no force.
    out = StringIO()
    call_command("demo_region", "--print-only", stdout=out)
    assert DEMO_PASSWORD in out.getvalue()

"""The internship register's public page, the teacher's cabinet, the staff's cohort screen and the
institute's proposals: who sees and changes what, municipality A against B; the region's bank of
sites equals a rebuild from the schemas; the demo."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context
from wagtail.models import Site

from accounts.models import Role
from regional_banks.models import InternshipSiteEntry, ProposalStatus
from regional_banks.services import internship_proposal_create
from tenants.internships.models import EnrolmentStatus, Internship, InternshipSitesPage
from tenants.internships.proposals import internship_proposal_accept, internship_proposal_decline
from tenants.internships.services import enrolment_enrol
from tests.tenants.internships.factories import TODAY, internship, site
from tests.tenants.people.factories import TeacherFactory


def page_url_in(municipality) -> str:
    with tenant_context(municipality):
        page = InternshipSitesPage.objects.live().first()
        if page is None:
            home = Site.objects.get(is_default_site=True).root_page
            page = InternshipSitesPage(title="Стажировочные площадки", slug="stazhirovki")
            home.add_child(instance=page)
            page.save_revision().publish()
        return page.get_url()


def test_the_public_page_lists_public_sites_in_force_with_places(muni_a, muni_b, host_client):
    with tenant_context(muni_a):
        shown = site(topic="Смысловое чтение")
        cohort = internship(on_site=shown, capacity=3, title="Стратегии смыслового чтения")
        enrolment_enrol(internship=cohort, teachers=[TeacherFactory()], acting_user=None)
        site(is_public=False, topic="Скрытая площадка")
        site(valid_to=TODAY - datetime.timedelta(days=1), topic="Истёкший статус")
    html = host_client(muni_a).get(page_url_in(muni_a)).content.decode()
    assert "Смысловое чтение" in html and "Стратегии смыслового чтения" in html
    assert "свободных мест: 2" in html
    assert "Скрытая площадка" not in html and "Истёкший статус" not in html
    assert "Смысловое чтение" not in host_client(muni_b).get(page_url_in(muni_b)).content.decode()


def test_the_teacher_applies_from_the_cabinet_in_their_own_municipality_only(muni_a, muni_b, make_user, host_client):
    teacher_user = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        teacher = TeacherFactory(user=teacher_user)
        cohort = internship(title="Открытая стажировка")
    client = host_client(muni_a, teacher_user)
    assert "Открытая стажировка" in client.get("/internships/").content.decode()
    assert client.post(f"/internships/{cohort.pk}/apply/").status_code == 302
    with tenant_context(muni_a):
        assert cohort.enrolments.get().teacher == teacher
        assert cohort.enrolments.get().status == EnrolmentStatus.APPLIED
    # A teacher of B has no teacher record in A: nothing to apply as.
    teacher_b = make_user(Role.TEACHER, muni_b)
    with tenant_context(muni_b):
        TeacherFactory(user=teacher_b)
    assert host_client(muni_a, teacher_b).post(f"/internships/{cohort.pk}/apply/").status_code == 404
    assert host_client(muni_a).get("/internships/").status_code == 302  # sign in first


def test_the_cohort_screen_by_role_and_municipality(muni_a, muni_b, methodologist_a, make_user, host_client):
    with tenant_context(muni_a):
        cohort = internship(capacity=2)
        teacher = TeacherFactory(last_name="Стажёрова")
        other = TeacherFactory()
    url = f"/admin/internships/internships/{cohort.pk}/cohort/"
    client = host_client(muni_a, methodologist_a)
    assert client.get(url).status_code == 200
    client.post(url, {"action": "enrol", "teachers": [teacher.pk]})
    with tenant_context(muni_a):
        assert cohort.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() == 1
    assert "Стажёрова" in client.get(url).content.decode()
    # The region's observers read the register, not who is enrolled (personal data).
    assert host_client(muni_a, make_user(Role.INSTITUTE)).get(url).status_code in (302, 403)
    for user in (None, make_user(Role.TEACHER, muni_a), make_user(Role.HEAD, muni_b)):
        response = host_client(muni_a, user).post(url, {"action": "enrol", "teachers": [other.pk]})
        assert response.status_code in (302, 403) and "login" in response.get("Location", "login"), user
    assert host_client(muni_b, make_user(Role.HEAD, muni_b)).get(url).status_code == 404
    chair = host_client(muni_a, make_user(Role.CHAIR, muni_a))  # reads the cohort, changes nothing
    assert chair.get(url).status_code == 200
    assert chair.post(url, {"action": "enrol", "teachers": [other.pk]}).status_code in (302, 403)
    with tenant_context(muni_a):
        assert cohort.enrolments.count() == 1


def _entries(municipality):
    return sorted(
        InternshipSiteEntry.objects.filter(municipality=municipality).values_list(
            "organisation", "topic", "in_force", "is_public", "programmes", "upcoming", "internships_total",
            "internships_finished", "enrolled_total", "completed_total",
        )
    )  # fmt: skip


def test_the_regions_bank_follows_each_change_and_equals_a_rebuild(muni_a, muni_b):
    from rollups.rebuild import rollups_rebuild
    from tenants.internships.services import attendance_mark, internship_finish

    with tenant_context(muni_a):
        cohort = internship(capacity=4, starts_in=-3, days=2)
        enrolled = enrolment_enrol(internship=cohort, teachers=TeacherFactory.create_batch(2), acting_user=None)
        attendance_mark(internship=cohort, attended={enrolled[0].pk: True, enrolled[1].pk: False}, acting_user=None)
        internship_finish(internship=cohort, acting_user=None)
        internship(on_site=cohort.programme.site, title="Впереди", capacity=5)
    with tenant_context(muni_b):
        site(is_public=False)
    incremental = (_entries(muni_a), _entries(muni_b))
    (row_a,) = incremental[0]
    assert row_a[2:4] == (True, True) and row_a[6:] == (2, 1, 2, 1)
    assert [u["free"] for u in row_a[5]] == [5]
    assert incremental[1][0][3] is False
    InternshipSiteEntry.objects.all().delete()
    rollups_rebuild(names=["internships"])
    assert (_entries(muni_a), _entries(muni_b)) == incremental
    from tenants.internships.tasks import internships_summary_rebuild_task

    InternshipSiteEntry.objects.all().delete()
    internships_summary_rebuild_task()  # the nightly task: the same rows
    assert (_entries(muni_a), _entries(muni_b)) == incremental


def test_a_proposal_of_the_institute_is_accepted_or_declined_by_its_municipality(muni_a, muni_b, make_user):
    institute = make_user(Role.INSTITUTE)
    head_a, head_b = make_user(Role.HEAD, muni_a), make_user(Role.HEAD, muni_b)
    with tenant_context(muni_a):
        card = site()
    entry = InternshipSiteEntry.objects.get(municipality=muni_a, site_id=card.pk)

    def propose(title):
        return internship_proposal_create(
            acting_user=institute, site=entry, title=title, hours=18, capacity=10,
            starts_on=TODAY + datetime.timedelta(days=20), ends_on=TODAY + datetime.timedelta(days=21),
        )  # fmt: skip

    with pytest.raises(PermissionDenied):  # only the institute proposes
        internship_proposal_create(acting_user=head_a, site=entry, title="x", hours=1, capacity=1,
                                   starts_on=TODAY, ends_on=TODAY)  # fmt: skip
    first, second = propose("Наставничество в школе"), propose("Школьная медиация")
    with tenant_context(muni_b), pytest.raises((PermissionDenied, ValidationError)):
        internship_proposal_decline(proposal=first, municipality=muni_b, acting_user=head_b, answer="нет")
    with tenant_context(muni_a):
        with pytest.raises(ValidationError):  # a reason to decline
            internship_proposal_decline(proposal=second, municipality=muni_a, acting_user=head_a, answer="")
        accepted = internship_proposal_accept(proposal=first, municipality=muni_a, acting_user=head_a)
        assert accepted.with_institute and accepted.regional_proposal_id == first.pk and accepted.capacity == 10
        internship_proposal_decline(proposal=second, municipality=muni_a, acting_user=head_a, answer="Нет помещения")
        with pytest.raises(ValidationError):
            internship_proposal_accept(proposal=second, municipality=muni_a, acting_user=head_a)
        assert Internship.objects.count() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.internship_id, second.status) == (
        ProposalStatus.ACCEPTED,
        accepted.pk,
        ProposalStatus.DECLINED,
    )


def test_the_proposals_screen_shows_only_the_municipalitys_own(muni_a, muni_b, make_user, host_client):
    institute = make_user(Role.INSTITUTE)
    with tenant_context(muni_a):
        card = site()
    entry = InternshipSiteEntry.objects.get(municipality=muni_a, site_id=card.pk)
    proposal = internship_proposal_create(
        acting_user=institute, site=entry, title="Региональная стажировка А", hours=8, capacity=5,
        starts_on=TODAY + datetime.timedelta(days=9), ends_on=TODAY + datetime.timedelta(days=9),
    )  # fmt: skip
    head_a, head_b = make_user(Role.HEAD, muni_a), make_user(Role.HEAD, muni_b)
    assert (
        "Региональная стажировка А" in host_client(muni_a, head_a).get("/admin/internships/proposals/").content.decode()
    )
    response = host_client(muni_b, head_b).get("/admin/internships/proposals/")
    assert response.status_code == 200 and "Региональная стажировка А" not in response.content.decode()
    assert (
        host_client(muni_b, head_b)
        .post("/admin/internships/proposals/", {"proposal": proposal.pk, "action": "accept"})
        .status_code
        == 404
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    host_client(muni_a, head_a).post("/admin/internships/proposals/", {"proposal": proposal.pk, "action": "accept"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED


def test_demo_seed_is_idempotent(muni_a):
    from tenants.internships.demo import PROGRAMMES, demo_seed
    from tenants.internships.models import InternshipProgramme, InternshipSite
    from tests.tenants.organisations.factories import OrganisationSiteStatusFactory

    with tenant_context(muni_a):
        OrganisationSiteStatusFactory()
        TeacherFactory.create_batch(5)
        demo_seed(muni_a)
        demo_seed(muni_a)
        assert InternshipSite.objects.count() == 1
        assert InternshipProgramme.objects.count() == len(PROGRAMMES)
        assert Internship.objects.count() == 2
        assert Internship.objects.filter(finished_on__isnull=False).count() == 1
        assert InternshipSitesPage.objects.live().count() == 1

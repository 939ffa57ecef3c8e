"""The public page: contests, stages and published winners and prize-winners — name, organisation,
nomination and result, nothing else."""

from __future__ import annotations

from django_tenants.utils import tenant_context
from wagtail.models import Site

from tenants.contests.models import ContestsPage, Level, Result
from tenants.contests.services import contest_results_publish, stage_create, stage_result_set
from tests.tenants.contests.factories import applicant, contest, score_all
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory


def contests_url_in(municipality) -> str:
    with tenant_context(municipality):
        page = ContestsPage.objects.live().first()
        if page is None:
            home = Site.objects.get(is_default_site=True).root_page
            page = ContestsPage(title="Конкурсы педагогов", slug="konkursy")
            home.add_child(instance=page)
            page.save_revision().publish()
        return page.get_url()


def test_the_public_sees_only_published_winners_with_the_allowed_fields(muni_a, muni_b, host_client):
    with tenant_context(muni_a):
        made = contest(criteria=(10,), jurors=1, nominations=("Учитель года",),
                       description="Муниципальный этап конкурса.")  # fmt: skip
        stage_create(contest=made, level=Level.MUNICIPAL, place="Дом учителя", acting_user=None)
        nomination = made.nominations.get()
        school = OrganisationFactory(short_name="МБОУ «СОШ № 7»")
        winner = applicant(
            made, nomination=nomination,
            teacher=TeacherFactory(last_name="Победина", first_name="Анна", middle_name="Ивановна",
                                   organisation=school, email="pobedina@example.org", phone="+7 900 000-00-00"),
        )  # fmt: skip
        prize = applicant(made, "Призёрова", nomination=nomination)
        third = applicant(made, "Третьева", nomination=nomination)
        fourth = applicant(made, "Участникова", nomination=nomination)
        score_all(made, {winner: [9], prize: [8], third: [7], fourth: [2]})
        hidden = contest(title="Воспитатель года", criteria=(10,), jurors=1)
        score_all(hidden, {applicant(hidden, "Неопубликова"): [9]})
        private = contest(title="Закрытый конкурс", criteria=(10,), jurors=1, is_public=False)
        score_all(private, {applicant(private, "Закрытова"): [9]})
        contest_results_publish(contest=private, acting_user=None)
    url = contests_url_in(muni_a)
    before = host_client(muni_a).get(url).content.decode()
    assert "Педагог года" in before and "Победина" not in before and "Дом учителя" in before
    with tenant_context(muni_a):
        contest_results_publish(contest=made, acting_user=None)
        stage_result_set(application=winner, level=Level.REGIONAL, result=Result.PRIZE_WINNER, acting_user=None)
    html = host_client(muni_a).get(url).content.decode()
    assert "Победина Анна Ивановна" in html and "МБОУ «СОШ № 7»" in html and "Учитель года" in html
    assert "Призёрова" in html and "Победитель" in html and "Региональный этап" in html
    for secret in ("Участникова", "Неопубликова", "Закрытый конкурс", "Закрытова", "Жюриева",
                   "pobedina@example.org", "+7 900", "учитель</td>"):  # fmt: skip
        assert secret not in html, secret
    # Third shares no place: 9, 8, 7 — with two prize places the third is a prize-winner, the fourth is not.
    assert "Третьева" in html
    other = host_client(muni_b).get(contests_url_in(muni_b)).content.decode()
    assert "Победина" not in other and "Конкурсов пока нет" in other

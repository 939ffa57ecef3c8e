"""Procedures on the service's staff calendar, on each of their days, and linked to plan items."""

from __future__ import annotations

import datetime

from django_tenants.utils import tenant_context

from tests.tenants.quality.factories import procedure


def test_a_procedure_shows_on_every_day_of_the_staff_calendar(muni_a, muni_b, host_client, methodologist_a, make_user):
    with tenant_context(muni_a):
        vpr = procedure(
            "vpr", starts_on=datetime.date(2026, 4, 14), ends_on=datetime.date(2026, 4, 16), title="ВПР весна"
        )
    url = "/admin/event_admin/calendar/?month=2026-04"
    page = host_client(muni_a, methodologist_a).get(url).content.decode()
    assert page.count(f"/admin/quality/procedures/inspect/{vpr.pk}/") == 3
    assert "Оценочная процедура" in page and "ВПР весна" in page
    # Filtered by an event kind, the calendar shows events only.
    assert "ВПР весна" not in host_client(muni_a, methodologist_a).get(f"{url}&kind=seminar").content.decode()
    # The public calendar and another municipality's staff calendar do not show it.
    from accounts.models import Role

    other = host_client(muni_b, make_user(Role.METHODOLOGIST, muni_b)).get(url).content.decode()
    assert "ВПР весна" not in other


def test_a_procedure_links_to_its_plan_item(muni_a, methodologist_a):
    from tenants.plans.models import AnnualPlan, Direction, PlanItem

    with tenant_context(muni_a):
        plan = AnnualPlan.objects.create(academic_year=2025)
        item = PlanItem.objects.create(
            plan=plan,
            direction=Direction.objects.get(code="organisational"),
            form="monitoring",
            topic="Сопровождение ВПР",
            month=4,
        )
        vpr = procedure("vpr", plan_item=item)
        assert list(PlanItem.objects.get(pk=item.pk).assessment_procedures.all()) == [vpr]

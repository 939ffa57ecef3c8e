"""Effectiveness of associations and schools' methodological services (issue 15 §1; 000 §2.3.1):
the default criteria in every municipality, self-assessment and the methodologist's assessment,
scores, the heat map on the head's monitoring by role, the XLSX export, isolation."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from accounts.models import Role
from tenants.leadership.criteria import ASSOCIATION_CRITERIA, SCHOOL_CRITERIA
from tenants.leadership.effectiveness import criteria_active, effectiveness_assess, score_table
from tenants.leadership.models import Assessor, EffectivenessAssessment, EffectivenessSubject
from tests.tenants.leadership.conftest import YEAR

pytestmark = pytest.mark.django_db


def _scores(subject: str, value: int) -> dict[int, int]:
    return {c.pk: value for c in criteria_active(subject)}


def test_every_municipality_has_the_default_criteria(muni_a, muni_b):
    for municipality in (muni_a, muni_b):
        with tenant_context(municipality):
            assert criteria_active(EffectivenessSubject.ASSOCIATION).count() == len(ASSOCIATION_CRITERIA)
            assert criteria_active(EffectivenessSubject.SCHOOL).count() == len(SCHOOL_CRITERIA)


def test_self_and_methodologist_assessments_give_the_scores(muni_a, world):
    leader, methodologist, coordinator = world["leader"], world["methodologist"], world["coordinator"]
    with tenant_context(muni_a):
        criteria = list(criteria_active(EffectivenessSubject.ASSOCIATION))
        own = {c.pk: 2 for c in criteria}
        effectiveness_assess(
            obj=world["own"], academic_year=YEAR, assessor=Assessor.SELF, scores=own, acting_user=leader
        )
        theirs = {c.pk: (1 if i % 2 else 0) for i, c in enumerate(criteria)}
        effectiveness_assess(
            obj=world["own"],
            academic_year=YEAR,
            assessor=Assessor.METHODOLOGIST,
            scores=theirs,
            acting_user=methodologist,
        )
        # Again: replaced, not added.
        effectiveness_assess(
            obj=world["own"],
            academic_year=YEAR,
            assessor=Assessor.METHODOLOGIST,
            scores=theirs,
            acting_user=methodologist,
        )
        assert EffectivenessAssessment.objects.filter(body=world["own"]).count() == 2
        with pytest.raises(PermissionDenied):  # a leader assesses only their own body, only as self
            effectiveness_assess(
                obj=world["other"], academic_year=YEAR, assessor=Assessor.SELF, scores=own, acting_user=leader
            )
        with pytest.raises(PermissionDenied):
            effectiveness_assess(
                obj=world["own"], academic_year=YEAR, assessor=Assessor.METHODOLOGIST, scores=own, acting_user=leader
            )
        with pytest.raises(PermissionDenied):  # a coordinator, only their school
            effectiveness_assess(
                obj=world["other_school"], academic_year=YEAR, assessor=Assessor.SELF,
                scores=_scores(EffectivenessSubject.SCHOOL, 1), acting_user=coordinator,
            )  # fmt: skip
        with pytest.raises(ValidationError):  # a score above the maximum, a criterion missing
            effectiveness_assess(
                obj=world["own"], academic_year=YEAR, assessor=Assessor.SELF,
                scores={**own, criteria[0].pk: 3}, acting_user=leader,
            )  # fmt: skip
        table = score_table(subject=EffectivenessSubject.ASSOCIATION, year=YEAR)
    row = next(r for r in table.rows if r.obj.pk == world["own"].pk)
    maximum = 2 * len(criteria)
    assert (row.self_score.total, row.self_score.of, row.self_score.percent) == (maximum, maximum, 100)
    expected = sum(theirs.values())
    assert row.methodologist_score.total == expected
    assert row.methodologist_score.percent == round(100 * expected / maximum)
    assert row.cells == [theirs[c.pk] for c in criteria]  # the methodologist's marks win on the map
    other = next(r for r in table.rows if r.obj.pk == world["other"].pk)
    assert other.self_score is None and other.cells == [None] * len(criteria)


def test_heat_map_on_monitoring_by_role_and_export(muni_a, muni_b, world, host_client, make_user):
    with tenant_context(muni_a):
        effectiveness_assess(
            obj=world["school"], academic_year=YEAR, assessor=Assessor.METHODOLOGIST,
            scores=_scores(EffectivenessSubject.SCHOOL, 1), acting_user=world["methodologist"],
        )  # fmt: skip
        school_cells = len(criteria_active(EffectivenessSubject.SCHOOL))
    head = host_client(muni_a, world["head"])
    page = head.get(f"/admin/monitoring/?year={YEAR.start}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Эффективность объединений и методических служб школ" in text and "Школа № 1" in text
    assert text.count("heat-1") >= school_cells
    export = head.get(f"/admin/monitoring/export.xlsx?year={YEAR.start}")
    assert export.status_code == 200
    workbook = load_workbook(io.BytesIO(export.content))
    sheet = workbook["Эффективность — школы"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Школа № 1"][2] == 50 and list(rows["Школа № 1"][3:]) == [1] * school_cells
    # Safe cells: a name that looks like a formula stays text.
    with tenant_context(muni_a):
        world["own"].name = '=HYPERLINK("http://x")'
        world["own"].save(update_fields=["name"])
    export = head.get(f"/admin/monitoring/export.xlsx?year={YEAR.start}")
    sheet = load_workbook(io.BytesIO(export.content))["Эффективность — объединения"]
    cell = next(c for c in sheet["A"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"
    # The chair reads it; the leader, the coordinator and B's head do not get the monitoring.
    chair = make_user(Role.CHAIR, muni_a)
    assert host_client(muni_a, chair).get("/admin/leadership/effectiveness/").status_code == 200
    for person in (world["leader"], world["coordinator"]):
        client = host_client(muni_a, person)
        assert client.get("/admin/monitoring/").status_code in (302, 403)
        assert client.get("/admin/leadership/effectiveness/").status_code in (302, 403)
    head_b = make_user(Role.HEAD, muni_b)
    on_b = host_client(muni_b, head_b).get(f"/admin/monitoring/?year={YEAR.start}")
    assert on_b.status_code == 200 and "Школа № 1" not in on_b.content.decode()


def test_assessment_screens_by_role(muni_a, muni_b, world, host_client, make_user):
    url = f"/admin/leadership/effectiveness/association/{world['own'].pk}/{YEAR.start}/"
    with tenant_context(muni_a):
        data = {f"criterion_{c.pk}": "2" for c in criteria_active(EffectivenessSubject.ASSOCIATION)}
    leader = host_client(muni_a, world["leader"])
    assert leader.get(url).status_code == 200
    assert leader.post(url, {**data, "as": "self"}).status_code == 302
    refused = leader.post(url, {**data, "as": "methodologist"})  # Wagtail's "no permission": back to the admin
    assert refused.status_code == 403 or (refused.status_code == 302 and refused["Location"] == "/admin/")
    with tenant_context(muni_a):
        assert list(EffectivenessAssessment.objects.values_list("assessor", flat=True)) == ["self"]
    other = f"/admin/leadership/effectiveness/association/{world['other'].pk}/{YEAR.start}/"
    assert leader.get(other).status_code == 404
    coordinator = host_client(muni_a, world["coordinator"])
    assert coordinator.get(url).status_code == 404
    school = f"/admin/leadership/effectiveness/school/{world['school'].pk}/{YEAR.start}/"
    assert coordinator.get(school).status_code == 200
    assert (
        coordinator.get(f"/admin/leadership/effectiveness/school/{world['other_school'].pk}/{YEAR.start}/").status_code
        == 404
    )
    methodologist = host_client(muni_a, world["methodologist"])
    assert methodologist.post(url, {**data, "as": "methodologist"}).status_code == 302
    head_b = make_user(Role.HEAD, muni_b)
    assert host_client(muni_b, head_b).get(url).status_code == 404  # A's body is no object of B
    with tenant_context(muni_a):
        assert set(EffectivenessAssessment.objects.values_list("assessor", flat=True)) == {"self", "methodologist"}
    with tenant_context(muni_b):
        assert not EffectivenessAssessment.objects.exists()

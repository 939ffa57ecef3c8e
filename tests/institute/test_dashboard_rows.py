"""The region dashboard's rows (issue 18 §7): kept current in the transaction of every write that
feeds them — a plan item done, a document in force, an agreement signed or expired, a municipality
archived, renamed or created, a roll-up row gone, the first roll-up of a year — and always equal to
a recomputation from the roll-ups, the agreements and the municipalities, done here in Python: a
row for every municipality in every year any municipality has (or had) a roll-up in, and ""."""

from __future__ import annotations

import datetime
import threading
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django_tenants.utils import tenant_context

from agreements.models import Agreement, AgreementStatus, Party
from agreements.selectors import NO_AGREEMENT, STATUS_PRECEDENCE, agreement_status_by_municipality
from agreements.services import agreement_create, agreement_send, agreement_sign, agreements_expiry_advance
from institute.dashboard import DashboardQuery, dashboard_page, dashboard_rows
from institute.models import MunicipalityDashboardRow
from rollups.models import MunicipalityYearRollup
from rollups.rebuild import rollups_rebuild
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.municipalities.services import municipality_archive, municipality_unarchive
from tenants.plans.services import plan_item_mark_done, plan_start_execution
from tenants.registry.models import DocumentKind, VersionStatus
from tenants.registry.services import document_version_create
from tests.conftest import TEST_MUNICIPALITIES
from tests.tenants.plans.conftest import approved_plan

# (dashboard row column, the roll-up's column it copies)
COPIED = {
    "plan_status": "plan_status",
    "items_total": "plan_items_total",
    "items_planned": "plan_items_planned",
    "items_done": "plan_items_done",
    "items_moved": "plan_items_moved",
    "items_cancelled": "plan_items_cancelled",
    "events_held": "events_held",
    "events_participants": "events_participants",
    "teachers_total": "teachers_total",
    "pd_up_to_date": "pd_up_to_date",
    "pd_overdue": "pd_overdue",
    "documents_required": "documents_required",
    "documents_in_force": "documents_in_force",
    "last_activity_at": "last_activity_at",
}
FIELDS = ["name", "slug", "active", *COPIED, "agreement_status", "share_done", "pd_coverage", "documents_share"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _share(part: int, whole: int) -> float:
    return part / whole if whole > 0 else -1.0


def recomputed() -> dict[tuple[int, str], dict[str, Any]]:
    """Every row the table must hold, from the roll-ups, the agreements and the municipalities."""
    best = agreement_status_by_municipality()
    blank = dict.fromkeys(COPIED, 0) | {"plan_status": "none", "last_activity_at": None}
    # A year's rows stay when its last roll-up goes (they read as the "" rows would).
    held = set(MunicipalityDashboardRow.objects.values_list("academic_year", flat=True))
    every_year = {"", *held, *MunicipalityYearRollup.objects.values_list("academic_year", flat=True)}
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    for municipality in Municipality.objects.exclude(schema_name="public"):
        own = {
            "name": municipality.name,
            "slug": municipality.slug,
            "active": municipality.status == MunicipalityStatus.ACTIVE,
            "agreement_status": best.get(municipality.pk, NO_AGREEMENT),
        }
        years = dict.fromkeys(every_year, blank) | {
            rollup.academic_year: {column: getattr(rollup, source) for column, source in COPIED.items()}
            for rollup in MunicipalityYearRollup.objects.filter(municipality=municipality)
        }
        for year, numbers in years.items():
            rows[(municipality.pk, year)] = {
                **own,
                **numbers,
                "share_done": _share(numbers["items_done"], numbers["items_total"] - numbers["items_cancelled"]),
                "pd_coverage": _share(numbers["pd_up_to_date"], numbers["teachers_total"]),
                "documents_share": _share(numbers["documents_in_force"], numbers["documents_required"]),
            }
    return rows


def stored() -> dict[tuple[int, str], dict[str, Any]]:
    return {
        (row["municipality_id"], row["academic_year"]): {name: row[name] for name in FIELDS}
        for row in MunicipalityDashboardRow.objects.values("municipality_id", "academic_year", *FIELDS)
    }


def row_of(municipality: Municipality, year: str) -> MunicipalityDashboardRow:
    return MunicipalityDashboardRow.objects.get(municipality=municipality, academic_year=year)


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("doc.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_every_municipality_has_its_row_for_a_year_without_a_roll_up(muni_a, muni_b):
    assert stored() == recomputed()
    assert {m.pk for m in (muni_a, muni_b)} <= {municipality_id for municipality_id, year in stored() if year == ""}


def test_a_plan_item_done_moves_the_plan_year_row(muni_a, muni_b):
    with tenant_context(muni_a):
        plan = approved_plan(items=4)
        plan_start_execution(plan=plan, acting_user=None, skip_permission_checks=True)
        year = plan.year.label
        assert (row_of(muni_a, year).items_total, row_of(muni_a, year).items_done) == (4, 0)
        assert row_of(muni_a, year).plan_status == "in_execution"
        assert row_of(muni_a, year).share_done == 0.0
        item = plan.items.order_by("number").first()
        plan_item_mark_done(
            item=item, participants=5, actual_result="проведено", acting_user=None, skip_permission_checks=True
        )
    row = row_of(muni_a, year)
    assert (row.items_done, row.share_done) == (1, 0.25)
    assert row.last_activity_at is not None
    assert stored() == recomputed()
    # B wrote nothing: its row for the year has zeros.
    assert (row_of(muni_b, year).items_total, row_of(muni_b, year).plan_status) == (0, "none")


def test_a_document_in_force_moves_the_register_share(muni_a):
    year = AcademicYear.current().label
    with tenant_context(muni_a):
        kind = DocumentKind.objects.filter(is_required=True, renewal="standing").order_by("order").first()
        assert kind is not None
        before = MunicipalityDashboardRow.objects.filter(municipality=muni_a, academic_year=year).first()
        document_version_create(
            kind=kind,
            file=_pdf(),
            status=VersionStatus.IN_FORCE,
            approved_on=datetime.date(2025, 9, 1),
            acting_user=None,
        )
    row = row_of(muni_a, year)
    assert row.documents_required > 0
    assert row.documents_in_force == (before.documents_in_force if before else 0) + 1
    assert row.documents_share == row.documents_in_force / row.documents_required
    assert stored() == recomputed()


def test_an_agreement_signed_then_expired_changes_every_row_of_its_municipality(
    muni_a, muni_b, institute_user, committee_user, head_a, agreement_fields
):
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_total=3)
    agreement = agreement_create(municipality=muni_a, acting_user=institute_user, **agreement_fields)
    assert {r.agreement_status for r in MunicipalityDashboardRow.objects.filter(municipality=muni_a)} == {"draft"}
    agreement_send(agreement=agreement, acting_user=institute_user)
    for party, user in (
        (Party.INSTITUTE, institute_user),
        (Party.COMMITTEE, committee_user),
        (Party.MUNICIPALITY, head_a),
    ):
        agreement = agreement_sign(agreement=agreement, party=party, acting_user=user, today=datetime.date(2025, 10, 1))
    assert {r.agreement_status for r in MunicipalityDashboardRow.objects.filter(municipality=muni_a)} == {"in_force"}
    assert row_of(muni_b, "").agreement_status == NO_AGREEMENT
    assert stored() == recomputed()
    missing = DashboardQuery(agreement="missing")
    assert muni_a.pk not in {r.municipality_id for r in dashboard_rows(academic_year="2025/2026", query=missing)}

    agreements_expiry_advance(today=agreement.term_to + datetime.timedelta(days=1))
    assert {r.agreement_status for r in MunicipalityDashboardRow.objects.filter(municipality=muni_a)} == {"expired"}
    assert muni_a.pk in {r.municipality_id for r in dashboard_rows(academic_year="2025/2026", query=missing)}
    assert stored() == recomputed()


def test_the_best_status_follows_the_precedence_of_the_agreements_selectors(muni_a, agreement_fields):
    """The trigger's order of statuses (SQL, migration 0003) is the selectors' (Python)."""
    made = [
        Agreement.objects.create(municipality=muni_a, **{**agreement_fields, "number": f"ТС-{n}"}, status=status)
        for n, status in enumerate(reversed(STATUS_PRECEDENCE))
    ]
    for agreement in reversed(made):  # the best one removed each time
        expected = agreement_status_by_municipality()[muni_a.pk]
        assert row_of(muni_a, "").agreement_status == expected == agreement.status
        agreement.delete()
    assert row_of(muni_a, "").agreement_status == NO_AGREEMENT
    # A status changed in place (no service: the trigger sees any write).
    other = Agreement.objects.create(municipality=muni_a, **agreement_fields, status=AgreementStatus.SENT)
    Agreement.objects.filter(pk=other.pk).update(status=AgreementStatus.TERMINATED)
    assert row_of(muni_a, "").agreement_status == AgreementStatus.TERMINATED


def test_an_archived_municipality_leaves_the_dashboard_and_comes_back(muni_a, muni_b):
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_total=3)
    query = DashboardQuery()

    def shown() -> set[int]:
        return {r.municipality_id for r in dashboard_rows(academic_year="2025/2026", query=query)}

    assert muni_a.pk in shown()
    municipality_archive(municipality=muni_a, acting_user=None)
    assert not MunicipalityDashboardRow.objects.filter(municipality=muni_a, active=True).exists()
    assert muni_a.pk not in shown() and muni_b.pk in shown()
    page = dashboard_page(academic_year="2025/2026", query=query, page=1, page_size=100)
    assert muni_a.pk not in {r.municipality_id for r in page.rows}
    assert stored() == recomputed()
    municipality_unarchive(municipality=muni_a, acting_user=None)
    assert muni_a.pk in shown()
    assert stored() == recomputed()


def test_a_new_renamed_or_deleted_municipality_and_a_roll_up_row_gone(muni_a):
    made = Municipality.objects.create(
        schema_name="m_rows_new", slug="rows-new", name="Новый район", short_name="Н", contact_email="n@example.org"
    )
    assert row_of(made, "").name == "Новый район"
    rows = dashboard_rows(academic_year="2031/2032", query=DashboardQuery(search="новый район"))
    assert [(r.municipality_id, r.items_total, r.plan_status) for r in rows] == [(made.pk, 0, "none")]

    Municipality.objects.filter(pk=made.pk).update(name="Переименованный район")
    rollup_write(municipality_id=made.pk, academic_year="2031/2032", plan_items_total=2, plan_items_done=1)
    assert row_of(made, "2031/2032").name == "Переименованный район"
    assert stored() == recomputed()

    MunicipalityYearRollup.objects.filter(municipality=made).delete()
    gone = row_of(made, "2031/2032")  # the year stays, with zeros
    assert (gone.items_total, gone.items_done, gone.plan_status, gone.share_done) == (0, 0, "none", -1)
    assert stored() == recomputed()

    made.delete()  # its rows go with it (the schema was never made: nothing to drop)
    assert not MunicipalityDashboardRow.objects.filter(municipality_id=made.pk).exists()
    assert stored() == recomputed()


def test_the_first_roll_up_of_a_year_gives_every_municipality_its_row_of_it(muni_a, muni_b):
    every = set(Municipality.objects.exclude(schema_name="public").values_list("pk", flat=True))
    # A year nobody has written in: the "" rows, every active municipality with zeros.
    rows = dashboard_rows(academic_year="2033/2034", query=DashboardQuery())
    assert {r.municipality_id for r in rows} >= {muni_a.pk, muni_b.pk}
    assert {(r.items_total, r.plan_status) for r in rows} == {(0, "none")}

    rollup_write(municipality_id=muni_a.pk, academic_year="2033/2034", plan_items_total=3)
    year_rows = MunicipalityDashboardRow.objects.filter(academic_year="2033/2034")
    assert set(year_rows.values_list("municipality_id", flat=True)) == every
    assert (row_of(muni_b, "2033/2034").items_total, row_of(muni_a, "2033/2034").items_total) == (0, 3)
    page = dashboard_page(academic_year="2033/2034", query=DashboardQuery(), page=1, page_size=100)
    assert {r.municipality_id: r.items_total for r in page.rows}[muni_a.pk] == 3
    assert muni_b.pk in {r.municipality_id for r in page.rows}
    assert stored() == recomputed()

    # A municipality created afterwards gets the year too; its first roll-up fills in its row.
    made = Municipality.objects.create(
        schema_name="m_rows_late", slug="rows-late", name="Поздний район", short_name="П", contact_email="p@example.org"
    )
    assert row_of(made, "2033/2034").items_total == 0
    rollup_write(municipality_id=made.pk, academic_year="2033/2034", events_held=2)
    assert row_of(made, "2033/2034").events_held == 2
    # A roll-up row moved to another year leaves zeros behind and fills the other year.
    moved = MunicipalityYearRollup.objects.filter(municipality=made, academic_year="2033/2034")
    moved.update(academic_year="2034/2035")
    assert (row_of(made, "2033/2034").events_held, row_of(made, "2034/2035").events_held) == (0, 2)
    assert row_of(muni_a, "2034/2035").items_total == 0
    assert stored() == recomputed()


YEAR_AT_ONCE = "2044/2045"


def _locks_waited() -> int:
    with connection.cursor() as cursor:
        # Sessions of this database (the other test process has its own) waiting for a lock.
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _at_once(first: Any, second: Any) -> int:
    """Run ``first`` and ``second`` each in its own thread, connection and transaction (committed):
    ``second`` starts once ``first`` has written and before it commits. How many locks were waited
    for while ``first`` held its transaction open."""
    first_wrote, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def run(work: Any, is_first: bool) -> None:
        try:
            if not is_first:
                first_wrote.wait(30)
            with transaction.atomic():
                work()
                if is_first:
                    first_wrote.set()
                    release.wait(30)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(first, True)), threading.Thread(target=run, args=(second, False))]
    try:
        for thread in threads:
            thread.start()
        first_wrote.wait(30)
        deadline = time.monotonic() + 20
        while not _locks_waited() and time.monotonic() < deadline:
            time.sleep(0.05)
        waited = _locks_waited()
    finally:
        release.set()
        for thread in threads:
            thread.join(60)
    assert not errors, errors
    return waited


@pytest.fixture
def committed_municipalities(django_db_setup: None, django_db_blocker: Any) -> Any:
    """Municipalities A and B as committed; the rows, roll-ups and municipalities the test commits
    in YEAR_AT_ONCE (or named "m_rows_race") are removed after it."""
    with django_db_blocker.unblock():
        yield tuple(Municipality.objects.get(slug=TEST_MUNICIPALITIES[key]["slug"]) for key in ("a", "b"))
        MunicipalityYearRollup.objects.filter(academic_year=YEAR_AT_ONCE).delete()
        MunicipalityDashboardRow.objects.filter(academic_year=YEAR_AT_ONCE).delete()
        Municipality.objects.filter(schema_name="m_rows_race").delete()


def test_two_first_roll_ups_of_a_year_at_once_take_turns(committed_municipalities):
    """The second waits for the first's fill of the year and keeps both numbers; without the lock
    it overwrote the first's with the zeros it saw."""
    alpha, beta = committed_municipalities
    waited = _at_once(
        lambda: rollup_write(municipality_id=alpha.pk, academic_year=YEAR_AT_ONCE, plan_items_total=3),
        lambda: rollup_write(municipality_id=beta.pk, academic_year=YEAR_AT_ONCE, plan_items_total=5),
    )
    assert waited, "the second write did not wait for the first"
    year_rows = MunicipalityDashboardRow.objects.filter(academic_year=YEAR_AT_ONCE)
    totals = dict(year_rows.values_list("municipality_id", "items_total"))
    assert (totals[alpha.pk], totals[beta.pk]) == (3, 5)
    assert set(totals) == set(Municipality.objects.exclude(schema_name="public").values_list("pk", flat=True))
    assert stored() == recomputed()


def test_a_municipality_created_while_a_year_is_filled_gets_the_year(committed_municipalities):
    """The fill of a new year waits for a municipality being created (it could not see it), so
    the municipality has its row of the year; without the lock it had none."""
    alpha, _beta = committed_municipalities
    waited = _at_once(
        lambda: Municipality.objects.create(
            schema_name="m_rows_race", slug="rows-race", name="Гонка", short_name="Г", contact_email="g@example.org"
        ),
        lambda: rollup_write(municipality_id=alpha.pk, academic_year=YEAR_AT_ONCE, plan_items_total=3),
    )
    assert waited, "the fill did not wait for the municipality"
    made = Municipality.objects.get(schema_name="m_rows_race")
    assert row_of(made, YEAR_AT_ONCE).items_total == 0 and row_of(alpha, YEAR_AT_ONCE).items_total == 3
    assert stored() == recomputed()


def test_bulk_writes_of_the_rebuilders_keep_the_rows(muni_a, muni_b):
    """The rebuilders write the roll-ups with one statement over many municipalities."""
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_total=5)
    MunicipalityYearRollup.objects.filter(academic_year="2025/2026").update(events_held=7, teachers_total=4)
    MunicipalityYearRollup.objects.bulk_create(
        [MunicipalityYearRollup(municipality=muni_b, academic_year="2025/2026", pd_up_to_date=3, teachers_total=4)]
    )
    assert (row_of(muni_a, "2025/2026").events_held, row_of(muni_b, "2025/2026").pd_coverage) == (7, 0.75)
    assert stored() == recomputed()


def test_the_rebuild_repairs_rows_that_drifted(muni_a, muni_b):
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_total=5, plan_items_done=2)
    # As a restore of the table alone, or a write with the triggers disabled, could leave it.
    MunicipalityDashboardRow.objects.filter(municipality=muni_a).update(items_done=99)
    MunicipalityDashboardRow.objects.filter(municipality=muni_b, academic_year="").delete()
    # B's zeros of a year only A wrote in (what migration 0004 fills on an installation with data).
    MunicipalityDashboardRow.objects.filter(municipality=muni_b, academic_year="2025/2026").delete()
    assert stored() != recomputed()
    (result,) = rollups_rebuild(names=["dashboard"])
    assert result.failed == 0
    assert stored() == recomputed()


def test_the_rows_hold_numbers_and_names_of_municipalities_only():
    """Region data: no person's name, no id from inside a municipality's schema."""
    names = {f.name for f in MunicipalityDashboardRow._meta.get_fields()}
    assert names == {"id", "municipality", "academic_year", *FIELDS}

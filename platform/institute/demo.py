"""Demo data of the institute's workspace (region-level; call ``demo_seed_region()`` after the
municipalities' own demo data): a few comments of ЛОИРО on Sosnovy Bor's and Luga's plans with
answers, and a few weeks of indicator snapshots so the drill-down's series is not empty.

The past snapshots are demo data: the current roll-up scaled back week by week, as if the plan had
been executed steadily. Idempotent: comments are added once; snapshots are overwritten per day.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from institute.models import IndicatorSnapshot, PlanComment
from institute.services import indicator_snapshots_take_all, plan_comment_create, plan_comment_reply
from rollups.models import MunicipalityYearRollup
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality

YEAR = AcademicYear(2025)
COMMENTS = {
    "sosnovy-bor": (
        "Просим дополнить план мероприятиями по сопровождению молодых педагогов (наставничество).",
        "Дополним: в коррекции на II полугодие добавлена Школа молодого педагога.",
    ),
    "luga": (
        "Обратите внимание на единый календарь: региональная конференция в марте совпадает с вашим семинаром.",
        "",
    ),
}
ITEM_COMMENT = "Уточните ожидаемый результат: какие методические материалы будут подготовлены?"
WEEKS = 6


def _comments(institute: User) -> None:
    for slug, (text, answer) in COMMENTS.items():
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None or PlanComment.objects.filter(municipality=municipality, text=text).exists():
            continue
        thread = plan_comment_create(
            municipality=municipality, academic_year=YEAR.start, text=text, acting_user=institute
        )
        if answer:
            head = User.objects.get(email=f"head@{slug}.example")
            plan_comment_reply(comment=thread, text=answer, acting_user=head)
    sosnovy = Municipality.objects.filter(slug="sosnovy-bor").first()
    if sosnovy is None or PlanComment.objects.filter(municipality=sosnovy, text=ITEM_COMMENT).exists():
        return
    from tenants.plans.selectors import plan_for_year, plan_items

    with tenant_context(sosnovy):
        plan = plan_for_year(academic_year=YEAR)
        item = plan_items(plan=plan).first() if plan is not None else None
        item_id, item_title = (item.pk, item.topic) if item is not None else (None, "")
    plan_comment_create(
        municipality=sosnovy,
        academic_year=YEAR.start,
        text=ITEM_COMMENT,
        plan_item_id=item_id,
        plan_item_title=item_title,
        acting_user=institute,
    )


def _snapshots() -> None:
    today = timezone.localdate()
    indicator_snapshots_take_all(today=today)
    for row in MunicipalityYearRollup.objects.filter(academic_year=YEAR.label):
        for week in range(1, WEEKS + 1):
            share = (WEEKS + 1 - week) / (WEEKS + 1)
            IndicatorSnapshot.objects.update_or_create(
                municipality_id=row.municipality_id,
                academic_year=row.academic_year,
                taken_on=today - datetime.timedelta(weeks=week),
                defaults={
                    "plan_status": row.plan_status,
                    "plan_items_total": row.plan_items_total,
                    "plan_items_done": int(row.plan_items_done * share),
                    "plan_items_moved": row.plan_items_moved,
                    "plan_items_cancelled": row.plan_items_cancelled,
                    "events_held": int(row.events_held * share),
                    "events_participants": int(row.events_participants * share),
                    "teachers_total": row.teachers_total,
                    "pd_up_to_date": row.pd_up_to_date,
                    "pd_overdue": row.pd_overdue,
                    "documents_required": row.documents_required,
                    "documents_in_force": row.documents_in_force,
                },
            )


@transaction.atomic
def demo_seed_region() -> None:
    institute = User.objects.get(email="loiro@lenobl.example")
    _comments(institute)
    _snapshots()

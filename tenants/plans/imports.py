"""The plan's items as a table for the import engine: many services keep the plan in a spreadsheet.

Every row adds an item to one plan (a draft or a plan returned for rework); the whole file is
applied or nothing, and every bad row is named with its number and reason
(``tenants.imports``). The same columns are used for the XLSX export of a plan.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ActingUser
from tenants.academic_years import Month
from tenants.imports import cells
from tenants.imports.specs import ApplyOutcome, Column, ImportPlan, ImportSpec, PlannedRow, RowAction
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist
from tenants.plans.models import AnnualPlan, Direction, ItemForm, PlanItem
from tenants.plans.rollups import plan_rollup_write

DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")


def _plan_date(value: Any) -> datetime.date | None:
    """A date of the plan: unlike a past record's date, it may lie ahead."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = cells.cell_text(value)
    if not raw:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise cells.CellError(_("Неверная дата «%(value)s»: укажите её как ДД.ММ.ГГГГ.") % {"value": raw})


class PlanItemImportSpec(ImportSpec):
    """Rows of a plan: direction, form, topic, audience, month or dates, responsible, result."""

    name = "plan-items"
    title = gettext_lazy("Мероприятия годового плана")
    model = PlanItem
    audit_action = "plan_item.import"
    export_filename = "plan"
    columns = (
        Column(
            "direction",
            gettext_lazy("Направление"),
            cells.text(max_length=255),
            required=True,
            example="Организационно-методическая деятельность",
            help=gettext_lazy("Название или код направления из справочника направлений."),
        ),
        Column("form", gettext_lazy("Форма"), cells.choice(dict(ItemForm.choices)), required=True, example="семинар"),
        Column(
            "topic",
            gettext_lazy("Содержание (тема)"),
            cells.text(max_length=500),
            required=True,
            aliases=("Содержание", "Тема", "Мероприятие"),
            example="Формирующее оценивание на уроке",
            width=50,
        ),
        Column("audience", gettext_lazy("Участники"), cells.text(max_length=300), example="учителя математики"),
        Column(
            "month",
            gettext_lazy("Месяц"),
            cells.choice({str(k): v for k, v in Month.choices}),
            example="октябрь",
            help=gettext_lazy("Месяц или дата начала — хотя бы одно из двух."),
        ),
        Column("date_start", gettext_lazy("Дата начала"), _plan_date, aliases=("Дата",), example=""),
        Column("date_end", gettext_lazy("Дата окончания"), _plan_date, example=""),
        Column(
            "responsible",
            gettext_lazy("Ответственные"),
            cells.text(max_length=300),
            help=gettext_lazy("E-mail или ФИО методиста службы; иначе сохраняется как текст."),
            example="Иванова Анна Петровна",
        ),
        Column(
            "organisation",
            gettext_lazy("Организация (площадка)"),
            cells.text(max_length=200),
            help=gettext_lazy("Краткое наименование организации из справочника."),
        ),
        Column("expected_result", gettext_lazy("Ожидаемый результат"), cells.text(max_length=500), width=40),
    )

    def __init__(self, *, plan: AnnualPlan) -> None:
        self.plan = plan
        # Uploads of one plan's import are kept apart from another plan's.
        self.name = f"plan-items-{plan.pk}"  # type: ignore[misc]

    def check_columns(self, plan: ImportPlan) -> None:
        if not self.plan.is_editable_in_place:
            plan.file_errors.append(
                _("План утверждён: мероприятия из файла добавляются только в черновик или возвращённый план.")
            )

    def resolve(self, rows: list[PlannedRow], plan: ImportPlan) -> None:
        directions = {cells.normalised(d.name): d for d in Direction.objects.all()}
        directions.update({cells.normalised(d.code): d for d in Direction.objects.all()})
        organisations = {cells.normalised(o.short_name): o for o in Organisation.objects.all()}
        methodologists: dict[str, Methodologist] = {}
        for m in Methodologist.objects.select_related("user"):
            methodologists[cells.normalised(m.user.email)] = m
            if m.user.get_full_name():
                methodologists[cells.normalised(m.user.get_full_name())] = m
        for row in rows:
            values = row.values
            direction = directions.get(cells.normalised(values["direction"]))
            if direction is None:
                row.add_error(_("Нет такого направления: «%(value)s».") % {"value": values["direction"]})
            values["direction"] = direction
            month = values.get("month")
            values["month"] = int(month) if month else None
            start, end = values.get("date_start"), values.get("date_end")
            if start and not values["month"]:
                values["month"] = start.month
            if not values["month"] and not start:
                row.add_error(_("Укажите месяц или дату начала."))
            if start and values["month"] and start.month != values["month"]:
                row.add_error(_("Месяц не совпадает с датой начала."))
            for day in (start, end):
                if day and not self.plan.year.contains(day):
                    row.add_error(
                        _("Дата %(date)s вне учебного года %(year)s.")
                        % {"date": f"{day:%d.%m.%Y}", "year": self.plan.year.label}
                    )
            if end and (not start or end < start):
                row.add_error(_("Дата окончания раньше даты начала или дата начала не указана."))
            name = values.get("organisation") or ""
            values["organisation"] = organisations.get(cells.normalised(name)) if name else None
            if name and values["organisation"] is None:
                row.add_error(_("Нет такой организации: «%(value)s».") % {"value": name})
            responsible = values.pop("responsible", "") or ""
            values["responsible"] = methodologists.get(cells.normalised(responsible)) if responsible else None
            values["responsible_text"] = "" if values["responsible"] else responsible

    def row_key(self, row: PlannedRow) -> Hashable | None:
        direction = row.values.get("direction")
        return (
            getattr(direction, "pk", None),
            cells.normalised(row.values["topic"]),
            row.values.get("month"),
            row.values.get("date_start"),
        )

    def row_label(self, row: PlannedRow) -> str:
        return str(row.values.get("topic", ""))[:120]

    def apply(self, plan: ImportPlan, *, acting_user: ActingUser) -> ApplyOutcome:
        number = (PlanItem.objects.filter(plan=self.plan).aggregate(n=Max("number"))["n"] or 0) + 1
        items = []
        for offset, row in enumerate(plan.rows_to(RowAction.CREATE)):
            values = {k: v for k, v in row.values.items() if v is not None}
            items.append(PlanItem(plan=self.plan, number=number + offset, **values))
        created = PlanItem.objects.bulk_create(items, batch_size=1000)
        plan_rollup_write(plan_id=self.plan.pk, academic_year=self.plan.academic_year)
        return ApplyOutcome(created=created, extra={"plan": self.plan.pk})

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("direction", "organisation", "responsible__user", "responsible_user")

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[Sequence[Any]]:
        for item in self.export_queryset(queryset):
            yield [
                item.direction.name,
                item.get_form_display(),
                item.topic,
                item.audience,
                str(Month(item.month).label) if item.month else "",
                item.date_start,
                item.date_end,
                item.responsible_label,
                item.organisation.short_name if item.organisation else "",
                item.expected_result,
            ]

"""The organisations table for the import engine: one row per organisation, found by its INN."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ActingUser
from tenants.imports import cells
from tenants.imports.specs import ApplyOutcome, Column, ImportPlan, ImportSpec, PlannedRow, RowAction
from tenants.organisations.inn import validate_inn
from tenants.organisations.models import Organisation, OrganisationKind

KIND_SYNONYMS = {
    "школа": OrganisationKind.SCHOOL,
    "общеобразовательная": OrganisationKind.SCHOOL,
    "ОО": OrganisationKind.SCHOOL,
    "ОУ": OrganisationKind.SCHOOL,
    "СОШ": OrganisationKind.SCHOOL,
    "ООШ": OrganisationKind.SCHOOL,
    "гимназия": OrganisationKind.SCHOOL,
    "лицей": OrganisationKind.SCHOOL,
    "ДОУ": OrganisationKind.KINDERGARTEN,
    "ДОО": OrganisationKind.KINDERGARTEN,
    "детский сад": OrganisationKind.KINDERGARTEN,
    "дошкольная": OrganisationKind.KINDERGARTEN,
    "УДО": OrganisationKind.ADDITIONAL,
    "ОДО": OrganisationKind.ADDITIONAL,
    "дополнительного образования": OrganisationKind.ADDITIONAL,
    "другая": OrganisationKind.OTHER,
    "другое": OrganisationKind.OTHER,
}


def _inn(value: Any) -> str:
    inn = cells.digits(length=10)(value)
    try:
        validate_inn(inn)
    except ValidationError as error:
        raise cells.CellError(" ".join(error.messages)) from None
    return inn


def _field_length(name: str) -> int:
    field = Organisation._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


class OrganisationImportSpec(ImportSpec):
    """Organisations by INN: a known INN updates the organisation, a new one adds it."""

    name = "organisations"
    title = gettext_lazy("Образовательные организации")
    model = Organisation
    audit_action = "organisation.import"
    export_filename = "organisations"
    columns = (
        Column(
            "inn",
            gettext_lazy("ИНН"),
            _inn,
            required=True,
            example="4714012344",
            help=gettext_lazy("10 цифр; по ИНН организация находится в реестре, новая — добавляется."),
            width=14,
        ),
        Column(
            "short_name",
            gettext_lazy("Краткое наименование"),
            cells.text(max_length=_field_length("short_name")),
            required=True,
            aliases=("Краткое название", "Сокращённое наименование"),
            example="МБОУ «СОШ № 1»",
            help=gettext_lazy("Как организацию называют в плане и в отчётах; по нему же её находит импорт педагогов."),
            width=28,
        ),
        Column(
            "full_name",
            gettext_lazy("Полное наименование"),
            cells.text(max_length=_field_length("full_name")),
            required=True,
            aliases=("Полное название", "Наименование"),
            example="Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»",
            help=gettext_lazy("Как в уставе."),
            width=60,
        ),
        Column(
            "kind",
            gettext_lazy("Тип"),
            cells.choice(dict(OrganisationKind.choices), synonyms=KIND_SYNONYMS),
            required=True,
            aliases=("Тип организации", "Вид организации"),
            example=OrganisationKind.SCHOOL.label,
            help=gettext_lazy(
                "«Общеобразовательная организация», «Дошкольная образовательная организация», «Организация "
                "дополнительного образования» или «Другая организация» (можно «школа», «ДОУ», «УДО»)."
            ),
            width=34,
        ),
        Column(
            "address",
            gettext_lazy("Адрес"),
            cells.text(max_length=_field_length("address")),
            example="188540, Ленинградская обл., г. Сосновый Бор, ул. Ленинградская, д. 1",
            width=50,
        ),
        Column(
            "head_name",
            gettext_lazy("Руководитель"),
            cells.text(max_length=_field_length("head_name")),
            aliases=("ФИО руководителя", "Директор", "Заведующий"),
            example="Иванова Мария Петровна",
            width=30,
        ),
        Column(
            "phone",
            gettext_lazy("Телефон"),
            cells.text(max_length=_field_length("phone")),
            example="+7 (81369) 2-00-00",
            width=20,
        ),
        Column(
            "email",
            gettext_lazy("E-mail"),
            cells.email,
            aliases=("Email", "Электронная почта", "Эл. почта"),
            example="school1@example.ru",
            width=26,
        ),
        Column(
            "website",
            gettext_lazy("Сайт"),
            cells.url,
            example="https://school1.example.ru",
            width=28,
        ),
        Column(
            "is_active",
            gettext_lazy("Действует"),
            cells.boolean(default=True),
            example="да",
            help=gettext_lazy("«да» или «нет»; пусто — «да»."),
            width=12,
        ),
    )

    def resolve(self, rows: list[PlannedRow], plan: ImportPlan) -> None:
        inns = {row.values["inn"] for row in rows}
        existing = {o.inn: o for o in Organisation.objects.filter(inn__in=inns)}
        for row in rows:
            row.target = existing.get(row.values["inn"])

    def row_key(self, row: PlannedRow) -> Hashable | None:
        return row.values["inn"]

    def duplicate_message(self, row: PlannedRow, first: int) -> str:
        return _("ИНН %(inn)s уже встречался в строке %(first)d.") % {"inn": row.values["inn"], "first": first}

    def row_label(self, row: PlannedRow) -> str:
        name = row.values.get("short_name") or (row.target.short_name if row.target else "")
        return f"{name} ({_('ИНН')} {row.values['inn']})"

    def apply(self, plan: ImportPlan, *, acting_user: ActingUser) -> ApplyOutcome:
        present = plan.present
        created = Organisation.objects.bulk_create(
            [Organisation(**row.values) for row in plan.rows_to(RowAction.CREATE)], batch_size=1000
        )
        updated: list[Organisation] = []
        now = timezone.now()
        for row in plan.rows_to(RowAction.UPDATE):
            organisation: Organisation = row.target
            for key in present:
                setattr(organisation, key, row.values[key])
            organisation.updated_at = now
            updated.append(organisation)
        if updated:
            Organisation.objects.bulk_update(updated, [*sorted(present), "updated_at"], batch_size=1000)
        return ApplyOutcome(created=list(created), updated=updated)

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[Sequence[Any]]:
        for o in queryset:
            yield [
                o.inn,
                o.short_name,
                o.full_name,
                o.get_kind_display(),
                o.address,
                o.head_name,
                o.phone,
                o.email,
                o.website,
                _("да") if o.is_active else _("нет"),
            ]

"""The results table of the municipal (regional, final) stage for the import engine.

A row is one named participant of one round: the year (empty: the current one), the subject
and the stage name the round, which must already be set up; the organisation by its short name
or INN; the teacher by full name among that organisation's teachers. Every row is checked with
the same rules as a form (grade of the stage, score within the maximum, a winner's or
prize-winner's score above half the maximum), so a bad row is named with its reason and the
file is applied whole or not at all. The same pupil in the same round is updated, not doubled.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ActingUser
from tenants.academic_years import AcademicYear
from tenants.imports import cells
from tenants.imports.cells import CellError, cell_text, normalised
from tenants.imports.specs import ApplyOutcome, Column, ImportPlan, ImportSpec, PlannedRow, RowAction
from tenants.olympiads.advancement import participant_advances
from tenants.olympiads.models import NAMED_STAGES, Participant, ParticipantStatus, Round, Stage, Subject
from tenants.olympiads.rollup import olympiad_rollup_refresh
from tenants.organisations.selectors import organisation_lookup
from tenants.people.models import Teacher

WRITTEN = (
    "last_name",
    "first_name",
    "middle_name",
    "grade",
    "organisation",
    "teacher",
    "score",
    "status",
    "publication_consent",
)
STATUS_SYNONYMS = {
    "победитель": "winner",
    "призер": "prize_winner",
    "призёр": "prize_winner",
    "участник": "participant",
}
STAGE_SYNONYMS = {"муниципальный": Stage.MUNICIPAL, "региональный": Stage.REGIONAL, "заключительный": Stage.FINAL}


def _grade(value: Any) -> int:
    raw = cell_text(value).removesuffix("класс").removesuffix("кл.").strip()
    if not raw.isdigit() or not 4 <= int(raw) <= 11:
        raise CellError(_("Класс — число от 4 до 11, а не «%(value)s».") % {"value": cell_text(value)})
    return int(raw)


def _score(value: Any) -> Decimal | None:
    raw = cell_text(value).replace(",", ".")
    if not raw:
        return None
    try:
        score = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("Баллы — число, а не «%(value)s».") % {"value": raw}) from None
    if score < 0 or score != score.quantize(Decimal("0.01")) or score >= 10000:
        raise CellError(
            _("Баллы — неотрицательное число с двумя знаками после запятой, а не «%(value)s».") % {"value": raw}
        )
    return score


class ParticipantImportSpec(ImportSpec):
    """Named results of a round: a known pupil of the round is updated, a new one added."""

    name = "olympiad-participants"
    title = gettext_lazy("Участники олимпиады")
    model = Participant
    audit_action = "olympiad_participant.import"
    export_filename = "olympiad-participants"
    columns = (
        Column(
            "year",
            gettext_lazy("Учебный год"),
            cells.academic_year,
            example="",
            width=12,
            help=gettext_lazy("Пусто — текущий учебный год."),
        ),
        Column(
            "subject",
            gettext_lazy("Предмет"),
            cells.choice(dict(Subject.choices)),
            required=True,
            example=Subject.MATHEMATICS.label,
            width=22,
        ),
        Column(
            "stage",
            gettext_lazy("Этап"),
            cells.choice({s: Stage(s).label for s in NAMED_STAGES}, default=Stage.MUNICIPAL, synonyms=STAGE_SYNONYMS),
            example=Stage.MUNICIPAL.label,
            width=20,
            help=gettext_lazy("Пусто — муниципальный этап."),
        ),
        Column(
            "last_name", gettext_lazy("Фамилия"), cells.text(max_length=150), required=True, example="Смирнов", width=18
        ),
        Column(
            "first_name", gettext_lazy("Имя"), cells.text(max_length=150), required=True, example="Алексей", width=14
        ),
        Column("middle_name", gettext_lazy("Отчество"), cells.text(max_length=150), example="Игоревич", width=18),
        Column("grade", gettext_lazy("Класс"), _grade, required=True, example=9, width=8),
        Column(
            "organisation",
            gettext_lazy("Организация"),
            cells.text(max_length=500),
            required=True,
            aliases=("ОО", "Образовательная организация", "Школа"),
            example="МБОУ «СОШ № 1»",
            width=26,
            help=gettext_lazy("Краткое наименование из реестра или ИНН."),
        ),
        Column(
            "teacher",
            gettext_lazy("Учитель"),
            cells.text(max_length=500),
            aliases=("Наставник", "Педагог", "ФИО учителя"),
            example="Иванова Мария Петровна",
            width=26,
            help=gettext_lazy("ФИО учителя из реестра педагогов этой организации."),
        ),
        Column("score", gettext_lazy("Баллы"), _score, aliases=("Балл", "Результат"), example="42,5", width=10),
        Column(
            "status",
            gettext_lazy("Статус"),
            cells.choice(
                dict(ParticipantStatus.choices), default=ParticipantStatus.PARTICIPANT, synonyms=STATUS_SYNONYMS
            ),
            aliases=("Статус участника",),
            example=ParticipantStatus.PARTICIPANT.label,
            width=14,
        ),
        Column(
            "publication_consent",
            gettext_lazy("Согласие на публикацию"),
            cells.boolean(default=False),
            example="да",
            width=14,
        ),
    )

    def resolve(self, rows: list[PlannedRow], plan: ImportPlan) -> None:
        rounds = {
            (r.olympiad.academic_year, r.subject, r.stage): r
            for r in Round.objects.filter(stage__in=NAMED_STAGES).select_related("olympiad")
        }
        lookup = organisation_lookup()
        teachers: dict[tuple[int, str], list[Teacher]] = {}
        for teacher in Teacher.objects.only("pk", "last_name", "first_name", "middle_name", "organisation_id"):
            teachers.setdefault((teacher.organisation_id, normalised(teacher.full_name)), []).append(teacher)
        columns = {c.key: c for c in self.columns}
        current = AcademicYear.current().start
        for row in rows:
            values = row.values
            year = values.pop("year", None) or current
            round_ = rounds.get((year, values["subject"], values.get("stage") or Stage.MUNICIPAL))
            if round_ is None:
                row.add_error(
                    _("Этап «%(stage)s» по предмету «%(subject)s» в %(year)s учебном году не заведён.")
                    % {
                        "stage": Stage(values.get("stage") or Stage.MUNICIPAL).label,
                        "subject": Subject(values["subject"]).label,
                        "year": AcademicYear(year).label,
                    },
                    columns["subject"],
                )
                continue
            values["round"] = round_
            organisation = self._organisation(row, lookup, columns["organisation"])
            if organisation is None:
                continue
            values["organisation"] = organisation
            teacher_name = values.get("teacher") or ""
            values["teacher"] = None
            if teacher_name:
                found = teachers.get((organisation.pk, normalised(teacher_name)), [])
                if len(found) != 1:
                    row.add_error(
                        _("Учитель «%(name)s» не найден в реестре педагогов организации «%(org)s».")
                        % {"name": teacher_name, "org": organisation.short_name}
                        if not found
                        else _("Педагогов «%(name)s» в организации несколько.") % {"name": teacher_name},
                        columns["teacher"],
                    )
                    continue
                values["teacher"] = found[0]
            self._rules_check(row)
        self._targets(rows)

    def _organisation(self, row: PlannedRow, lookup: Any, column: Column) -> Any:
        name = row.values["organisation"]
        if isinstance(name, str) and name.isdigit() and len(name) == 10:
            organisation = lookup.by_inn.get(name)
            if organisation is None:
                row.add_error(_("Организация с ИНН %(inn)s не найдена в реестре.") % {"inn": name}, column)
            return organisation
        organisation, count = lookup.find(name)
        if count > 1:
            row.add_error(_("Организаций «%(name)s» в реестре несколько: укажите ИНН.") % {"name": name}, column)
            return None
        if organisation is None:
            row.add_error(_("Организация «%(name)s» не найдена в реестре.") % {"name": name}, column)
        return organisation

    def _rules_check(self, row: PlannedRow) -> None:
        """The model's own rules on the row (stage's grades, score, award), as a form would check."""
        values = row.values
        participant = Participant(
            **{k: values.get(k) for k in ("round", *WRITTEN) if k != "middle_name"},
            middle_name=values.get("middle_name") or "",
        )
        try:
            participant.clean()
        except ValidationError as error:
            headers = {c.key: c for c in self.columns}
            for key, messages in error.message_dict.items():
                for message in messages:
                    row.add_error(message, headers.get("subject" if key == "round" else key))

    def _targets(self, rows: list[PlannedRow]) -> None:
        good = [row for row in rows if not row.errors]
        round_ids = {row.values["round"].pk for row in good}
        existing = {
            self._key(p.round_id, p.last_name, p.first_name, p.middle_name, p.organisation_id, p.grade): p
            for p in Participant.objects.filter(round_id__in=round_ids)
        }
        for row in good:
            row.target = existing.get(self.row_key(row))

    @staticmethod
    def _key(round_id: int, last: str, first: str, middle: str, organisation_id: int, grade: int) -> Hashable:
        return round_id, normalised(last), normalised(first), normalised(middle or ""), organisation_id, grade

    def row_key(self, row: PlannedRow) -> Hashable | None:
        v = row.values
        return self._key(
            v["round"].pk, v["last_name"], v["first_name"], v.get("middle_name") or "", v["organisation"].pk, v["grade"]
        )

    def duplicate_message(self, row: PlannedRow, first: int) -> str:
        return _("Тот же участник этого этапа уже есть в строке %(first)d.") % {"first": first}

    def row_label(self, row: PlannedRow) -> str:
        v = row.values
        return f"{v['last_name']} {v['first_name']}, {v['grade']} кл. — {v['round']}"

    def _new(self, row: PlannedRow, key: str) -> Any:
        value = row.values.get(key)
        if key == "middle_name":
            return value or ""
        if key in ("organisation", "teacher"):
            return value.pk if value is not None else None
        return value

    def row_changes(self, row: PlannedRow, plan: ImportPlan) -> list[str]:
        headers = {c.key: str(c.header) for c in self.columns}
        target = row.target
        return [
            headers[key]
            for key in WRITTEN
            if (key in plan.present or key == "organisation")
            and getattr(target, f"{key}_id" if key in ("organisation", "teacher") else key) != self._new(row, key)
        ]

    def apply(self, plan: ImportPlan, *, acting_user: ActingUser) -> ApplyOutcome:
        fields = [key for key in WRITTEN if key in plan.present or key == "organisation"]
        created: list[Participant] = []
        for row in plan.rows_to(RowAction.CREATE):
            participant = Participant(
                round=row.values["round"], **{k: self._value(row, k) for k in WRITTEN if k in plan.present}
            )
            participant.advances = participant_advances(participant)
            created.append(participant)
        created = Participant.objects.bulk_create(created, batch_size=1000)
        updated: list[Participant] = []
        for row in plan.rows_to(RowAction.UPDATE):
            participant = row.target
            for key in fields:
                setattr(participant, key, self._value(row, key))
            participant.advances = participant_advances(participant)
            updated.append(participant)
        Participant.objects.bulk_update(updated, [*fields, "advances"], batch_size=1000)
        olympiad_rollup_refresh()
        return ApplyOutcome(created=created, updated=updated)

    def _value(self, row: PlannedRow, key: str) -> Any:
        value = row.values.get(key)
        return (value or "") if key == "middle_name" else value

    def export_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("round__olympiad", "organisation", "teacher")

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[Sequence[Any]]:
        for p in queryset:
            yield [
                p.round.olympiad.year.label,
                p.round.get_subject_display(),
                p.round.get_stage_display(),
                p.last_name,
                p.first_name,
                p.middle_name,
                p.grade,
                p.organisation.short_name,
                p.teacher.full_name if p.teacher else "",
                p.score,
                p.get_status_display(),
                _("да") if p.publication_consent else _("нет"),
            ]

"""Reading one cell: what a spreadsheet or a CSV file holds, turned into a Python value.

Each parser takes the raw cell (``str``, ``int``, ``float``, ``datetime``, ``None``) and returns
the value or raises :class:`CellError` with a Russian message that names the value. Empty cells
reach a parser only in optional columns; required ones are checked by the engine first.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tenants.academic_years import AcademicYear

Parser = Callable[[Any], Any]

DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y")
EARLIEST_DATE = datetime.date(1940, 1, 1)
LIST_SEPARATORS = re.compile(r"[;,\n]+")
_SPACES = re.compile(r"\s+")


class CellError(Exception):
    """A cell that cannot be read; ``message`` is Russian and shown next to the row number."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def cell_text(value: Any) -> str:
    """The cell as text: trimmed, single-spaced; whole numbers without ``.0``; dates as ДД.ММ.ГГГГ."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return _SPACES.sub(" ", str(value).replace("\xa0", " ")).strip()


def normalised(text: str) -> str:
    """A key to compare names by: case, «ё», quotes and spacing do not matter."""
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"[«»\"'“”„]", "", text)
    return _SPACES.sub(" ", text).strip()


def text(*, max_length: int) -> Parser:
    def parse(value: Any) -> str:
        result = cell_text(value)
        if len(result) > max_length:
            raise CellError(
                _("Слишком длинное значение: %(length)d знаков, допускается не больше %(limit)d.")
                % {"length": len(result), "limit": max_length}
            )
        return result

    return parse


def date(value: Any) -> datetime.date | None:
    """A date from a date cell or from text like 01.09.2021 or 2021-09-01; not in the future."""
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    else:
        raw = cell_text(value)
        if not raw:
            return None
        for fmt in DATE_FORMATS:
            try:
                result = datetime.datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise CellError(_("Неверная дата «%(value)s»: укажите её как ДД.ММ.ГГГГ.") % {"value": raw})
    if result > timezone.localdate():
        raise CellError(_("Дата %(value)s ещё не наступила.") % {"value": result.strftime("%d.%m.%Y")})
    if result < EARLIEST_DATE:
        raise CellError(_("Неправдоподобная дата %(value)s.") % {"value": result.strftime("%d.%m.%Y")})
    return result


def academic_year(value: Any) -> int | None:
    """«2025/2026» (or «2025-2026») as its first year; empty as None (the caller's default)."""
    raw = cell_text(value)
    if not raw:
        return None
    try:
        return AcademicYear.parse(raw).start
    except ValidationError:
        raise CellError(_("Учебный год «%(value)s» не распознан: пишите как 2025/2026.") % {"value": raw}) from None


def choice(
    labels: Mapping[str, Any], *, default: str | None = None, synonyms: Mapping[str, str] | None = None
) -> Parser:
    """One of the choices, by its label, its code or a synonym; the error lists the labels.

    ``labels`` maps each code to its Russian label (``dict(SomeChoices.choices)``); labels are
    read when the first cell is, so lazy translations stay lazy until then.
    """

    @functools.cache
    def accepted() -> dict[str, str]:
        # Files are filled in Russian whatever language the admin is shown in.
        table: dict[str, str] = {}
        with translation.override("ru"):
            for code, label in labels.items():
                table[normalised(str(label))] = code
                table[normalised(code)] = code
        for synonym, code in (synonyms or {}).items():
            table[normalised(synonym)] = code
        return table

    def parse(value: Any) -> str | None:
        raw = cell_text(value)
        if not raw:
            return default
        key = normalised(raw).rstrip(".")
        code = accepted().get(key)
        if code is None:  # the label in the language the admin is shown in
            code = next((c for c, label in labels.items() if normalised(str(label)) == key), None)
        if code is None:
            raise CellError(
                _("Значение «%(value)s» не подходит; допустимы: %(allowed)s.")
                % {"value": raw, "allowed": ", ".join(f"«{label}»" for label in labels.values())}
            )
        return code

    return parse


def boolean(*, default: bool) -> Parser:
    yes = {"да", "д", "yes", "y", "1", "true", "истина", "+", "действует"}
    no = {"нет", "н", "no", "n", "0", "false", "ложь", "-", "не действует"}

    def parse(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        raw = normalised(cell_text(value))
        if not raw:
            return default
        if raw in yes:
            return True
        if raw in no:
            return False
        raise CellError(_("Ожидается «да» или «нет», а не «%(value)s».") % {"value": cell_text(value)})

    return parse


def email(value: Any) -> str:
    raw = cell_text(value).lower()
    if not raw:
        return ""
    try:
        EmailValidator()(raw)
    except ValidationError:
        raise CellError(_("Неверный адрес e-mail «%(value)s».") % {"value": raw}) from None
    return raw


def url(value: Any) -> str:
    raw = cell_text(value)
    if not raw:
        return ""
    candidate = raw if "://" in raw else f"https://{raw}"
    try:
        URLValidator()(candidate)
    except ValidationError:
        raise CellError(_("Неверный адрес сайта «%(value)s».") % {"value": raw}) from None
    return candidate


def name_list(*, max_length: int) -> Parser:
    """Names separated by «;», «,» or line breaks, each once, in the order given."""

    def parse(value: Any) -> list[str]:
        names: list[str] = []
        seen: set[str] = set()
        for part in LIST_SEPARATORS.split(cell_text(value)):
            name = part.strip()
            if not name or normalised(name) in seen:
                continue
            if len(name) > max_length:
                raise CellError(
                    _("Слишком длинное название «%(value)s…»: допускается не больше %(limit)d знаков.")
                    % {"value": name[:30], "limit": max_length}
                )
            seen.add(normalised(name))
            names.append(name)
        return names

    return parse


def digits(*, length: int) -> Parser:
    """A code of digits (ИНН, ОГРН…): a number cell gets its leading zeros back."""

    def parse(value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return cell_text(value).zfill(length)
        return cell_text(value).replace(" ", "")

    return parse

"""The academic year (учебный год): 1 September to 31 August, named like ``2025/2026``.

Stored as the year it starts in; :class:`AcademicYearField` keeps that integer in the database
and validates the range.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

YEAR_RE = re.compile(r"^\s*(\d{4})\s*[/\-–]\s*(\d{4})\s*$")


class Month(models.IntegerChoices):
    """Months in the order of the academic year."""

    SEPTEMBER = 9, _("сентябрь")
    OCTOBER = 10, _("октябрь")
    NOVEMBER = 11, _("ноябрь")
    DECEMBER = 12, _("декабрь")
    JANUARY = 1, _("январь")
    FEBRUARY = 2, _("февраль")
    MARCH = 3, _("март")
    APRIL = 4, _("апрель")
    MAY = 5, _("май")
    JUNE = 6, _("июнь")
    JULY = 7, _("июль")
    AUGUST = 8, _("август")


# The months of an academic year, in its order (September first).
ACADEMIC_MONTHS: tuple[int, ...] = tuple(Month.values)


@dataclass(frozen=True, order=True)
class AcademicYear:
    start: int

    @property
    def label(self) -> str:
        return f"{self.start}/{self.start + 1}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start, 9, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start + 1, 8, 31)

    def next(self) -> AcademicYear:
        return AcademicYear(self.start + 1)

    def previous(self) -> AcademicYear:
        return AcademicYear(self.start - 1)

    def contains(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    def __str__(self) -> str:
        return self.label

    @classmethod
    def of(cls, day: datetime.date) -> AcademicYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def current(cls) -> AcademicYear:
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, text: str) -> AcademicYear:
        """``2025/2026`` (or ``2025-2026``) → AcademicYear(2025); a clear error otherwise."""
        match = YEAR_RE.match(text or "")
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            raise ValidationError(
                _("Учебный год указывается как «2025/2026»: два соседних года."), code="academic_year"
            )
        return cls(int(match.group(1)))


def academic_year_choices(
    *, around: AcademicYear | None = None, before: int = 3, after: int = 2
) -> list[tuple[int, str]]:
    centre = around or AcademicYear.current()
    return [(y, AcademicYear(y).label) for y in range(centre.start - before, centre.start + after + 1)]


class AcademicYearField(models.PositiveSmallIntegerField):
    """The academic year by its first calendar year (2025 for 2025/2026)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("validators", [MinValueValidator(2000), MaxValueValidator(2100)])
        kwargs.setdefault("help_text", _("Год начала учебного года: 2025 для 2025/2026."))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

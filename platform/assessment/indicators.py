"""The indicators of assessment results, computed from counts — never from pupils.

One arithmetic for everyone: a municipality's organisation, the municipality, and the region's
roll-ups (the institute) all add :class:`ResultCounts` and read the same indicators:

* share of «2» — participants marked «2» over participants with marks;
* quality (качество знаний) — marked «4» or «5» over participants with marks;
* success (успеваемость) — marked «3», «4» or «5»; for a procedure with scores (ЕГЭ), those at or
  above the minimum score;
* mean — the mean mark (2–5), or the mean score for a procedure with scores;
* raised share — for ВПР, the participants whose mark for the work is above the journal's.

Shares are exact fractions (so a flag at 25 % is raised at exactly 25 %, not at 24.96 % that
rounds to 25.0); :func:`percent` rounds one for display.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def _share(part: int | Decimal, whole: int) -> Fraction | None:
    return Fraction(part) / whole if whole else None


def percent(share: Fraction | None, places: int = 1) -> Decimal | None:
    """A share (0..1) as a percentage rounded half up, e.g. Fraction(1, 3) → Decimal('33.3')."""
    if share is None:
        return None
    exponent = Decimal(1).scaleb(-places)
    value = Decimal(share.numerator * 100) / Decimal(share.denominator)
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


def rounded(value: Fraction | None, places: int = 2) -> Decimal | None:
    if value is None:
        return None
    exponent = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ResultCounts:
    """Counts of one or many result rows; add them with ``+``.

    ``marks_participants`` are the participants of rows written as marks, ``score_participants``
    those of rows written as scores (``score_sum`` = mean score × participants, summed), and
    ``journal_participants`` those of rows with the journal comparison.
    """

    participants: int = 0
    marks_participants: int = 0
    marks_2: int = 0
    marks_3: int = 0
    marks_4: int = 0
    marks_5: int = 0
    score_participants: int = 0
    score_sum: Decimal = Decimal(0)
    below_minimum: int = 0
    journal_participants: int = 0
    journal_lowered: int = 0
    journal_confirmed: int = 0
    journal_raised: int = 0

    def __add__(self, other: ResultCounts) -> ResultCounts:
        # By position, over names read once: the flags add thousands of these per recount.
        return ResultCounts(*(getattr(self, name) + getattr(other, name) for name in _COUNT_NAMES))

    @classmethod
    def total(cls, many: list[ResultCounts]) -> ResultCounts:
        result = cls()
        for counts in many:
            result = result + counts
        return result

    @property
    def is_empty(self) -> bool:
        return self.participants == 0

    @property
    def share_2(self) -> Fraction | None:
        return _share(self.marks_2, self.marks_participants)

    @property
    def quality(self) -> Fraction | None:
        return _share(self.marks_4 + self.marks_5, self.marks_participants)

    @property
    def success(self) -> Fraction | None:
        if self.marks_participants:
            return _share(self.marks_3 + self.marks_4 + self.marks_5, self.marks_participants)
        return _share(self.score_participants - self.below_minimum, self.score_participants)

    @property
    def below_minimum_share(self) -> Fraction | None:
        return _share(self.below_minimum, self.score_participants)

    @property
    def mean(self) -> Fraction | None:
        """The mean mark (2–5) where there are marks, else the mean score."""
        if self.marks_participants:
            total = 2 * self.marks_2 + 3 * self.marks_3 + 4 * self.marks_4 + 5 * self.marks_5
            return Fraction(total, self.marks_participants)
        return _share(self.score_sum, self.score_participants)

    @property
    def raised_share(self) -> Fraction | None:
        return _share(self.journal_raised, self.journal_participants)

    @property
    def distribution(self) -> tuple[Fraction, Fraction, Fraction, Fraction] | None:
        """Shares of «2», «3», «4», «5» among participants with marks."""
        whole = self.marks_participants
        if not whole:
            return None
        return (
            Fraction(self.marks_2, whole),
            Fraction(self.marks_3, whole),
            Fraction(self.marks_4, whole),
            Fraction(self.marks_5, whole),
        )


_COUNT_NAMES = tuple(f.name for f in fields(ResultCounts))


def distribution_distance(a: ResultCounts, b: ResultCounts) -> Fraction | None:
    """Half the sum of the absolute differences of the shares of «2»–«5» (0 = the same, 1 = disjoint)."""
    first, second = a.distribution, b.distribution
    if first is None or second is None:
        return None
    return sum((abs(x - y) for x, y in zip(first, second, strict=True)), Fraction(0)) / 2


@dataclass(frozen=True)
class IndicatorValues:
    """The indicators of some counts as rounded numbers (percentages and a mean), for screens and files."""

    participants: int
    share_2: Decimal | None
    quality: Decimal | None
    success: Decimal | None
    mean: Decimal | None
    below_minimum_share: Decimal | None
    raised_share: Decimal | None

    @classmethod
    def of(cls, counts: ResultCounts) -> IndicatorValues:
        return cls(
            participants=counts.participants,
            share_2=percent(counts.share_2),
            quality=percent(counts.quality),
            success=percent(counts.success),
            mean=rounded(counts.mean),
            below_minimum_share=percent(counts.below_minimum_share),
            raised_share=percent(counts.raised_share),
        )

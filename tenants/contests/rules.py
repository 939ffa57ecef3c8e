"""The contest's rules as pure functions (each tested at its edge, ``tests/tenants/contests/test_rules.py``).

* A mark is from 0 to its criterion's maximum (the contest's regulation sets the maximum).
* A participant's total is the sum of every juror's marks on every criterion; results are worked
  out only when every sheet is complete (each juror, each admitted participant, each criterion),
  so every total counts the same number of marks.
* Ranking is within the nomination (the whole contest when it has none): a higher total ranks
  higher; equal totals are split by the jury's decision recorded in the protocol (``tie_break``,
  higher first); still equal, they share the place (1, 2, 2, 4).
* The first place is the winner, the next ``prize_places`` places are prize-winners (those sharing
  a place share its title), the rest are participants. Two sharing the first place is for the jury
  to decide: the results are not published until it has (our choice: one winner per nomination).
* The winner of each nomination goes on to the regional stage (the municipality's delegate); at
  the regional and federal stages only those who went on from the stage before have a result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

WINNER, PRIZE_WINNER, PARTICIPANT = "winner", "prize_winner", "participant"


def mark_problem(value: Decimal | None, max_score: Decimal) -> str | None:
    """Why ``value`` is not a valid mark for a criterion with ``max_score`` (None: it is)."""
    if value is None:
        return _("Поставьте балл.")
    if value < 0:
        return _("Балл не может быть отрицательным.")
    if value > max_score:
        return _("Балл больше максимального по критерию (%(max)s).") % {"max": f"{max_score:g}"}
    return None


@dataclass(frozen=True)
class Entry:
    key: Hashable
    group: Hashable  # the nomination (None when the contest has none)
    total: Decimal
    tie_break: int = 0


@dataclass(frozen=True)
class Outcome:
    rank: int
    result: str
    advances: bool


def ranks(entries: Iterable[Entry]) -> dict[Hashable, int]:
    """Competition ranking within each group: (total, tie_break) descending; equals share a place."""
    by_group: dict[Hashable, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_group[entry.group].append(entry)
    ranked: dict[Hashable, int] = {}
    for group in by_group.values():
        group.sort(key=lambda e: (e.total, e.tie_break), reverse=True)
        previous: tuple[Decimal, int] | None = None
        place = 0
        for position, entry in enumerate(group, start=1):
            if (entry.total, entry.tie_break) != previous:
                place, previous = position, (entry.total, entry.tie_break)
            ranked[entry.key] = place
    return ranked


def outcomes(entries: Iterable[Entry], *, prize_places: int) -> dict[Hashable, Outcome]:
    """Each participant's place, title and whether they go on to the regional stage."""
    entries = list(entries)
    placed = ranks(entries)
    found = {}
    for entry in entries:
        rank = placed[entry.key]
        if rank == 1:
            result = WINNER
        elif rank <= 1 + prize_places:
            result = PRIZE_WINNER
        else:
            result = PARTICIPANT
        found[entry.key] = Outcome(rank=rank, result=result, advances=result == WINNER)
    return found


def shared_first_places(entries: Iterable[Entry]) -> list[Hashable]:
    """The groups in which more than one participant holds the first place (the jury must decide)."""
    entries = list(entries)
    placed = ranks(entries)
    firsts: dict[Hashable, int] = defaultdict(int)
    for entry in entries:
        if placed[entry.key] == 1:
            firsts[entry.group] += 1
    return [group for group, count in firsts.items() if count > 1]


def sheets_missing(
    *, jurors: Iterable[Hashable], participants: Iterable[Hashable], criteria: Iterable[Hashable],
    marked: Iterable[tuple[Hashable, Hashable, Hashable]],
) -> dict[Hashable, int]:  # fmt: skip
    """Marks still missing per juror: every juror scores every participant on every criterion."""
    jurors, participants, criteria = list(jurors), list(participants), list(criteria)
    done: dict[Hashable, int] = defaultdict(int)
    wanted = {(p, c) for p in participants for c in criteria}
    for juror, participant, criterion in marked:
        if (participant, criterion) in wanted:
            done[juror] += 1
    expected = len(wanted)
    return {juror: expected - done[juror] for juror in jurors if expected - done[juror] > 0}


def may_have_result(*, level: str, previous_advances: bool | None) -> bool:
    """At the regional and federal stages only those who went on from the stage before have a result."""
    if level == "municipal":
        return True
    return bool(previous_advances)

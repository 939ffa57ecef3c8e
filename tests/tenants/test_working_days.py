"""Working days of the Russian production calendar (tenants.working_days).

Expected dates are counted by hand from the Government's decrees on moving days off:
No. 1335 of 04.10.2024 (2025: Saturday 1 November worked for Monday 3 November; 2 and 8 May,
31 December off) and No. 1466 of 24.09.2025 (2026: 3 January to 9 January, 4 January to
31 December; no working Saturday). 2026 has no working Saturday, hence the 2024 and 2025 cases.
"""

import datetime

import pytest

from tenants.working_days import working_day_is, working_days_after, working_days_before

D = datetime.date


def test_weekends_are_skipped_when_no_holiday_is_near():
    friday = D(2025, 10, 3)
    assert working_days_after(friday, 1) == D(2025, 10, 6)
    assert working_days_after(friday, 10) == D(2025, 10, 17)
    assert working_days_after(D(2025, 10, 4), 1) == D(2025, 10, 6)  # from a Saturday


def test_new_year_holidays_and_the_moved_days_off():
    # Off from Wednesday 31.12.2025 (moved from 5 January 2025) to Sunday 11.01.2026, 9 January
    # included (moved from Saturday 3 January); 12 January is the first working day.
    assert [working_day_is(D(2025, 12, 30)), working_day_is(D(2025, 12, 31))] == [True, False]
    assert not any(working_day_is(D(2026, 1, day)) for day in range(1, 12))
    assert working_day_is(D(2026, 1, 12))
    assert working_days_after(D(2025, 12, 29), 10) == D(2026, 1, 22)  # Monday to Friday: 12.01.2026
    assert working_days_after(D(2025, 12, 30), 1) == D(2026, 1, 12)
    assert working_days_before(D(2026, 1, 12), 1) == D(2025, 12, 30)
    # 31 December 2026 is off too (moved from Sunday 4 January 2026).
    assert working_days_after(D(2026, 12, 30), 1) == D(2027, 1, 11)


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        # 2025: 1–4 May off (2 May moved from 4 January), 5–7 worked, 8–11 off (8 May moved from
        # 23 February). Monday to Friday alone: 14.05.2025.
        (D(2025, 4, 30), D(2025, 5, 20)),
        # 2026: 1–3 May and 9–11 May off (11 May for Victory Day on a Saturday). Monday to Friday
        # alone: 14.05.2026.
        (D(2026, 4, 30), D(2026, 5, 18)),
    ],
)
def test_may_holidays(submitted, due):
    assert working_days_after(submitted, 10) == due


def test_a_working_saturday_counts_and_its_monday_does_not():
    assert working_day_is(D(2025, 11, 1))  # Saturday, worked for Monday 3 November
    assert not working_day_is(D(2025, 11, 3)) and not working_day_is(D(2025, 11, 4))
    assert working_days_after(D(2025, 10, 31), 1) == D(2025, 11, 1)
    assert working_days_after(D(2025, 10, 31), 10) == D(2025, 11, 17)  # Monday to Friday: 14.11.2025
    assert working_days_before(D(2025, 11, 5), 1) == D(2025, 11, 1)
    # 2024 had three: 27 April, 2 November, 28 December.
    assert all(working_day_is(day) for day in (D(2024, 4, 27), D(2024, 11, 2), D(2024, 12, 28)))
    assert not working_day_is(D(2025, 11, 8))  # an ordinary Saturday


def test_before_and_after_are_inverse_over_a_year_of_holidays():
    day = D(2025, 12, 1)
    for _ in range(120):
        later = working_days_after(day, 10)
        assert working_days_before(later, 10) == day
        day = working_days_after(day, 1)

"""One reader of saved dates (coach.dates.day) for Today, the sheet, the people screen and
the date formats: a follow-up saved with a time of day is the same day everywhere."""

from __future__ import annotations

import datetime as dt

import pytest

from coach import dates, i18n
from coach.dates import day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("2026-11-20T09:00", dt.date(2026, 11, 20)),
        ("2026-11-20 09:00:00+01:00", dt.date(2026, 11, 20)),
        ("2026-11-20T23:30:00Z", dt.date(2026, 11, 20)),
        ("2026-11-20xyz", None),
        ("2026-11-20T25:00", None),
        ("2026-02-30", None),
        ("20.11.2026", None),
        ("", None),
        (None, None),
        (20261120, None),
    ],
)
def test_a_saved_date_is_read_one_way(value: object, expected: dt.date | None) -> None:
    assert day(value) == expected


def test_the_date_formats_read_saved_dates_the_same_way() -> None:
    assert i18n.format_date("2026-11-20T09:00", "de") == "20.11.2026"
    assert i18n.show_date("2026-11-20T09:00", "en") == "2026-11-20"
    # What day() refuses is no date on the screen either, not a date cut out of it.
    assert i18n.show_date("2026-11-20xyz", "en") == i18n.catalog("en")["value.not_a_date"]


def test_a_day_no_month_has_is_said_for_the_year_it_was_meant_in() -> None:
    """31.02. typed for a break on 7 December: next February has 28 days (the message
    named this year's, which is over)."""
    import datetime as dt

    import pytest

    from coach.domain.answers import InvalidValue, parse_date

    base = dt.date(2026, 12, 7)
    for prefer, year in (("ahead", 2027), ("near", 2027), ("back", 2026)):
        with pytest.raises(InvalidValue, match=f"February {year} has 28 days"):
            parse_date("31.02.", base, prefer)  # type: ignore[arg-type]


def test_a_day_moved_stays_within_the_calendar() -> None:
    """A break "until 9999-12-31" has no day after it: the last day stands for it."""
    assert dates.later(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 1)
    assert dates.later(dt.date.max, 1) == dt.date.max
    assert dates.later(dt.date(9999, 12, 20), 30) == dt.date.max
    assert dates.later(dt.date.min, -1) == dt.date.min


def test_no_days_finds_the_days_that_are_none_and_passes_notes_over() -> None:
    found = dates.no_days(
        {"people": [{"follow_up": "2026-02-30", "note": "2026-02-30 call"}], "x": "2026-13-01"}
    )
    assert found == ["2026-02-30", "2026-13-01"]
    assert dates.no_days(["2026-02-28", None, 3, {"d": "2024-02-29"}]) == []


@pytest.mark.parametrize(
    ("kept", "en", "de"),
    [
        ("1990-04-15", "15 April 1990", "15. April 1990"),
        ("--04-15", "15 April", "15. April"),
        ("--02-29", "29 February", "29. Februar"),
    ],
)
def test_a_birthday_is_said_in_words(kept: str, en: str, de: str) -> None:
    """The person page said "Birthday: --04-15", the form it is kept in."""
    assert (i18n.birthday_text(kept, "en"), i18n.birthday_text(kept, "de")) == (en, de)


def test_a_birthday_is_shown_in_a_german_form_as_typed_there() -> None:
    assert [i18n.birthday_typed(v, "de") for v in ("1990-04-15", "--04-15")] == [
        "15.04.1990",
        "15.04.",
    ]
    assert [i18n.birthday_typed(v, "en") for v in ("1990-04-15", "--04-15")] == [
        "1990-04-15",
        "15.04.",
    ]

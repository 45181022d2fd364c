"""The one today and the one reader of saved dates, for every layer (the domain, the sheet,
the CLI, the UI and :mod:`coach.i18n`'s date formats alike).

A saved date is ``YYYY-MM-DD``; a hand-edited or imported file may add a time to it
("2026-11-20T09:00", "2026-11-20 09:00:00+01:00"), which is the same day. Anything else
(empty, odd, impossible) is no date. Nothing here imports the rest of the coach.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# A saved day's shape, digits in place (the schema's pattern too). A day of that shape that
# is no day ("2026-02-30", hand-edited) is kept as written; ``day`` reads it as no date.
DAY_PATTERN = r"^\d{4}-\d\d-\d\d$"
DAY_SHAPE = re.compile(DAY_PATTERN)


def local_today() -> dt.date:
    """Today's date where the user is (one place, so tests can set it:
    ``monkeypatch.setattr("coach.dates.local_today", ...)``)."""
    return dt.date.today()


def later(on: dt.date, days: int) -> dt.date:
    """``on`` moved by ``days`` (earlier when negative), within the calendar: a break "until
    9999-12-31" has no day after it, so its last day stands for any later one."""
    try:
        return on + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def day(value: Any) -> dt.date | None:
    """A saved date as a date: ``YYYY-MM-DD``, or that followed by a time of day (the day
    as written, whatever the time or its zone); anything else is None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        if value[10] not in "T ":
            return None
        dt.datetime.fromisoformat(value)  # the time must be one too
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def no_days(value: Any) -> list[str]:
    """The texts in ``value`` (lists and dicts looked into) written as a day that is none,
    "2026-02-30" (a hand-edited file): kept as written, read as no date; said on import."""
    if isinstance(value, str):  # (a note that begins with a date is a note)
        return [value] if DAY_SHAPE.match(value) is not None and day(value) is None else []
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return [found for item in items for found in no_days(item)]

"""A saved state for Today and the log dialog: people due in the past, today and later,
dated relative to the day the test runs (``coach.dates.local_today``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach.data.progress import Progress
from coach.data.store import Store

TODAY = dt.date.today()


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


def seed(data_dir: Path, *, steps_seen: bool = True, quiet: int = 0, **extra: object) -> Progress:
    """Ada overdue by 5 days, Ben due today, Cleo in 10 days; Dora last contacted 100 days
    ago (close: every 30 days); ``quiet`` more close people last contacted long ago; an
    event in 5 days."""
    progress = Progress()
    progress.welcome_seen = steps_seen
    progress.answers["strategy/people"] = [
        {
            "id": "p-ada",
            "name": "Ada Lovelace",
            "circle": "colleagues",
            "closeness": "warm",
            "follow_up": days(-5),
        },
        {"id": "p-ben", "name": "Ben [b]Bold[/b]", "circle": "friends", "follow_up": days(0)},
        {"id": "p-cleo", "name": "Cleo Future", "circle": "colleagues", "follow_up": days(10)},
        {"id": "p-dora", "name": "Dora Quiet", "circle": "colleagues", "closeness": "close"},
    ] + [
        {"id": f"p-q{n}", "name": f"Quiet {n}", "circle": "colleagues", "closeness": "close"}
        for n in range(quiet)
    ]
    progress.contacts = [
        {"id": "c-1", "person": "p-dora", "date": days(-100), "kind": "call", "at": days(-100)}
    ] + [
        {"id": f"c-q{n}", "person": f"p-q{n}", "date": days(-60), "kind": "call"}
        for n in range(quiet)
    ]
    progress.answers["fun/offline_events"] = [
        {"id": "e-1", "name": "Meetup in Köln", "date": days(5)},
    ]
    for key, value in extra.items():
        setattr(progress, key, value)
    Store(data_dir).save(progress)
    return progress

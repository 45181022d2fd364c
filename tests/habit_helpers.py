"""What the habit tests share: a fixed today (a Friday), the content's people list and
weekly target, a day counted from today, a saved state, and eleven people long overdue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store

TODAY = dt.date(2026, 11, 27)  # a Friday
PEOPLE = "strategy/people"
TARGET = "posting/weekly_target"


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def save(home: Path, people: list[dict[str, Any]], **answers: Any) -> None:
    progress = Progress(language="en")
    progress.answers[PEOPLE] = people
    progress.answers.update(answers)
    Store(home).save(progress)


def saved_people(home: Path) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in Book(home).load().answers[PEOPLE]}


CIRCLES = ["colleagues", "friends", "acquaintances", "field", "outside"]


def eleven_overdue() -> list[dict[str, Any]]:
    return [
        {
            "id": f"p{i}",
            "name": f"Person {i:02d}",
            "circle": CIRCLES[i % len(CIRCLES)],
            "follow_up": day(-30 - 3 * i),  # 30 to 60 days overdue
            "next_step": "Say hello",
        }
        for i in range(11)
    ]

"""The state the ``coach today`` and ``coach log`` tests build around a fixed today (a
Friday): people due, late and later, events and posts of the coming weeks, logged contacts;
and ``today --json`` read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from coach.data.progress import Progress
from coach.data.store import Store

TODAY = dt.date(2026, 11, 27)  # a Friday
PEOPLE = "strategy/people"
EVENTS = "fun/offline_events"
POSTS = "posting/posts"


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def person(pid: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "name": name, **fields}


def save(home: Path, **answers: Any) -> Progress:
    progress = Progress(language="en")
    for key, value in answers.items():
        progress.answers[key.replace("__", "/")] = value
    Store(home).save(progress)
    return progress


def state(home: Path, contacts: list[dict[str, Any]] | None = None) -> None:
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [
        person("p-late", "Jana Krüger", circle="colleagues", follow_up=day(-7), next_step="Ask"),
        person("p-now", "Tom Weber", circle="field", closeness="loose", follow_up=day(0)),
        person("p-later", "Priya Natarajan", circle="friends", follow_up=day(5)),
        person("p-old", "Sam Okafor", circle="colleagues", closeness="warm"),
        person("p-fresh", "Lea Braun", circle="colleagues", closeness="close"),
        person("p-new", "Imported Person", circle="unsorted"),
    ]
    progress.answers[EVENTS] = [
        {"id": "e1", "name": "UX meetup", "date": day(5)},
        {"id": "e2", "name": "Far away", "date": day(30)},
        {"id": "e3", "name": "Last week", "date": day(-3)},
    ]
    progress.answers[POSTS] = [
        {"id": "q1", "topic": "What tickets taught me", "planned_on": day(4)},
        {"id": "q2", "topic": "Already out", "planned_on": day(2), "posted_on": day(-1)},
    ]
    progress.contacts = contacts or [
        {"id": "c1", "person": "p-old", "date": day(-100), "kind": "message"},
        {"id": "c2", "person": "p-fresh", "date": day(-3), "kind": "call"},
        {"id": "c3", "person": "ghost", "date": day(-1), "kind": "met", "note": "kept"},
    ]
    Store(home).save(progress)


def today_json(run_cli: Any, home: Path | None = None) -> dict[str, Any]:
    result = run_cli("today", "--json", home=home)
    assert result.code == 0, result.err
    return json.loads(result.out)

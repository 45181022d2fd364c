"""Shared helpers for the strategy sheet tests."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

from coach.content.course import Course
from coach.content.loader import load_course
from coach.data.progress import Progress
from coach.data.progress_schema import validate

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sheet"
TODAY = dt.date(2026, 5, 4)


def course() -> Course:
    return load_course(CONTENT)


def progress(name: str) -> Progress:
    return validate(json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


HOSTILE = "**x** [Name] <script>alert(1)</script> a|b"


def hostile_progress() -> Progress:
    """A state whose every user text tries to be markup."""
    p = progress("full")
    answers = dict(p.answers)
    answers["why/name"] = HOSTILE
    answers["why/my_why"] = f"{HOSTILE}\n# not a heading\n1. not a list\n---"
    people = [dict(r) for r in answers["strategy/people"]]
    people[0]["name"] = HOSTILE
    people[0]["next_step"] = "`code` & &amp; _under_ ~~strike~~ ![img](http://x.test/a.png)"
    answers["strategy/people"] = people
    copied = copy.copy(p)
    copied.answers = answers
    return copied

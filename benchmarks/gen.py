"""Generated inputs for the benchmarks: a realistic and a large progress file, a 100-step course.

Everything is deterministic (a seeded random), so two runs measure the same data.
"""

from __future__ import annotations

import json
import random
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"

NETWORKS = ["linkedin", "xing", "facebook", "instagram", "x", "pinterest", "mastodon"]
CIRCLES = ["colleagues", "friends", "acquaintances", "field", "outside"]
STATUSES = ["idea", "following", "interacted", "connected"]
WORDS = [
    "coffee",
    "design",
    "data",
    "python",
    "garden",
    "river",
    "quiet",
    "meetup",
    "lantern",
    "career",
    "mentor",
    "writing",
    "podcast",
    "research",
    "teaching",
    "climate",
    "market",
    "studio",
    "harbour",
    "library",
]


def _stamp(when: datetime) -> str:
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _person(rng: random.Random, i: int, start: datetime, follow_from: date | None) -> dict:
    """``follow_from``: the follow-ups fall in the 1,100 days after it (None: after
    ``start``, so most are overdue)."""
    person = {
        "id": f"p{i:011d}",
        "name": f"Person {i:04d} {rng.choice(WORDS).title()}",
        "circle": rng.choice(CIRCLES),
        "network": rng.choice(NETWORKS),
        "why": _words(rng, 5),
        "next_step": _words(rng, 3),
        "status": rng.choice(STATUSES),
    }
    offset = timedelta(days=rng.randrange(1100))
    person["follow_up"] = ((follow_from or start.date()) + offset).isoformat()
    return person


def _post(rng: random.Random, i: int, start: datetime) -> dict:
    return {
        "id": f"q{i:011d}",
        "planned_on": (start + timedelta(days=rng.randrange(1100))).date().isoformat(),
        "topic": f"Idea {i:04d}: {_words(rng, 4)}",
        "network": rng.choice(NETWORKS),
        "kind": rng.choice(["text", "image", "link", "article"]),
        "status": rng.choice(["idea", "draft", "posted"]),
        "posted_on": (start + timedelta(days=rng.randrange(1100))).date().isoformat(),
    }


def _sight(rng: random.Random, i: int) -> dict:
    return {
        "id": f"s{i:011d}",
        "name": f"Account {i:03d} {rng.choice(WORDS)}",
        "network": rng.choice(NETWORKS),
        "why": _words(rng, 4),
        "done": rng.sample(["followed", "liked", "commented"], rng.randrange(4)),
    }


def _checklist_keys(content: Path) -> list[str]:
    keys = []
    for file in sorted((content / "steps").glob("*.yaml")):
        step = yaml.safe_load(file.read_text(encoding="utf-8"))
        keys += [f"{step['id']}/{item['id']}" for item in step.get("checklist", [])]
        pcc = step.get("per_choice_checklist")
        if pcc:
            for net in NETWORKS:
                keys += [f"{step['id']}/{net}/{item['id']}" for item in pcc["items"]]
    return keys


def _contact(rng: random.Random, i: int, people: int, start: datetime) -> dict:
    when = start + timedelta(days=rng.randrange(1100))
    contact = {
        "id": f"c{i:011d}",
        "person": f"p{rng.randrange(people):011d}",
        "date": when.date().isoformat(),
        "kind": rng.choice(["message", "comment", "call", "met", "other"]),
        "at": _stamp(when),
    }
    if i % 3 == 0:
        contact["note"] = _words(rng, 12)
    return contact


def progress_doc(
    *,
    people: int,
    posts: int,
    sights: int,
    ticks: int,
    current_step: str,
    content: Path,
    contacts: int = 0,
    due: bool = True,
) -> dict:
    """A progress document (``progress.json`` shape) with this many records and ticks.

    ``due``: most follow-ups are overdue (the coach opens on Today); else every follow-up is
    after the real today, so nothing is due and the coach opens on the current step. Either
    way the current step's checklist is not ticked through (the steps are not all done)."""
    rng = random.Random(7)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    start = now - timedelta(days=3 * 365)
    follow_from = None if due else date.today() + timedelta(days=1)
    known = [k for k in _checklist_keys(content) if not k.startswith(f"{current_step}/")]
    tick_keys = list(known)
    # Years of use leave ticks behind for items the content no longer has: they are kept.
    tick_keys += [f"old-step-{i % 40}/item-{i}" for i in range(max(0, ticks - len(known)))]
    tick_map = {
        k: _stamp(start + timedelta(seconds=rng.randrange(3 * 365 * 86400)))
        for k in tick_keys[:ticks]
    }
    answers: dict = {
        "why/goal": "Find a job in sustainable design within a year.",
        "networks/picked": ["linkedin", "mastodon", "xing"],
        "strategy/goal": "Meet five people in my field each quarter.\nWrite once a week.",
        "strategy/people": [_person(rng, i, start, follow_from) for i in range(people)],
        "posting/posts": [_post(rng, i, start) for i in range(posts)],
        "sightseeing/watchlist": [_sight(rng, i) for i in range(sights)],
    }
    return {
        "schema_version": 2,
        "started_at": _stamp(start),
        "updated_at": _stamp(now),
        "current_step": current_step,
        "welcome_seen": True,
        "language": "en",
        "ticks": tick_map,
        "answers": answers,
        "contacts": [_contact(rng, i, max(people, 1), start) for i in range(contacts)],
        "pause_until": None,
    }


def write_state(home: Path, doc: dict) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "progress.json"
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def realistic_state(home: Path) -> Path:
    """A user a few weeks in: a dozen people, a few post ideas, some ticks; nothing due yet
    (the coach opens on the current step)."""
    doc = progress_doc(
        people=15,
        posts=8,
        sights=12,
        ticks=30,
        current_step="strategy",
        content=CONTENT,
        contacts=40,
        due=False,
    )
    return write_state(home, doc)


def large_state(home: Path, content: Path, *, due: bool = True) -> Path:
    """Three years of heavy use: 2,000 people, 1,000 post ideas, 500 accounts watched,
    20,000 logged contacts; ``due``: most follow-ups overdue (else none due yet)."""
    doc = progress_doc(
        people=2000,
        posts=1000,
        sights=500,
        ticks=3000,
        current_step="strategy",
        content=content,
        contacts=20_000,
        due=due,
    )
    return write_state(home, doc)


def follow_ups_state(home: Path, people: int = 100_000) -> Path:
    """``people`` people, each with a follow-up, a next step and a reason, and nothing else:
    the calendar's worst case (issue 25: 100,000 follow-ups in <= 3 s)."""
    doc = progress_doc(
        people=people,
        posts=0,
        sights=0,
        ticks=0,
        current_step="strategy",
        content=CONTENT,
    )
    return write_state(home, doc)


def connections_csv(path: Path, rows: int = 5000) -> Path:
    """LinkedIn's Connections.csv as LinkedIn writes it (``Notes:`` preamble, quoted fields
    with commas, some e-mails and URLs empty), ``rows`` connections with distinct names."""
    import csv

    rng = random.Random(12)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write('Notes:\n"When exporting your connection data, you may notice that some of the '
                'email addresses are missing."\n\n')  # fmt: skip
        out = csv.writer(f, lineterminator="\n")
        header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
        out.writerow(header.split(","))
        for i in range(rows):
            first, last = rng.choice(WORDS).title(), f"Müller-{i:05d}"
            slug = f"{first}-{last}".lower()
            out.writerow(
                [
                    first,
                    last,
                    f"https://www.linkedin.com/in/{slug}" if i % 9 else "",
                    f"{slug}@example.org" if i % 4 == 0 else "",
                    f"{rng.choice(WORDS).title()}, Inc.",
                    f"Head of {rng.choice(WORDS)}, EMEA",
                    f"{rng.randint(1, 28):02d} {rng.choice(months)} {rng.randint(2012, 2026)}",
                ]
            )
    return path


def vcards(path: Path, cards: int = 2000) -> Path:
    """A phone's contacts export: vCard 3.0 cards with a phone, an address, a note."""
    rng = random.Random(21)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        for i in range(cards):
            word = rng.choice(WORDS).title()
            f.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller-{i:05d};{word};;;\r\n"
                f"FN:{word} Müller-{i:05d}\r\nTEL;TYPE=CELL:+49 170 {i:07d}\r\n"
                f"EMAIL;TYPE=INTERNET:{word.lower()}.{i}@example.org\r\n"
                f"ADR;TYPE=HOME:;;Hauptstr. {i};Köln;;50667;Germany\r\n"
                f"ORG:{word}\\, Inc.\r\nTITLE:Head of {rng.choice(WORDS)}\r\n"
                f"NOTE:Met at the {rng.choice(WORDS)} meetup\\, said hello.\r\nEND:VCARD\r\n"
            )
    return path


def _loc(en: str, de: str) -> dict:
    return {"en": en, "de": de}


def large_content(target: Path, steps: int = 100) -> Path:
    """The bundled course plus generated steps up to ``steps``, some with records fields.

    The bundled steps keep their ids (``strategy``, ``posting``, ...), so the large state's
    records land where a real user's would.
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("README.md"))
    have = len(list((target / "steps").glob("*.yaml")))
    for n in range(have + 1, steps + 1):
        step: dict = {
            "id": f"extra-{n:03d}",
            "title": _loc(f"Extra step {n}", f"Zusatzschritt {n}"),
            "summary": _loc(f"What step {n} gets you.", f"Was dir Schritt {n} bringt."),
            "body": _loc(
                f"## Step {n}\n\nWhy it matters.\n\n- one\n- two\n- three\n",
                f"## Schritt {n}\n\nWarum es zählt.\n\n- eins\n- zwei\n- drei\n",
            ),
            "first_action": _loc("Do one small thing.", "Tu eine kleine Sache."),
            "checklist": [
                {"id": f"item-{i}", "text": _loc(f"Item {i} of step {n}", f"Punkt {i} von {n}")}
                for i in range(1, 6)
            ],
            "fields": [
                {"id": "note", "kind": "short_text", "label": _loc("Note", "Notiz")},
            ],
        }
        if n % 10 == 0:
            step["fields"].append(
                {
                    "id": "contacts",
                    "kind": "records",
                    "label": _loc("Contacts", "Kontakte"),
                    "item_label": _loc("contact", "Kontakt"),
                    "fields": [
                        {
                            "id": "name",
                            "kind": "short_text",
                            "required": True,
                            "label": _loc("Name", "Name"),
                        },
                        {
                            "id": "network",
                            "kind": "choice",
                            "catalog": "networks",
                            "label": _loc("Network", "Netzwerk"),
                        },
                        {"id": "met", "kind": "date", "label": _loc("Met on", "Getroffen am")},
                    ],
                }
            )
        text = yaml.safe_dump(step, allow_unicode=True, sort_keys=False)
        (target / "steps" / f"9{n:03d}-extra.yaml").write_text(text, encoding="utf-8")
    return target


OTHER_DEVICE = "0beefcafe0"


def other_device_ops(
    people: int, count: int, *, start_ms: int, first_day: date | None = None, seed: int = 31
) -> bytes:
    """Another device's journal (``<device>.jsonl``): ``count`` operations made there, as its
    coach writes them: mostly contacts logged (with the person's next follow-up), some
    follow-ups moved and next steps set, on the large state's people; the follow-ups fall in
    the 300 days from ``first_day`` (default: 2026-06-01, so they are due)."""
    from coach.data import merge
    from coach.data.journal import Op

    rng = random.Random(seed)
    lines, at = [], ""
    for n in range(count):
        at = merge.next_stamp(at, OTHER_DEVICE, start_ms + n * 1000)
        person = f"p{rng.randrange(people):011d}"
        day = ((first_day or date(2026, 6, 1)) + timedelta(days=rng.randrange(300))).isoformat()
        sets: list[list[object]]
        if n % 5:
            cid = f"o{n:011d}"
            contact = {"id": cid, "person": person, "date": day, "kind": "message"}
            if n % 3 == 0:
                contact["note"] = _words(rng, 8)
            sets = [
                [["r", merge.CONTACTS, cid], contact],
                [["f", "strategy/people", person, "follow_up"], day],
            ]
            do = "log"
        elif n % 2:
            sets, do = [[["f", "strategy/people", person, "follow_up"], day]], "follow_up"
        else:
            sets, do = (
                [[["f", "strategy/people", person, "next_step"], _words(rng, 3)]],
                "next_step",
            )
        op = Op(id=f"x{n:011d}", at=at, dev=OTHER_DEVICE, do=do, set=sets, was=[])
        lines.append(op.to_line())
    return b"".join(lines)


def journaled_state(
    home: Path, content: Path, sync: Path, *, own: int = 300, other: int = 300
) -> Path:
    """The large state with nothing due as a device that syncs has it: the snapshot, this
    device's journal of ``own`` operations made by the session's verbs since the snapshot
    was written (contacts logged, follow-ups moved, ticks, an answer typed), and in ``sync``
    another device's file of ``other`` operations; none of them folded into the snapshot,
    which is as the coach's last compaction wrote it."""
    import datetime as dt

    from coach.application.session import Session
    from coach.domain import people as people_

    large_state(home, content, due=False)
    session = Session.from_options(str(home), str(content), "en")
    # The snapshot as the coach writes it (its last compaction), with the note on its log
    # a save leaves (coach.data.log_index): what a device that has been used has.
    session.book.load()
    session.book.compact(force=True)
    sync.mkdir(parents=True, exist_ok=True)
    session.book.set_sync(sync)  # sync on, without publishing the whole state (see README)
    everyone = people_.people(session.course_to_read, session.progress)
    later = date.today() + timedelta(days=30)
    for n in range(own):
        person = everyone[(n * 7) % len(everyone)]
        if n % 3 == 0:
            session.log_contact(person, on=dt.date(2026, 6, 1), kind="message", note=f"op {n}")
        elif n % 3 == 1:
            session.set_follow_up(person, later + timedelta(days=n % 20))
        elif n % 6 == 2:
            session.tick(f"extra-{10 + n % 80:03d}/item-{1 + n % 5}", True)
        else:
            session.answer("why/goal", f"Find a job in sustainable design ({n}).")
    start_ms = int(datetime.now(UTC).timestamp() * 1000) - 3_600_000
    ops = other_device_ops(2000, other, start_ms=start_ms, first_day=later)  # nothing due
    (sync / f"{OTHER_DEVICE}.jsonl").write_bytes(ops)
    return home

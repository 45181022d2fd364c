"""The merge rules as properties (hypothesis): devices make random changes with clocks that
disagree; their operations are delivered to fresh copies in any order, twice, partly. What
must always hold: the same state whatever the order, nothing changed by a second delivery,
every logged contact there exactly once, one deterministic winner per field."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_progress_shape import nested

from coach.data import merge
from coach.data.journal import Op
from coach.data.progress import Progress

PEOPLE = "people"
IDS = ["p1", "p2", "p3"]
HOUR_MS = 3_600_000


class Device:
    """One device's copy: its state, its clock (skewed), the operations it made."""

    def __init__(self, name: str, skew_ms: int) -> None:
        self.name = name
        self.skew = skew_ms
        self.progress = Progress()
        self.meta = merge.Meta()
        self.made: list[Op] = []
        self.wall = 1_790_000_000_000

    def do(self, changes: list[merge.Change]) -> Op:
        self.wall += 1000
        at = merge.next_stamp(self.meta.last, self.name, self.wall + self.skew)
        op = Op(
            id=f"{self.name}-{len(self.made)}",
            at=at,
            dev=self.name,
            do="x",
            set=[[list(p), v] for p, v in changes],
        )
        merge.apply(self.progress, self.meta, at, op.set)
        self.made.append(op)
        return op

    def receive(self, op: Op) -> None:
        merge.apply(self.progress, self.meta, op.at, op.set)


def change(kind: str, target: str, value: int, device: str, n: int) -> list[merge.Change]:
    if kind == "add":
        return [(["r", PEOPLE, target], {"name": f"{target}-{value}", "circle": "warm"})]
    if kind == "edit":
        return [(["f", PEOPLE, target, "next"], f"step {value} by {device}")]
    if kind == "remove":
        return [(["r", PEOPLE, target], None)]
    if kind == "log":
        cid = f"c-{device}-{n}"
        return [
            (["r", merge.CONTACTS, cid], {"person": target, "date": "2026-12-01", "kind": "call"})
        ]
    if kind == "answer":
        return [(["a", "goal"], f"goal {value}")]
    if kind == "tick":
        return [(["t", f"s/{target}"], "2026-12-01T10:00:00Z" if value % 2 else None)]
    if kind == "unknown":  # a top-level key of a newer version's, imported
        return [(["x", f"future_{target}"], {"v": value} if value % 3 else None)]
    return [(["p", "pause_until"], None if value % 2 else "2026-12-24")]


KINDS = st.sampled_from(["add", "edit", "remove", "log", "answer", "tick", "pause", "unknown"])
STEP = st.tuples(st.integers(0, 2), KINDS, st.sampled_from(IDS), st.integers(0, 9))


def export(progress: Progress) -> str:
    """The export as text: the same text, not only equal values (the order of keys too)."""
    doc = progress.to_doc(export=True) | {"updated_at": None, "started_at": None}
    return json.dumps(doc, ensure_ascii=False)


def run(steps: list[tuple[int, str, str, int]], devices: int, seed: int) -> list[Device]:
    rng = random.Random(seed)
    made = [Device(f"d{i}", (i - 1) * HOUR_MS) for i in range(devices)]
    for n, (who, kind, target, value) in enumerate(steps):
        device = made[who % devices]
        op = device.do(change(kind, target, value, device.name, n))
        for other in made:  # some operations reach the others at once, others later
            if other is not device and rng.random() < 0.3:
                other.receive(op)
    return made


def replay(ops: list[Op], seed: int) -> Progress:
    rng = random.Random(seed)
    order = ops + rng.sample(ops, k=len(ops) // 2)  # some delivered twice
    rng.shuffle(order)
    progress, meta = Progress(), merge.Meta()
    for op in order:
        merge.apply(progress, meta, op.at, op.set)
    return progress


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=40), st.integers(2, 3), st.integers(0, 10**6))
def test_every_delivery_order_gives_the_same_state(steps: Any, devices: int, seed: int) -> None:
    made = run(steps, devices, seed)
    ops = [op for d in made for op in d.made]
    first = export(replay(ops, seed))
    for other_seed in (seed + 1, seed + 2):
        assert export(replay(ops, other_seed)) == first
    for device in made:  # each device, once it has everything, agrees
        for op in ops:
            device.receive(op)
        assert export(device.progress) == first


@settings(max_examples=100, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=30), st.integers(0, 10**6))
def test_merging_twice_changes_nothing(steps: Any, seed: int) -> None:
    ops = [op for d in run(steps, 2, seed) for op in d.made]
    progress, meta = Progress(), merge.Meta()
    for op in ops:
        merge.apply(progress, meta, op.at, op.set)
    once = export(progress)
    changed = [merge.apply(progress, meta, op.at, op.set) for op in reversed(ops)]
    assert not any(changed)
    assert export(progress) == once


@settings(max_examples=100, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=40), st.integers(0, 10**6))
def test_every_logged_contact_is_there_exactly_once(steps: Any, seed: int) -> None:
    ops = [op for d in run(steps, 3, seed) for op in d.made]
    logged = [
        path[2] for op in ops for path, _ in op.set if path[0] == "r" and path[1] == merge.CONTACTS
    ]
    ids = [c["id"] for c in replay(ops, seed).contacts.entries()]
    assert sorted(ids) == sorted(set(logged))  # no explicit deletes here: all stay, once


def test_a_field_changed_on_two_devices_has_one_winner_the_later() -> None:
    laptop, desktop = Device("laptop", 0), Device("desktop", -HOUR_MS)
    add = laptop.do(change("add", "p1", 0, "laptop", 0))
    desktop.receive(add)
    early = laptop.do([(["f", PEOPLE, "p1", "follow_up"], "2026-12-10")])
    desktop.wall = laptop.wall + HOUR_MS + 5000  # later in real time, clock an hour behind
    desktop.meta.seen(early.at)  # the desktop had seen the laptop's change
    late = desktop.do([(["f", PEOPLE, "p1", "follow_up"], "2026-12-20")])
    for order in ([add, early, late], [late, early, add], [early, add, late]):
        progress, meta = Progress(), merge.Meta()
        for op in order:
            merge.apply(progress, meta, op.at, op.set)
        assert progress.answers[PEOPLE][0]["follow_up"] == "2026-12-20"


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 9)), min_size=1, max_size=25),
    st.integers(0, 10**6),
)
def test_an_undo_leaves_a_value_another_device_set_later(steps: Any, seed: int) -> None:
    """Three devices (clocks an hour apart) set one field, each change reaching the others
    or not; device 0 then takes back its newest change of it: merge.later_elsewhere holds
    exactly when device 0 has received a change of that field made after the one taken
    back on another device (the undo then leaves it)."""
    rng = random.Random(seed)
    made = [Device(f"d{i}", (i - 1) * HOUR_MS) for i in range(3)]
    received: dict[str, list[Op]] = {d.name: [] for d in made}
    path = ["f", PEOPLE, "p1", "next"]
    for who, value in steps:
        device = made[who]
        op = device.do([(path, f"step {value}")])
        for other in made:
            if other is not device and rng.random() < 0.5:
                other.receive(op)
                received[other.name].append(op)
    mine = made[0]
    if not mine.made:
        return
    target = mine.made[-1]
    later = any(op.at > target.at for op in received[mine.name])
    assert merge.later_elsewhere(mine.meta, path, target.at, mine.name) == later
    assert not merge.later_elsewhere(mine.meta, path, target.at, "someone else") or later


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 9)), min_size=1, max_size=25),
    st.integers(0, 10**6),
)
def test_an_undo_brings_back_what_the_devices_held_just_before_the_change(
    steps: Any, seed: int
) -> None:
    """Three devices (clocks an hour apart) set one field, each change reaching the others
    at once, later (after device 0's newest change) or never; device 0's newest change
    keeps, as the book does, the stamp of the value it replaced. What its undo brings back
    (taking_back.before, given every other device's change that has reached device 0 by
    then) is the value of the newest change before it among all device 0 has: its own and
    those received, whenever they arrived."""
    from coach.data.taking_back import before

    rng = random.Random(seed)
    made = [Device(f"d{i}", (i - 1) * HOUR_MS) for i in range(3)]
    added = made[0].do(change("add", "p1", 0, "d0", 0))  # (on every device first)
    for other in made[1:]:
        other.receive(added)
    received: list[Op] = []
    late: list[Op] = []
    path = ["f", PEOPLE, "p1", "next"]
    target: Op | None = None
    for who, value in steps:
        device = made[who]
        was = [list(path), merge.read(device.progress, device.meta, path)]
        held = device.meta.clock.get(merge.key(path))
        op = device.do([(path, f"step {value}")])
        if who == 0:
            op = Op(op.id, op.at, op.dev, op.do, op.set, was=[[*was, held] if held else was])
            target = op
        for other in made:
            chance = rng.random()
            if other is not device and chance < 0.4:
                other.receive(op)
                if other is made[0]:
                    received.append(op)
            elif other is made[0] and other is not device and chance < 0.7:
                late.append(op)  # reaches device 0 only after its newest change
    if target is None:
        return
    received += late
    known = [op for op in [*made[0].made[1:], *received] if op.at < target.at]
    newest = max(known, key=lambda op: op.at, default=None)
    expected = newest.set[0][1] if newest is not None else None
    (restored,) = before(target, received, "d0")
    assert restored == (path, expected)


def test_a_removal_loses_against_a_later_edit_elsewhere() -> None:
    a, b = Device("a", 0), Device("b", 0)
    add = a.do(change("add", "p1", 0, "a", 0))
    b.receive(add)
    removed = a.do([(["r", PEOPLE, "p1"], None)])
    b.meta.seen(removed.at)
    edited = b.do([(["f", PEOPLE, "p1", "next"], "ask about the talk")])
    for order in ([add, removed, edited], [edited, removed, add], [removed, add, edited]):
        progress, meta = Progress(), merge.Meta()
        for op in order:
            merge.apply(progress, meta, op.at, op.set)
        (person,) = progress.answers[PEOPLE]
        assert person["next"] == "ask about the talk" and person["name"] == "p1-0"


def test_a_removal_after_the_edit_stays_removed() -> None:
    a = Device("a", 0)
    ops = [
        a.do(change("add", "p1", 0, "a", 0)),
        a.do([(["f", PEOPLE, "p1", "next"], "x")]),
        a.do([(["r", PEOPLE, "p1"], None)]),
    ]
    progress, meta = Progress(), merge.Meta()
    for op in reversed(ops):
        merge.apply(progress, meta, op.at, op.set)
    assert PEOPLE not in progress.answers


def test_records_keep_the_order_they_were_made_in_whatever_the_delivery() -> None:
    a, b = Device("a", 0), Device("b", 3 * HOUR_MS)
    ops = [a.do(change("add", "p1", 0, "a", 0)), b.do(change("add", "p2", 0, "b", 1))]
    ops.append(a.do(change("add", "p3", 0, "a", 2)))
    names = set()
    for order in (ops, ops[::-1], [ops[1], ops[2], ops[0]]):
        progress, meta = Progress(), merge.Meta()
        for op in order:
            merge.apply(progress, meta, op.at, op.set)
        names.add(tuple(r["id"] for r in progress.answers[PEOPLE]))
    assert len(names) == 1


def test_a_malformed_assignment_is_skipped_not_fatal() -> None:
    progress, meta = Progress(), merge.Meta()
    odd: list[list[Any]] = [[["r", PEOPLE], {"x": 1}], [["zz", "a"], 1], [["p", "nope"], 1]]
    assert merge.apply(progress, meta, "1790000000000.000000.a", odd) is False
    assert merge.apply(progress, meta, "1790000000000.000001.a", [[["a", "goal"], "x"]])
    assert progress.answers == {"goal": "x"}


def test_the_clock_never_goes_back_even_when_the_wall_does() -> None:
    first = merge.next_stamp("", "a", wall_ms=2_000)
    second = merge.next_stamp(first, "a", wall_ms=1_000)  # the wall clock went back
    third = merge.next_stamp(second, "b", wall_ms=1_000)
    assert first < second < third


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=30), st.integers(0, 10**6))
def test_an_operation_of_many_records_at_once_merges_as_one_by_one(steps: Any, seed: int) -> None:
    """A base, an import or a reset is applied as a batch (each list put in order at the
    end): the same state as applying its assignments one operation at a time."""
    ops = [op for d in run(steps, 2, seed) for op in d.made]
    merged = Op(
        id="all",
        at=max(op.at for op in ops),
        dev="x",
        do="x",
        set=[[*a, op.at] for op in sorted(ops, key=lambda o: o.at) for a in op.set],
    )
    one_by_one = replay(ops, seed)
    old, merge.BATCH = merge.BATCH, 1
    try:
        progress, meta = Progress(), merge.Meta()
        merge.apply(progress, meta, merged.at, merged.set)
    finally:
        merge.BATCH = old
    assert export(progress) == export(one_by_one)


def test_an_edit_or_removal_of_a_record_never_made_is_kept_aside_not_shown() -> None:
    """No ghost record: an edit of a record whose making has not arrived (or never will)
    shows nothing; once the making arrives, in whatever order, the edit is in it."""
    a, b = Device("a", 0), Device("b", 0)
    add = a.do(change("add", "p1", 0, "a", 0))
    b.meta.seen(add.at)  # b had it (say, through another folder), the copy here has not
    edited = b.do([(["f", PEOPLE, "p1", "next"], "ask about the talk")])
    removed = b.do([(["r", PEOPLE, "p2"], None)])  # a removal of nothing
    ghost = b.do([(["f", PEOPLE, "p3", "next"], "never made")])
    progress, meta = Progress(), merge.Meta()
    for op in (edited, removed, ghost):
        merge.apply(progress, meta, op.at, op.set)
    assert PEOPLE not in progress.answers
    assert "never made" not in str(progress.to_doc(export=True))
    merge.apply(progress, meta, add.at, add.set)  # the making arrives last
    (person,) = progress.answers[PEOPLE]
    assert person == {"id": "p1", "next": "ask about the talk", "name": "p1-0", "circle": "warm"}
    for order in ([add, edited, removed, ghost], [ghost, edited, add, removed]):
        again, meta = Progress(), merge.Meta()
        for op in order:
            merge.apply(again, meta, op.at, op.set)
        assert export(again) == export(progress)
    kept = merge.Meta(meta.to_doc())  # what the snapshot keeps of it: the same
    assert kept.pending == meta.pending and merge.key(("r", PEOPLE, "p3")) in kept.pending


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=40), st.integers(0, 10**6))
def test_no_record_shows_without_the_operation_that_made_it(steps: Any, seed: int) -> None:
    ops = [op for d in run(steps, 3, seed) for op in d.made]
    made = {path[2] for op in ops for path, value in op.set if path[0] == "r" and value}
    shown = {r["id"] for r in replay(ops, seed).answers.get(PEOPLE, [])}
    assert shown <= made


_ODD = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 12)
    | st.text(max_size=6)
    | st.sampled_from(["2026-01-02", "2026-01-02T10:00:00Z", "2026-13-40", "soon"]),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=4,
)
_CONTACT_PATHS = [
    *[["f", merge.CONTACTS, "c1", k] for k in ("id", "person", "date", "kind", "note", "felt")],
    ["r", merge.CONTACTS, "c1"],
    ["r", merge.CONTACTS, "c2"],
    ["t", "s/a"],
    ["u", "s/b"],
    ["p", "pause_until"],
    ["p", "current_step"],
    ["f", PEOPLE, "p1", "name"],
]


@settings(max_examples=200, deadline=None)
@given(changes=st.lists(st.tuples(st.sampled_from(_CONTACT_PATHS), _ODD), min_size=1, max_size=4))
def test_no_operation_leaves_a_state_its_snapshot_cannot_hold(changes: Any) -> None:
    """A line from another device with values of any shape (a bug, a hand edit, another
    tool): whatever it applies, the snapshot written next loads back as the same state, so
    the coach never sets its own file aside as broken."""
    from coach.data.store import decode, dump

    progress = Progress(welcome_seen=True)
    meta = merge.Meta()
    made: list[list[Any]] = [
        [["r", merge.CONTACTS, "c1"], {"person": "p1", "date": "2026-01-01", "kind": "call"}],
        [["r", PEOPLE, "p1"], {"name": "Ana"}],
        [["t", "s/a"], "2026-01-01T09:00:00Z"],
    ]
    merge.apply(progress, meta, "1790000000000.000000.a", made)
    merge.apply(progress, meta, "1790000000001.000000.b", [[list(p), v] for p, v in changes])
    loaded, migrated = decode(dump(progress))
    assert not migrated
    assert loaded.to_doc(export=True) == progress.to_doc(export=True)


def test_values_a_snapshot_cannot_hold_are_skipped_the_rest_applied() -> None:
    progress, meta = Progress(), merge.Meta()
    contact = {"person": "p1", "date": "2026-01-01", "kind": "call"}
    merge.apply(progress, meta, "1790000000000.000000.a", [[["r", merge.CONTACTS, "c1"], contact]])
    odd: list[list[Any]] = [
        [["f", merge.CONTACTS, "c1", "date"], 5],
        [["f", merge.CONTACTS, "c1", "person"], None],
        [["f", merge.CONTACTS, "c1", "kind"], {"x": 1}],
        [["r", merge.CONTACTS, "c2"], {"note": "no person, no date"}],
        [["t", "s/a"], "not a time"],
        [["f", merge.CONTACTS, "c1", "note"], "fine"],
        [["t", "s/b"], "2026-01-02T10:00:00Z"],
    ]
    assert merge.apply(progress, meta, "1790000000001.000000.b", odd)
    assert progress.contacts == [{"id": "c1", **contact, "note": "fine"}]
    assert progress.ticks == {"s/b": "2026-01-02T10:00:00Z"}


def test_a_value_nested_deeper_than_any_of_the_coachs_own_is_skipped() -> None:
    """A line nesting thousands deep (another tool, an attack) never reaches the state: an
    export walks every value, and one 900 deep made it fail."""
    progress, meta = Progress(), merge.Meta()
    deep = [[["a", "why/goal"], nested(900)], [["f", PEOPLE, "p1", "x"], nested(33)]]
    assert merge.apply(progress, meta, "1790000000000.000000.a", deep) is False
    fine = [[["a", "why/goal"], nested(merge.MAX_DEPTH)]]
    assert merge.apply(progress, meta, "1790000000000.000001.a", fine)
    assert progress.to_doc(export=True)["answers"]["why/goal"] == nested(merge.MAX_DEPTH)


def test_a_used_up_counter_moves_the_stamp_to_the_next_millisecond() -> None:
    """A clock that stands still for a million changes (or a line at the counter's end):
    the next stamp still sorts after it as text, and is one every device takes."""
    last = "1790000000000.999999.a"
    after = merge.next_stamp(last, "b", 1_790_000_000_000)
    assert after == "1790000000001.000000.b" and after > last and merge.is_stamp(after)
    assert not merge.is_stamp("1790000000000.1000000.a")  # seven digits sort wrong as text


def test_what_an_import_would_refuse_does_not_come_in_by_a_line() -> None:
    """An export must import back: an id, person or kind longer than 64 characters is
    skipped (a hand-edited file may hold them; a line from another device may not bring
    them in). A day of the saved shape that is no day comes in as written: the load keeps
    it and an import takes it back, so both devices hold the same."""
    progress, meta = Progress(), merge.Meta()
    contact = {"person": "p1", "date": "2026-01-01", "kind": "call"}
    odd: list[list[Any]] = [
        [["r", merge.CONTACTS, "c2"], {**contact, "person": "p" * 65}],
        [["r", merge.CONTACTS, "c3"], {**contact, "kind": "k" * 65}],
        [["r", merge.CONTACTS, "c" * 65], contact],
    ]
    assert merge.apply(progress, meta, "1790000000000.000000.a", odd) is False
    fine: list[list[Any]] = [
        [["r", merge.CONTACTS, "c1"], {**contact, "date": "2026-02-30"}],
        [["r", merge.CONTACTS, "c4"], contact],
        [["p", "pause_until"], "2026-13-45"],
    ]
    assert merge.apply(progress, meta, "1790000000000.000001.a", fine)
    assert [c["id"] for c in progress.contacts] == ["c1", "c4"]
    assert progress.pause_until == "2026-13-45"

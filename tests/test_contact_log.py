"""The packed contact log (issue 15): a plainly valid file's long log is held compressed,
and everything read or saved through it is what the full parse gives."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from coach.data import log_split
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import Store, Unusable, decode, dump
from coach.domain import agenda, contact_log, people
from coach.domain.contact_log import ContactLog, Summary

TRICKY = [
    'we said },{ and "contacts": [ out loud',
    "}, {",
    '"},{"id": "x", "person": "p1", "date": "2024-01-01", "kind": "call"}',
    "] , } ,",
    "line one\nline two \u00e9 \u2028 done",
    "back\\slash at the end \\",
]


def contacts(n: int = 40) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(n):
        entry: dict[str, Any] = {
            "id": f"c{i:04d}",
            "person": f"p{i % 7}",
            "date": f"2026-0{1 + i % 9}-{1 + i % 28:02d}",
            "kind": "call" if i % 2 else "message",
            "at": f"2026-01-01T00:00:{i % 60:02d}Z",
        }
        if i % 3 == 0:
            entry["note"] = TRICKY[i % len(TRICKY)]
        out.append(entry)
    return out


def document(log: list[Any] | None = None, **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": 2,
        "started_at": "2025-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        "current_step": None,
        "welcome_seen": True,
        "language": "en",
        "ticks": {},
        "answers": {"why/goal": "grow", "people": [{"id": "p1", "name": "Ada"}]},
        "contacts": contacts() if log is None else log,
        "pause_until": None,
    }
    doc.update(extra)
    return doc


@pytest.fixture
def packing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pack any log, in chunks of two (so cuts land everywhere, notes included)."""
    monkeypatch.setattr(contact_log, "PACKED_FROM", 0)
    monkeypatch.setattr(log_split, "CHUNK", 2)


def full_parse(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> Progress:
    """What the coach loaded before the log was packed: the full parse."""
    with monkeypatch.context() as m:
        m.setattr(contact_log, "PACKED_FROM", 10**12)
        progress = decode(raw)[0]
    assert not progress.contacts.is_packed
    return progress


def both(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[Progress, Progress]:
    return decode(raw)[0], full_parse(raw, monkeypatch)


def both_or_refused(
    raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> tuple[Progress, Progress] | None:
    """``raw`` read the packed way and the full way; None when both refuse it, for the same
    reason (checked here)."""
    try:
        full = full_parse(raw, monkeypatch)
    except Unusable as exc:
        with pytest.raises(Unusable) as packed_exc:
            decode(raw)
        assert packed_exc.value.reason == exc.reason
        return None
    return decode(raw)[0], full


def formats(doc: dict[str, Any]) -> list[bytes]:
    """The same document as this coach writes it, as older coaches and hand edits did."""
    return [
        orjson.dumps(doc, option=orjson.OPT_INDENT_2),
        json.dumps(doc, indent=1, ensure_ascii=False).encode(),
        json.dumps(doc).encode(),  # one line, non-ASCII escaped
        json.dumps(doc, separators=(",", ":")).encode(),
        json.dumps(doc, indent="\t").encode().replace(b"\n", b"\r\n"),
    ]


@pytest.mark.usefixtures("packing")
@pytest.mark.parametrize("index", range(5))
def test_each_format_packs_and_loads_as_the_full_parse(
    index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = formats(document())[index]
    packed, full = both(raw, monkeypatch)
    assert packed.contacts.is_packed, "a plainly valid file's log is packed"
    assert packed.to_doc() == full.to_doc()
    assert packed.contacts == full.contacts.entries()
    assert len(packed.contacts) == len(full.contacts) == 40
    assert json.loads(dump(packed)) == json.loads(dump(full)), "a save writes the same JSON"


@pytest.mark.usefixtures("packing")
def test_a_file_this_coach_wrote_is_saved_byte_for_byte_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = dump(Progress.from_doc(document()))  # type: ignore[arg-type]
    packed, full = both(raw, monkeypatch)
    assert packed.contacts.is_packed
    assert dump(packed) == dump(full) == raw
    logged = {"id": "new1", "person": "p1", "date": "2026-02-02", "kind": "call", "note": "},{"}
    packed.contacts.append(dict(logged))
    full.contacts.append(dict(logged))
    assert packed.contacts.is_packed, "logging a contact does not unpack the log"
    assert dump(packed) == dump(full)
    assert decode(dump(packed))[0].contacts[-1] == logged


@pytest.mark.usefixtures("packing")
@pytest.mark.parametrize("index", [0, 2])
def test_load_save_load_keeps_every_contact_in_order(
    index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "progress.json").write_bytes(formats(document())[index])
    store = Store(tmp_path)
    progress = store.load()
    assert progress.contacts.is_packed
    store.save(progress)
    assert Book(tmp_path).load().contacts == contacts()
    progress.contacts.append({"id": "z", "person": "p2", "date": "2026-03-03", "kind": "met"})
    store.save(progress)
    again = Book(tmp_path).load()
    assert again.contacts == [*contacts(), progress.contacts[-1]]
    assert Book(tmp_path).load().to_doc(export=True)["contacts"] == again.contacts


ENTRY = {"id": "e", "person": "p1", "date": "2026-01-01", "kind": "x"}


@pytest.mark.usefixtures("packing")
@pytest.mark.parametrize(
    "odd",
    [
        # Odd entries take the full path (which keeps, drops or repairs them as it always did).
        {**ENTRY, "note": None},
        {**ENTRY, "extra": {"a": [1]}},
        {**ENTRY, "n": 12345678901234567890123},
        {k: v for k, v in ENTRY.items() if k != "id"},
        "not a contact",
        {**ENTRY, "note": "\ud800"},
        # Small whole numbers are how a contact felt; anywhere else they are not plain.
        {**ENTRY, "date": 5},
        {**ENTRY, "kind": 5},
        {**ENTRY, "person": 5},
        {**ENTRY, "id": 5},
        {**ENTRY, "note": 5},
        {**ENTRY, "felt": 11},
    ],
    ids=[
        "none",
        "nested",
        "big-int",
        "no-id",
        "not-a-dict",
        "surrogate",
        "int-date",
        "int-kind",
        "int-person",
        "int-id",
        "int-note",
        "felt-11",
    ],
)
def test_anything_unusual_takes_the_full_parse(odd: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = json.dumps(document([*contacts(), odd]), indent=2).encode()
    read = both_or_refused(raw, monkeypatch)
    if read is None:
        return
    packed, full = read
    assert not packed.contacts.is_packed
    got, want = packed.to_doc(), full.to_doc()
    for saved in (got, want):  # a missing id is made up afresh on each load
        if isinstance(saved["contacts"][-1], dict):
            saved["contacts"][-1].pop("id")
    assert got == want


@pytest.mark.usefixtures("packing")
def test_how_a_contact_felt_is_packed_and_reads_as_the_full_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    felt = {**ENTRY, "felt": 5, "expected": 8, "note": "went fine"}
    packed, full = both(json.dumps(document([*contacts(), felt])).encode(), monkeypatch)
    assert packed.contacts.is_packed
    assert packed.to_doc() == full.to_doc()
    assert packed.contacts.summary().pairs == [("2026-01-01", 8, 5)]


@pytest.mark.usefixtures("packing")
def test_words_the_full_path_looks_at_in_a_note_keep_the_log_packed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An emoji written escaped (a surrogate pair) or a note saying "NaN" in the log: orjson
    reads them as the full parse does, so only the head and the tail are looked at for
    them (the whole file was searched, and the log then parsed the slow way)."""
    notes = [{**ENTRY, "id": "n1", "note": "coffee ☕ 🙂"}, {**ENTRY, "id": "n2", "note": "NaN"}]
    raw = json.dumps(document([*contacts(), *notes])).encode()  # escaped: \ud83d\ude42
    assert b"\\ud83d" in raw
    packed, full = both(raw, monkeypatch)
    assert packed.contacts.is_packed
    assert packed.to_doc() == full.to_doc()
    lone = json.dumps(document([*contacts(), {**ENTRY, "note": "\ud800"}])).encode()
    read = both_or_refused(lone, monkeypatch)  # a lone one: the full way, as before
    assert read is None or not read[0].contacts.is_packed


@pytest.mark.usefixtures("packing")
def test_an_impossible_date_reads_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """A date of the saved shape that is no day (a hand edit) is kept, as the full parse
    keeps it, and the person's last contact is their newest real one."""
    odd = {"id": "b", "person": "p1", "date": "2026-13-45", "kind": "x"}
    packed, full = both(json.dumps(document([*contacts(), odd])).encode(), monkeypatch)
    assert packed.to_doc() == full.to_doc()
    assert people.last_contacts(packed) == people.last_contacts(full)
    assert people.last_contacts(packed)[0]["p1"] == max(
        dt.date.fromisoformat(c["date"]) for c in contacts() if c["person"] == "p1"
    )


@pytest.mark.usefixtures("packing")
@pytest.mark.parametrize(
    "doc",
    [
        # "contacts" as a key inside a record before the top-level one
        document(answers={"people": [{"id": "p1", "name": "Ada", "contacts": [{"a": "b"}]}]}),
        # keys after the log, with arrays and objects of their own (as the snapshot's merge)
        {**document(), "later": [{"x": "]"}, [1, 2]], "also": {"contacts": []}},
        # the same without the key this coach writes right after the log
        {
            **{k: v for k, v in document().items() if k not in ("contacts", "pause_until")},
            "contacts": contacts(),
            "later": [{"x": '], "pause_until": 1'}, [1, 2]],
        },
        # the log first
        {"contacts": contacts(), **{k: v for k, v in document().items() if k != "contacts"}},
        # the log last
        {**{k: v for k, v in document().items() if k != "contacts"}, "contacts": contacts()},
    ],
    ids=["nested-key", "keys-after", "keys-after-unknown", "first", "last"],
)
def test_where_the_log_sits_does_not_matter(
    doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for raw in formats(doc):
        packed, full = both(raw, monkeypatch)
        # Keys after the log holding arrays of their own take the full parse (its end is
        # looked for from the end of the file), unless the log ends where this coach writes
        # its next key; everything else is packed.
        assert packed.contacts.is_packed == ("later" not in doc or "pause_until" in doc)
        assert packed.to_doc() == full.to_doc()
        assert json.loads(dump(packed)) == json.loads(dump(full))


HEAD = b'{"schema_version": 2, "contacts": [{"id": "a", "person": "p", "date": "2026-01-01", '


@pytest.mark.usefixtures("packing")
@pytest.mark.parametrize(
    "raw",
    [
        HEAD + b'"kind": "k"}',
        HEAD + b'"kind": "k"}]',
        HEAD + b'"kind": "k"},]}',
        HEAD + b'"kind": "k"}]} x',
        HEAD + b'"kind": "\xff"}]}',
    ],
    ids=["cut-off", "unclosed", "trailing-comma", "trailing-text", "not-utf-8"],
)
def test_a_broken_file_is_reported_as_before(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(Unusable) as before:
        full_parse(raw, monkeypatch)
    with pytest.raises(Unusable) as now:
        decode(raw)
    assert now.value.reason == before.value.reason


def test_a_duplicate_top_level_log_reads_as_json_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contact_log, "PACKED_FROM", 0)
    one = json.dumps(contacts(3))
    raw = f'{json.dumps(document())[:-1]}, "contacts": {one}}}'.encode()
    packed, full = both(raw, monkeypatch)
    assert packed.to_doc() == full.to_doc()
    assert len(packed.contacts) == 3


@pytest.mark.usefixtures("packing")
def test_the_summary_is_what_the_entries_give(monkeypatch: pytest.MonkeyPatch) -> None:
    packed, full = both(formats(document())[0], monkeypatch)
    assert packed.contacts.is_packed
    for progress in (packed, full):
        progress.contacts.append(
            {"id": "n", "person": "p3", "date": "2026-09-30", "kind": "met", "at": "x"}
        )
    got, want = packed.contacts.summary(), Summary.of(full.contacts.entries())
    assert (got.newest, got.count, got.per_day) == (want.newest, want.count, want.per_day)
    assert people.last_contacts(packed) == people.last_contacts(full)
    assert people.last_contacts(packed)[0]["p3"] == dt.date(2026, 9, 30)
    day = dt.date
    spans = [(day(2026, 1, 1), day(2026, 1, 31)), (day(2020, 1, 1), day(2030, 1, 1))]
    for first, last in spans:
        expected = sum(1 for _ in people.contacts_between(full, first, last))
        assert people.count_between(packed, first, last) == expected > 0
    assert people.history(packed, "p3") == people.history(full, "p3")


def test_the_week_counts_logged_contacts(tmp_path: Path) -> None:
    """``agenda.today``'s week figure, from the log's count per day (a list log here)."""
    monday = dt.date(2026, 3, 2)
    log = [
        {"id": "a", "person": "p", "date": "2026-03-01", "kind": "k"},  # the Sunday before
        {"id": "b", "person": "p", "date": "2026-03-02", "kind": "k"},
        {"id": "c", "person": "p", "date": "2026-03-04", "kind": "k"},
        {"id": "d", "person": "p", "date": "2026-02-31", "kind": "k"},  # no such day
    ]
    progress = Progress(contacts=log)
    assert people.count_between(progress, monday, monday + dt.timedelta(days=2)) == 2
    assert agenda is not None  # the week itself: tests/test_today.py


def test_a_list_log_reads_and_changes_like_a_list() -> None:
    entries = contacts(5)
    progress = Progress(contacts=entries)
    assert progress.contacts == entries and len(progress.contacts) == 5
    assert progress.contacts[0] is entries[0] and progress.contacts[-1]["id"] == "c0004"
    progress.contacts.append({"id": "x", "person": "p", "date": "2026-01-01", "kind": "k"})
    assert entries[-1]["id"] == "x", "the list given is the log's list"
    progress.contacts = []
    assert not progress.contacts and progress.to_doc()["contacts"] == []
    assert isinstance(progress.contacts, ContactLog)


@pytest.mark.usefixtures("packing")
def test_a_packed_log_reads_like_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    packed, full = both(formats(document())[1], monkeypatch)
    assert packed.contacts.is_packed
    assert list(packed.contacts) == full.contacts.entries()
    assert packed.contacts[3] == full.contacts[3] and packed.contacts[-1] == full.contacts[-1]
    assert packed.contacts[1:4] == full.contacts.entries()[1:4]
    assert packed.contacts == full.contacts and bool(packed.contacts)
    assert packed == full


def test_a_long_log_is_packed_on_a_real_load(tmp_path: Path) -> None:
    """Without the tests' settings: a log of some thousand entries is packed, and the
    summary's text objects are shared (one per person and date)."""
    doc = document(contacts(3000))
    (tmp_path / "progress.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    progress = Book(tmp_path).load()
    assert progress.contacts.is_packed
    assert progress.contacts == doc["contacts"]


def test_peek_then_load_reads_a_file_changed_in_between(tmp_path: Path) -> None:
    store = Store(tmp_path)
    (tmp_path / "progress.json").write_bytes(orjson.dumps(document(language="de")))
    peeked, _ = store.peek()
    assert peeked is not None and peeked.language == "de"
    changed = document(language="en", ticks={"a/b": "2026-01-01T00:00:00Z"})
    (tmp_path / "progress.json").write_bytes(orjson.dumps(changed))
    loaded = store.load()
    assert loaded.language == "en" and loaded.ticks, "the file as it is now"
    assert store.peek()[0] is not None
    assert store.load() is not loaded


def test_peek_changes_nothing_for_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "progress.json").write_bytes(b'{"schema_version": 2, "language": "de"')
    progress, doc = Store(tmp_path).peek()
    assert progress is None and doc is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]


def test_a_packed_log_says_which_ids_it_holds_without_unpacking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(contact_log, "_SLICE", 7)  # slices end everywhere
    raw = orjson.dumps(document(contacts(3000)), option=orjson.OPT_INDENT_2)
    log = decode(raw)[0].contacts
    assert log.is_packed
    log.append({"id": "new", "person": "p1", "date": "2026-01-01", "kind": "call"})
    monkeypatch.setattr(ContactLog, "_unpacked", lambda _: pytest.fail("unpacked"))
    asked = {"c0000", "c1234", "c2999", "new", "c3000", "nobody", ""}
    assert log.which(asked) == {"c0000", "c1234", "c2999", "new"}
    assert log.has("c2999") and log.has("new") and not log.has("c3000")
    assert log.last_id() == "new" and log.packed_last_id() == "c2999"


@pytest.mark.usefixtures("packing")
@pytest.mark.parametrize("index", range(5))
def test_a_deflated_log_reads_and_saves_as_the_one_held_as_read(
    index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command holds the file's bytes of the log as read; the UI has them deflated once
    it shows (``pack``): both read, count and save the same, and packing lets the file's
    bytes go."""
    raw = formats(document())[index]
    as_read, deflated = decode(raw)[0], decode(raw)[0]
    held = sys.getrefcount(raw)
    deflated.contacts.pack()
    assert sys.getrefcount(raw) == held - 1, "the deflated log no longer holds the file"
    assert deflated.contacts.held_deflated and not as_read.contacts.held_deflated
    deflated.contacts.pack()  # once is enough; again changes nothing
    assert deflated.contacts == as_read.contacts == full_parse(raw, monkeypatch).contacts
    assert dump(deflated) == dump(as_read)
    assert deflated.contacts.summary().count == as_read.contacts.summary().count
    logged = {"id": "new1", "person": "p1", "date": "2026-02-02", "kind": "call"}
    for progress in (as_read, deflated):
        progress.contacts.append(dict(logged))
    assert dump(deflated) == dump(as_read)
    assert deflated.contacts[-1] == logged and deflated.contacts.held_deflated


@pytest.mark.usefixtures("packing")
def test_a_book_holding_logs_deflated_does_so_for_every_load(tmp_path: Path) -> None:
    """The UI's book (``hold_packed``): the log it has, one loaded after (what ``coach``
    does: ``Session.settle`` before the load), and one loaded later because another
    process rewrote the snapshot, are held deflated."""
    path = tmp_path / "progress.json"
    path.write_bytes(formats(document())[0])
    book = Book(tmp_path)
    assert not book.load().contacts.held_deflated, "a command's book: held as read"
    book.hold_packed()
    assert book.progress is not None and book.progress.contacts.held_deflated
    path.write_bytes(formats(document(contacts(41)))[0])  # another process's compaction
    assert book.refresh()
    assert book.progress.contacts.held_deflated and len(book.progress.contacts) == 41
    before_load = Book(tmp_path)
    before_load.hold_packed()
    assert before_load.load().contacts.held_deflated, "deflated as it is read"

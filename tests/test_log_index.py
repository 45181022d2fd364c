"""The note a save leaves on its contact log (coach.data.log_index): taken only for the very
file it was written with, and only for the array it noted; anything else reads the file
whole, as before. Loading with the note gives what loading without it gives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_contact_log import TRICKY, contacts, document

from coach.data import log_index, log_split
from coach.data.progress import Progress
from coach.data.store import Store, decode
from coach.domain import contact_log


@pytest.fixture(autouse=True)
def long_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any log counts as long (noted, packed): the tests' logs are a few dozen contacts."""
    monkeypatch.setattr(contact_log, "PACKED_FROM", 0)


def saved(folder: Path, log: list[dict[str, Any]] | None = None, **extra: Any) -> Store:
    """A data folder whose snapshot the coach saved (with its note)."""
    store = Store(folder)
    store.save(decode(orjson.dumps(document(log, **extra)))[0])
    return store


def without_note(folder: Path) -> Progress:
    note = log_index.path_in(folder)
    kept = note.read_bytes()
    note.unlink()
    try:
        return Store(folder).load()
    finally:
        note.write_bytes(kept)


def same(a: Progress, b: Progress) -> None:
    assert a.to_doc() == b.to_doc()
    left, right = a.contacts.summary(), b.contacts.summary()
    assert (left.newest, left.count, left.per_day) == (right.newest, right.count, right.per_day)
    assert left.pairs == right.pairs
    for rid in ("c0000", "c0039", "nope"):
        assert a.contacts.has(rid) == b.contacts.has(rid)
    assert a.contacts.last_id() == b.contacts.last_id()


def never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*_: Any) -> None:
        raise AssertionError("the noted log was parsed")

    monkeypatch.setattr(log_split, "_array", parse)


def test_a_save_notes_its_log_and_the_next_load_takes_it_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(tmp_path)
    assert log_index.path_in(tmp_path).is_file()
    plain = without_note(tmp_path)
    never_parsed(monkeypatch)
    noted = Store(tmp_path).load()
    assert noted.contacts.held_deflated  # neither the file's bytes held nor deflated here
    same(noted, plain)
    assert Store(tmp_path).peek()[0] is not None  # the language's look, the same way


def test_contacts_logged_since_are_noted_by_the_next_save(tmp_path: Path) -> None:
    store = saved(tmp_path)
    progress = store.load()
    progress.contacts.append({"id": "new", "person": "p1", "date": "2026-12-01", "kind": "call"})
    store.save(progress)
    again = Store(tmp_path).load()
    assert again.contacts.held_deflated and again.contacts.has("new")
    same(again, without_note(tmp_path))
    assert again.contacts.summary().newest["p1"] == "2026-12-01"


def test_a_note_of_another_file_is_not_taken(tmp_path: Path) -> None:
    saved(tmp_path)
    note = log_index.path_in(tmp_path).read_bytes()
    saved(tmp_path, contacts(12))  # another snapshot, and its own note
    log_index.path_in(tmp_path).write_bytes(note)  # the first one's note back
    loaded = Store(tmp_path).load()
    assert len(loaded.contacts) == 12 and not loaded.contacts.held_deflated


def test_an_array_changed_in_place_with_the_same_identity_is_read_whole(tmp_path: Path) -> None:
    """Same inode, size and time of change (a hand edit in place, the time put back): the
    array's CRC tells, and the file is read as it is."""
    saved(tmp_path)
    path = tmp_path / "progress.json"
    before = os.stat(path)
    raw = path.read_bytes()
    at = raw.index(b"c0007")
    with path.open("r+b") as f:
        f.seek(at)
        f.write(b"x0007")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    loaded = Store(tmp_path).load()
    assert loaded.contacts.has("x0007") and not loaded.contacts.has("c0007")


def test_a_head_changed_in_place_is_read_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note speaks for the array only: what is before and after it is parsed afresh."""
    saved(tmp_path)
    path = tmp_path / "progress.json"
    before = os.stat(path)
    raw = path.read_bytes()
    with path.open("r+b") as f:
        f.seek(raw.index(b'"Ada"'))
        f.write(b'"Bob"')
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    never_parsed(monkeypatch)
    loaded = Store(tmp_path).load()
    assert loaded.answers["people"][0]["name"] == "Bob"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda b: b"",
        lambda b: b[: len(b) // 2],  # torn
        lambda b: b"\x00" * len(b),
        lambda b: b.replace(b'"version":1', b'"version":99', 1),
        lambda b: b[:-10] + b"0123456789",  # the deflated log itself
        lambda b: b.replace(b'"ids":"\\n', b'"ids":"', 1),
        lambda b: b.replace(b'"newest":{', b'"newest":{"p9":7,', 1),
        lambda b: b.replace(b'"pairs":[', b'"pairs":[1,', 1),
        lambda b: b.replace(b'"start":', b'"start":-', 1),
    ],
)
def test_a_spoilt_note_is_passed_over(tmp_path: Path, spoil: Any) -> None:
    saved(tmp_path)
    plain = without_note(tmp_path)
    note = log_index.path_in(tmp_path)
    note.write_bytes(spoil(note.read_bytes()))
    loaded = Store(tmp_path).load()
    assert not loaded.contacts.held_deflated
    same(loaded, plain)


def test_opening_writes_no_note(tmp_path: Path) -> None:
    (tmp_path / "progress.json").write_bytes(orjson.dumps(document()))
    Store(tmp_path).load()
    Store(tmp_path).peek()
    assert not log_index.path_in(tmp_path).exists()


def test_a_note_that_cannot_be_written_is_no_failed_save(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder goes")
    saved(tmp_path)  # no error
    assert len(Store(tmp_path).load().contacts) == 40


def test_a_log_the_chunked_way_refuses_is_not_noted(tmp_path: Path) -> None:
    """Entries the quick load would not take as they are (a fraction, a list) are never
    noted: every load reads them the full way, as before."""
    odd = [*contacts(5), {"id": "c9", "person": "p1", "date": "2026-01-01", "kind": "call"}]
    odd[-1]["felt"] = 2.5
    store = Store(tmp_path)
    store.save(decode(orjson.dumps(document(odd)))[0])
    assert not log_index.path_in(tmp_path).exists()


entry = st.fixed_dictionaries(
    {
        "id": st.text(min_size=1, max_size=6),
        "person": st.sampled_from(["p1", "p2", "p3"]),
        "date": st.dates().map(lambda d: d.isoformat()),
        "kind": st.sampled_from(["call", "message"]),
    },
    optional={
        "note": st.one_of(st.sampled_from(TRICKY), st.text(max_size=20)),
        "felt": st.integers(0, 10),
        "expected": st.integers(0, 10),
    },
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(entry, min_size=1, max_size=30))
def test_any_log_loads_the_same_with_its_note_as_without(
    tmp_path_factory: pytest.TempPathFactory, log: list[dict[str, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("noted")
    try:
        progress = decode(orjson.dumps(document(log)))[0]
    except Exception:  # text no file can hold: not a log the coach saves
        return
    Store(folder).save(progress)
    if log_index.path_in(folder).exists():
        same(Store(folder).load(), without_note(folder))


def rewritten(folder: Path, change: Any) -> None:
    """The note with its JSON body changed by ``change`` and its lengths and CRC made to
    fit again (a note that is whole, but says something else)."""
    import zlib

    note = log_index.path_in(folder)
    raw = note.read_bytes()
    end = raw.index(b"\n")
    head = orjson.loads(raw[:end])
    body = orjson.loads(raw[end + 1 : end + 1 + head["body"]])
    blob = raw[end + 1 + head["body"] :]
    body, blob = change(body, blob)
    text = orjson.dumps(body)
    head.update(body=len(text), body_crc=zlib.crc32(text), deflated=len(blob))
    note.write_bytes(orjson.dumps(head) + b"\n" + text + blob)


def test_a_number_beyond_64_bits_before_the_log_is_kept_exactly(tmp_path: Path) -> None:
    """An adversarial pass: such a number in a record came back a float with the note
    (orjson's reading), and the next save wrote the float."""
    import json

    big = 123456789012345678901234567890
    doc = document()
    doc["answers"]["people"][0]["ext_id"] = big
    store = Store(tmp_path)
    store.save(decode(json.dumps(doc).encode())[0])
    assert log_index.path_in(tmp_path).exists()
    assert Store(tmp_path).load().answers["people"][0]["ext_id"] == big
    store.save(store.load())
    assert Store(tmp_path).load().answers["people"][0]["ext_id"] == big
    assert b"123456789012345678901234567890" in (tmp_path / "progress.json").read_bytes()


@pytest.mark.parametrize(
    "change",
    [
        lambda body, blob: ({**body, "ids": "\n"}, blob),  # crashed every command
        lambda body, blob: ({**body, "ids": body["ids"].replace("c0001", "", 1)}, blob),
        lambda body, blob: ({**body, "size": body["size"] + 1}, blob),
        lambda body, blob: ({**body, "start": body["start"] + 1}, blob),
    ],
)
def test_a_whole_note_that_does_not_fit_its_file_is_passed_over(
    tmp_path: Path, change: Any
) -> None:
    saved(tmp_path)
    plain = without_note(tmp_path)
    rewritten(tmp_path, change)
    loaded = Store(tmp_path).load()
    assert not loaded.contacts.held_deflated
    same(loaded, plain)


def test_a_deflated_log_that_is_not_the_files_is_never_taken(tmp_path: Path) -> None:
    """A note whose deflated log is another text of the same length (made on purpose):
    taken, it was shown and the next save wrote it over the user's own."""
    import zlib

    saved(tmp_path)
    raw = (tmp_path / "progress.json").read_bytes()
    start = raw.index(b'"contacts": [') + len(b'"contacts": ')
    close = raw.index(b'],\n  "pause_until"')
    fake = raw[start : close + 1].replace(b'"c0003"', b'"x0003"')
    assert fake != raw[start : close + 1]

    def swap(body: Any, blob: bytes) -> tuple[Any, bytes]:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        return body, packer.compress(fake) + packer.flush()

    rewritten(tmp_path, swap)
    loaded = Store(tmp_path).load()
    assert not loaded.contacts.held_deflated
    assert loaded.to_doc() == without_note(tmp_path).to_doc()


def test_a_save_killed_while_writing_the_note_leaves_no_temp_file_for_long(
    tmp_path: Path,
) -> None:
    store = saved(tmp_path)
    stale = tmp_path / "cache" / ".contact-log.999999-1.tmp"  # no process 999999
    stale.write_bytes(b"half a note")
    with store.locked():
        pass
    assert not stale.exists()


@pytest.mark.parametrize("odd", [b"NaN  ", b'"\\ud800"', b'"a\\u0000"'])
def test_a_head_the_full_path_looks_at_closer_is_read_the_full_way(
    tmp_path: Path, odd: bytes
) -> None:
    """NaN, a lone surrogate, a NUL: the note's quick reading of the head refuses each
    (orjson does), and the load says what the full path says."""
    home = tmp_path / "home"
    saved(home)
    path = home / "progress.json"
    before = os.stat(path)
    raw = path.read_bytes()
    at = raw.index(b'"grow"')  # the goal's text, 6 bytes: same size, in place
    with path.open("r+b") as f:
        f.seek(at)
        f.write(odd.ljust(6))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    copy = tmp_path / "copy"  # (another file: its note does not count)
    copy.mkdir()
    (copy / "progress.json").write_bytes(path.read_bytes())
    results: list[object] = []
    for folder in (home, copy):
        try:
            results.append(Store(folder).load().to_doc())
        except Exception as exc:
            results.append(type(exc))
    assert results[0] == results[1]

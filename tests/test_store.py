"""Saved progress: round trips, broken and future files, versions, backups, privacy."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach.data import migrations
from coach.data import store as store_mod
from coach.data.migrations import MIGRATIONS, SCHEMA_VERSION, migrate, version_of
from coach.data.progress import Progress
from coach.data.progress_schema import validate
from coach.data.store import BrokenEarlier, BrokenFile, NewerVersion, Store, decode

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "progress"
REALISTIC = FIXTURES / f"v{SCHEMA_VERSION}.json"
VERSION_FIXTURES = sorted(FIXTURES.glob("v*.json"))


def run_cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``coach --lang en ARGS`` on the data folder ``home``, run in this process as
    ``python -m coach`` runs it (``main``): a subprocess each time cost a fresh interpreter and
    its imports, some twenty a run, and tested nothing more here."""
    from coach.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COACH_HOME", str(home))
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--lang", "en", *args])
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def saved(home: Path, progress: Progress | None = None) -> Store:
    store = Store(home)
    store.save(progress or decode(REALISTIC.read_bytes())[0])
    return store


# -- round trips -------------------------------------------------------------------------
def test_save_and_load_round_trip(tmp_path: Path) -> None:
    original = decode(REALISTIC.read_bytes())[0]
    saved(tmp_path, original)
    assert Store(tmp_path).load() == original


def test_unknown_fields_survive_a_save(tmp_path: Path) -> None:
    doc = json.loads(REALISTIC.read_text())
    doc["from_a_newer_minor"] = {"nested": [1, "zwei", None], "flag": True}
    doc["answers"]["why/new_kind"] = {"shape": "we do not know yet"}
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "progress.json").write_text(json.dumps(doc))
    store = Store(tmp_path)
    progress = store.load()
    progress.set_tick("why/first-person", True)
    store.save(progress)
    again = json.loads((tmp_path / "progress.json").read_text())
    assert again["from_a_newer_minor"] == doc["from_a_newer_minor"]
    assert again["answers"]["why/new_kind"] == doc["answers"]["why/new_kind"]
    assert "why/first-person" in again["ticks"]


def test_previous_version_is_kept(tmp_path: Path) -> None:
    store = saved(tmp_path)
    first = (tmp_path / "progress.json").read_bytes()
    progress = store.load()
    progress.set_answer("why/goal", "anders")
    store.save(progress)
    assert (tmp_path / "backups" / "previous.json").read_bytes() == first
    assert store.backups(), "a timestamped backup is kept too"


# -- broken files are set aside, never overwritten -----------------------------------------
def assert_set_aside(home: Path, raw: bytes, reason_words: str) -> BrokenFile:
    home.mkdir(parents=True, exist_ok=True)
    (home / "progress.json").write_bytes(raw)
    with pytest.raises(BrokenFile) as info:
        Store(home).load()
    err = info.value
    assert not (home / "progress.json").exists()
    assert err.moved_to is not None and err.moved_to.read_bytes() == raw
    assert err.moved_to.name.startswith("progress.json.broken-")
    assert reason_words in str(err.reason)
    assert str(home / "progress.json") in err.message() and err.moved_to.name in err.message()
    return err


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x00" * 4096, "nul"),
        (b'{"schema_version": 1, "ticks": {}}\x00\x00\x00', "nul"),
        (b"not json at all", "not JSON"),
        (b"\xff\xfe{}", "UTF-8"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b"{}", "schema_version"),
        (b'{"schema_version": "1"}', "schema_version"),
        (b'{"schema_version": 1, "ticks": "all of them"}', "ticks"),
        (b'{"schema_version": 1, "ticks": {"a/b": "not a date"}}', "ticks"),
        (b"[" * 100_000 + b"]" * 100_000, "nested"),
        (b'{"schema_version": 0}', "migration"),
    ],
)
def test_unreadable_files_are_moved_aside(tmp_path: Path, raw: bytes, why: str) -> None:
    name = assert_set_aside(tmp_path, raw, why).moved_to.name  # type: ignore[union-attr]
    assert name.split("-", 3)[-1], "the name says why"


def test_reason_in_german_file_name_in_ascii(tmp_path: Path) -> None:
    from coach import i18n

    i18n.set_language("de")
    try:
        err = assert_set_aside(tmp_path, b"{oops", "")
        message = err.message()
    finally:
        i18n.set_language("en")
    assert "kein gültiges JSON" in message and "Zeile 1" in message
    assert "Eine intakte Sicherung zum Zurückholen gibt es leider nicht." in message
    assert "not JSON" not in message
    assert err.moved_to is not None and err.moved_to.name.endswith("-not-json")
    assert err.moved_to.name.isascii()


def test_truncated_at_every_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cut is seen and set aside. What is checked is what the files say, not that
    they would survive a power cut (test_faults.py): the ~3,000 folders skip their fsync,
    which took 5-20 s of waiting on the disk (loaded) and about 1.4 s of CPU."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    raw = REALISTIC.read_bytes()
    end = len(raw.rstrip())
    assert end > 1000
    for cut in range(end):
        home = tmp_path / str(cut)
        assert_set_aside(home, raw[:cut], "")


def test_set_aside_never_replaces_an_earlier_broken_file(tmp_path: Path) -> None:
    first = assert_set_aside(tmp_path, b"one", "not JSON")
    second = assert_set_aside(tmp_path, b"two", "not JSON")  # same second, same reason
    assert first.moved_to != second.moved_to
    assert first.moved_to.read_bytes() == b"one"  # type: ignore[union-attr]


def test_broken_file_offers_the_newest_good_backup(tmp_path: Path) -> None:
    store = saved(tmp_path)
    progress = store.load()
    progress.set_answer("why/goal", "zweite Fassung")
    store.save(progress)
    (tmp_path / "progress.json").write_bytes(b'{"schema_version": 1, "ticks": {')
    with pytest.raises(BrokenFile) as info:
        Store(tmp_path).load()
    assert info.value.backup == tmp_path / "backups" / "previous.json"
    assert "coach restore previous.json" in info.value.message()


def test_no_silent_fresh_start_after_a_set_aside(tmp_path: Path) -> None:
    assert_set_aside(tmp_path, b"{oops", "not JSON")
    with pytest.raises(BrokenEarlier) as info:
        Store(tmp_path).load()
    assert "nothing has been saved since" in info.value.message()
    assert "coach reset --yes" in info.value.message()


def test_cli_keeps_telling_until_the_user_decides(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = saved(home)
    good = store.load()
    good.set_answer("why/goal", "zweite Fassung")
    store.save(good)
    (home / "progress.json").write_bytes(b'{"schema_version": 1, "answers": {"why/goal": "ha')
    # commands that do not need the progress leave the file where it is
    assert run_cli(home, "where").returncode == 0
    assert (home / "progress.json").exists()
    first = one_error(run_cli(home, "status"))
    assert "could not be read" in first and "previous.json" in first
    for command in (["status"], ["export"], ["status", "--json"], ["reset", "--step", "why"]):
        again = one_error(run_cli(home, *command))
        assert "could not be read earlier" in again, command
    assert not (home / "progress.json").exists(), "nothing started afresh on its own"
    restored = run_cli(home, "restore", "previous.json")
    assert restored.returncode == 0, restored.stderr
    assert Store(home).load().answers == decode(REALISTIC.read_bytes())[0].answers
    assert run_cli(home, "status").returncode == 0
    assert len(list(home.glob("progress.json.broken-*"))) == 1, "the broken file is kept"


def test_reset_is_the_way_to_start_afresh_after_a_broken_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json").write_bytes(b"\x00" * 100)
    assert run_cli(home, "status").returncode == 1
    result = run_cli(home, "reset", "--yes")
    assert result.returncode == 0, result.stderr
    assert Store(home).load().ticks == {}
    assert next(home.glob("progress.json.broken-*")).read_bytes() == b"\x00" * 100


# -- versions ------------------------------------------------------------------------------
def newer_file(home: Path) -> bytes:
    home.mkdir(parents=True, exist_ok=True)
    doc = json.loads(REALISTIC.read_text())
    doc["schema_version"] = SCHEMA_VERSION + 1
    doc["something_new"] = {"we": "cannot know"}
    raw = json.dumps(doc, indent=3).encode()
    (home / "progress.json").write_bytes(raw)
    return raw


def test_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    raw = newer_file(tmp_path)
    before = os.stat(tmp_path / "progress.json")
    with pytest.raises(NewerVersion) as info:
        Store(tmp_path).load()
    assert f"schema version {SCHEMA_VERSION + 1}" in info.value.message()
    after = os.stat(tmp_path / "progress.json")
    assert (tmp_path / "progress.json").read_bytes() == raw
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert not list(tmp_path.glob("progress.json.broken-*"))


def test_newer_version_through_the_cli(tmp_path: Path) -> None:
    home = tmp_path / "home"
    raw = newer_file(home)
    for command in (
        ["status"],
        ["export"],
        ["reset", "--yes"],
        ["reset", "--step", "why", "--yes"],
    ):
        assert "newer coach" in one_error(run_cli(home, *command)), command
        assert (home / "progress.json").read_bytes() == raw
    assert not list(home.glob("progress.json.broken-*"))


def test_a_newer_backup_is_not_restored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    saved(home)
    current = (home / "progress.json").read_bytes()
    newer = tmp_path / "newer.json"
    newer_file(tmp_path / "x")
    newer.write_bytes((tmp_path / "x" / "progress.json").read_bytes())
    assert "cannot be used" in one_error(run_cli(home, "restore", str(newer)))
    assert (home / "progress.json").read_bytes() == current


@pytest.mark.parametrize("fixture", VERSION_FIXTURES, ids=lambda p: p.name)
def test_every_schema_version_migrates_and_twice_is_once(fixture: Path, tmp_path: Path) -> None:
    doc = json.loads(fixture.read_text())
    assert version_of(doc) == int(fixture.stem[1:])
    once = migrate(copy.deepcopy(doc))
    assert version_of(once) == SCHEMA_VERSION
    assert migrate(copy.deepcopy(once)) == once
    validate(once)
    # and through the store: loads, saves, and no answer or tick is lost
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "progress.json").write_bytes(fixture.read_bytes())
    store = Store(tmp_path)
    progress = store.load()
    store.save(progress)
    again = json.loads((tmp_path / "progress.json").read_text())
    assert set(again["answers"]) >= set(once.get("answers", {}))
    assert set(again["ticks"]) >= set(once.get("ticks", {}))


def test_there_is_a_fixture_for_every_version() -> None:
    versions = {int(p.stem[1:]) for p in VERSION_FIXTURES}
    assert versions == set(range(1, SCHEMA_VERSION + 1))
    assert set(MIGRATIONS) == set(range(1, SCHEMA_VERSION))


def test_migration_machinery_backs_up_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pretend next version (only in this test) exercises what a real one will use."""
    nxt = SCHEMA_VERSION + 1

    def to_next(doc: dict) -> dict:
        return {**doc, "schema_version": nxt, "renamed": doc.get("welcome_seen", False)}

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", nxt)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", nxt)
    monkeypatch.setitem(MIGRATIONS, SCHEMA_VERSION, to_next)
    raw = REALISTIC.read_bytes()
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "progress.json").write_bytes(raw)
    store = Store(tmp_path)
    progress = store.load()
    assert progress.schema_version == nxt and progress.extra["renamed"] is True
    Store(tmp_path).load()  # a second load does not pile up backups
    before = [p for p in store.backups() if p.name.endswith(f"-before-v{nxt}.json")]
    assert len(before) == 1 and before[0].read_bytes() == raw
    store.save(progress)
    assert json.loads((tmp_path / "progress.json").read_text())["schema_version"] == nxt


# -- backups and restore -------------------------------------------------------------------
def test_restore_list_and_restore(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = saved(home)
    first = (home / "progress.json").read_bytes()
    progress = store.load()
    progress.set_answer("why/goal", "zweite Fassung")
    store.save(progress)
    second = (home / "progress.json").read_bytes()

    listing = run_cli(home, "restore", "--list")
    assert listing.returncode == 0
    assert "previous.json" in listing.stdout and "progress-" in listing.stdout
    both = run_cli(home, "restore", "--list", "previous.json")  # (the name went unheard)
    assert both.returncode == 2 and "name it without --list" in both.stderr
    assert (home / "progress.json").read_bytes() == second

    result = run_cli(home, "restore", "previous.json")
    assert result.returncode == 0, result.stderr
    restored, backup = Store(home).load(), decode(first)[0]
    # Bringing a backup back is a change of its own (undo takes it back): its time is now.
    assert (restored.answers, restored.ticks) == (backup.answers, backup.ticks)
    assert Store(home).load().answer("why/goal") != "zweite Fassung"
    kept = [p for p in Store(home).backups() if p.name.endswith("before-restore.json")]
    assert kept and kept[0].read_bytes() == second


def test_restore_lists_the_newest_backup_first(tmp_path: Path) -> None:
    """ "newest first" listed previous.json first, above a backup made after it."""
    import os

    home = tmp_path / "home"
    store = saved(home)
    store.save(store.load())  # (previous.json: the state before this save)
    previous = home / "backups" / "previous.json"
    os.utime(previous, (1_000_000_000, 1_000_000_000))
    newer = Store(home).backup_now("by-hand")
    assert newer is not None
    listing = run_cli(home, "restore", "--list").stdout
    assert listing.index(newer.name) < listing.index("previous.json")


def test_restore_refuses_bad_or_missing_backups(tmp_path: Path) -> None:
    home = tmp_path / "home"
    saved(home)
    current = (home / "progress.json").read_bytes()
    (home / "backups").mkdir(mode=0o700)
    bad = home / "backups" / "progress-20200101-000000-000000.json"
    bad.write_bytes(b'{"schema_version": 1, "ticks": [')
    assert "cannot be used" in one_error(run_cli(home, "restore", bad.name))
    assert "no backup called" in one_error(run_cli(home, "restore", "nope.json"))
    assert (home / "progress.json").read_bytes() == current


def test_backups_stay_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "BACKUP_EVERY_SECONDS", -1)
    store = saved(tmp_path)
    progress = store.load()
    for n in range(store_mod.BACKUPS_KEPT + 5):
        progress.set_answer("why/goal", f"Fassung {n}")
        store.save(progress)
    assert len(store.backups()) == store_mod.BACKUPS_KEPT


def test_a_file_changed_elsewhere_is_kept_before_being_replaced(tmp_path: Path) -> None:
    mine = saved(tmp_path)
    progress = mine.load()
    theirs = Store(tmp_path)
    other = theirs.load()
    other.set_answer("why/goal", "von nebenan")
    theirs.save(other)
    progress.set_answer("why/goal", "meins")
    mine.save(progress)
    kept = [p for p in mine.backups() if p.name.endswith("changed-elsewhere.json")]
    assert kept and json.loads(kept[0].read_text())["answers"]["why/goal"] == "von nebenan"


# -- privacy -------------------------------------------------------------------------------
@pytest.mark.parametrize("umask", [0o022, 0o000, 0o002])
def test_modes_whatever_the_umask(
    tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli import commands
    from coach.cli import main as cli

    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setattr(store_mod, "BACKUP_EVERY_SECONDS", -1)
    old = os.umask(umask)
    try:
        store = saved(home)
        progress = store.load()
        progress.set_answer("why/goal", "zwei")
        store.save(progress)
        store.backup_now("before-test")
        with store.locked():
            pass
        export = tmp_path / "export.json"
        assert cli.main(["--lang", "en", "export", "-o", str(export)]) == 0

        def boom(*_: object) -> int:
            raise RuntimeError("boom")

        monkeypatch.setattr(commands, "cmd_where", boom)
        assert cli.main(["--lang", "en", "where"]) == 1
        (home / "progress.json").write_bytes(b"broken")
        with pytest.raises(BrokenFile):
            Store(home).load()
    finally:
        os.umask(old)
    capsys.readouterr()
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    seen = {"file": 0, "dir": 0}
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            seen["dir"] += 1
            assert mode == 0o700, path
        else:
            seen["file"] += 1
            assert mode == 0o600, path
    names = {p.name for p in home.rglob("*")}
    assert {"progress.lock", "previous.json", "backups", "logs"} <= names
    assert any(n.startswith("progress.json.broken-") for n in names)
    assert any(n.startswith("crash-") for n in names)
    assert seen["dir"] >= 3 and seen["file"] >= 6


def test_an_existing_open_folder_is_made_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    (home / "progress.json").write_bytes(REALISTIC.read_bytes())
    os.chmod(home / "progress.json", 0o644)
    store = Store(home)
    store.save(store.load())
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "backups" / "previous.json").stat().st_mode) == 0o600

"""Fault injection: kill -9 mid-save, failing system calls, full disk, read-only folder,
two processes, stale locks, unexpected errors. Each test fails if a promise breaks."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.cli import commands
from coach.cli import main as cli
from coach.data import store as store_module
from coach.data.progress import Progress
from coach.data.store import SaveFailed, Store, StoreError, decode, dump

ROOT = Path(__file__).resolve().parent.parent
REALISTIC = Path(__file__).resolve().parent / "fixtures" / "progress" / "v1.json"


def big_state(tag: str, notes: int = 400) -> Progress:
    """A realistic file made large (~150 KB) so a kill lands inside the write too."""
    progress = decode(REALISTIC.read_bytes())[0]
    progress.set_answer("why/goal", f"state {tag}")
    progress.set_answer(
        "strategy/people",
        [{"name": f"Person {n} {tag}", "why": "ü😀 [x] " * 40} for n in range(notes)],
    )
    return progress


def env_for(home: Path) -> dict[str, str]:
    return {**os.environ, "COACH_HOME": str(home), "PYTHONPATH": str(ROOT)}


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=env_for(home),
        cwd=ROOT,
        timeout=60,
    )


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*.tmp")]


# -- kill -9 at random moments -----------------------------------------------------------
def test_kill_9_while_saving_never_leaves_a_half_file(tmp_path: Path) -> None:
    a, b = big_state("A"), big_state("B")
    store = Store(tmp_path)
    store.save(a)
    allowed = {a.answer("why/goal"), b.answer("why/goal")}
    rng = random.Random(5)
    # About 70% of the kills land inside a write (the file is ~150 KB), so 80 rounds give
    # some 55 killed writes; the child burns a CPU while the parent waits, so not more.
    rounds, mid_write = 80, 0
    for _ in range(rounds):
        pid = os.fork()
        if pid == 0:  # child: hold the lock like the app does, and save forever
            try:
                child = Store(tmp_path)
                child.acquire()
                n = 0
                while True:
                    child.save(a if n % 2 else b)
                    n += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        mid_write += bool(temps(tmp_path))
        loaded = Store(tmp_path).load()  # never BrokenFile
        assert loaded.answer("why/goal") in allowed
        assert loaded in (a, b)
        previous = tmp_path / "backups" / "previous.json"
        if previous.exists():
            assert decode(previous.read_bytes())[0].answer("why/goal") in allowed
    assert not list(tmp_path.glob("progress.json.broken-*"))
    assert mid_write > 0, "no kill landed inside a save: the test proved nothing"
    # the next writer cleans up what the killed ones left
    with Store(tmp_path).locked():
        pass
    assert not temps(tmp_path)


# -- the n-th system call fails ------------------------------------------------------------
@contextlib.contextmanager
def nth_call_fails(name: str, n: int, error: OSError) -> Iterator[list[int]]:
    real = getattr(os, name)
    calls = [0]

    def fake(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == n:
            raise error
        return real(*args, **kwargs)

    setattr(os, name, fake)
    try:
        yield calls
    finally:
        setattr(os, name, real)


@pytest.mark.parametrize("name", ["write", "fsync", "replace", "link", "open"])
def test_every_failing_call_leaves_the_original_untouched(tmp_path: Path, name: str) -> None:
    failures = 0
    for n in range(1, 50):
        home = tmp_path / str(n)
        store = Store(home)
        store.save(big_state("old", 20))
        store.save(big_state("old", 21))  # so previous.json exists too
        original = (home / "progress.json").read_bytes()
        progress = store.load()
        progress.set_answer("why/goal", "the edit")
        error = OSError(errno.EIO, os.strerror(errno.EIO))
        with nth_call_fails(name, n, error) as calls:
            try:
                store.save(progress)
            except SaveFailed as exc:
                failed: SaveFailed | None = exc
            else:
                failed = None
        if failed is None:
            assert Store(home).load() == progress
            if calls[0] < n:
                break  # the fault was never reached: every call has been tried
            continue  # a call whose failure does not matter (fsync of the folder)
        failures += 1
        assert (home / "progress.json").read_bytes() == original
        assert os.strerror(errno.EIO) in failed.message()
        assert str(home / "progress.json") in failed.message()
        assert progress.answer("why/goal") == "the edit", "the edit is still in memory"
        assert not temps(home), "no temp file left behind"
        store.save(progress)  # the retry works
        assert Store(home).load() == progress
    else:
        pytest.fail("the save never stopped calling os." + name)
    # a failed hard link falls back to a copy, so the save goes through; the rest must fail
    assert failures > 0 or name == "link", f"no failure of os.{name} was ever injected"


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data[:7])))
    progress = big_state("short", 5)
    Store(tmp_path).save(progress)
    monkeypatch.undo()
    assert Store(tmp_path).load() == progress


def test_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    store = Store(home)
    store.save(big_state("old", 5))
    original = (home / "progress.json").read_bytes()
    export = tmp_path / "export.json"
    export.write_bytes(dump(big_state("new", 5)))
    monkeypatch.setenv("COACH_HOME", str(home))

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    progress = store.load()
    progress.set_answer("why/goal", "the edit")
    with pytest.raises(SaveFailed) as info:
        store.save(progress)
    assert "No space left on device" in info.value.message()
    assert cli.main(["--lang", "en", "import", str(export)]) == 1
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert (home / "progress.json").read_bytes() == original
    assert not temps(home)
    store.save(progress)  # space again: the edit kept in memory is saved
    assert Store(home).load().answer("why/goal") == "the edit"


# -- read-only data folder -----------------------------------------------------------------
def test_read_only_folder_with_chmod(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).save(big_state("old", 5))
    original = (home / "progress.json").read_bytes()
    export = tmp_path / "export.json"
    export.write_bytes(dump(big_state("new", 5)))
    os.chmod(home, 0o500)
    try:
        probe = home / "probe"
        try:
            probe.write_bytes(b"")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("permissions do not restrict this user (root)")
        for command in (["import", str(export)], ["reset", "--yes"], ["status"]):
            result = run_cli(home, *command)
            assert "Traceback" not in result.stderr, command
            if command[0] != "status":
                assert result.returncode == 1 and result.stderr.startswith("coach: "), command
        assert (home / "progress.json").read_bytes() == original
    finally:
        os.chmod(home, 0o700)


def test_read_only_file_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root a chmod does not stop us, so refuse every write like a read-only mount."""
    home = tmp_path / "home"
    Store(home).save(big_state("old", 5))
    Store(home).save(big_state("old", 6))
    original = (home / "progress.json").read_bytes()
    export = tmp_path / "export.json"
    export.write_bytes(dump(big_state("new", 5)))
    monkeypatch.setenv("COACH_HOME", str(home))
    real_open, real_link, real_replace = os.open, os.link, os.replace
    erofs = OSError(errno.EROFS, os.strerror(errno.EROFS))

    def ro_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and str(path).startswith(str(home)):
            raise erofs
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def refuse(*_: object, **__: object) -> None:
        raise erofs

    monkeypatch.setattr(os, "open", ro_open)
    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "rename", refuse)
    monkeypatch.setattr(os, "unlink", refuse)
    codes = {}
    for command in (["import", str(export)], ["reset", "--yes"], ["restore", "previous.json"]):
        codes[command[0]] = cli.main(["--lang", "en", *command])
    store = Store(home)
    progress = store.load()
    progress.set_answer("why/goal", "the edit")
    with pytest.raises(SaveFailed) as info:
        store.save(progress)
    (home / "progress.json").chmod(0o600)  # still readable
    monkeypatch.setattr(os, "open", real_open)
    monkeypatch.setattr(os, "link", real_link)
    monkeypatch.setattr(os, "replace", real_replace)
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert codes == {"import": 1, "reset": 1, "restore": 1}
    assert "Traceback" not in err and "unexpected" not in err
    assert err.count("Read-only file system") == 3, err
    assert "Read-only file system" in info.value.message()
    assert (home / "progress.json").read_bytes() == original


def test_broken_file_in_a_read_only_folder_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "progress.json").write_bytes(b"{half")

    def refuse(*_: object, **__: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(os, "rename", refuse)
    with pytest.raises(StoreError) as info:
        Store(tmp_path).load()
    monkeypatch.undo()
    assert "left where it is" in info.value.message()
    assert (tmp_path / "progress.json").read_bytes() == b"{half"


# -- two processes ------------------------------------------------------------------------
HOLDER = """
import sys, time
from pathlib import Path
from coach.data.store import Store
Store(Path(sys.argv[1])).acquire()
print("holding", flush=True)
time.sleep(120)
"""


def hold_lock(home: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home)],
        stdout=subprocess.PIPE,
        text=True,
        env=env_for(home),
        cwd=ROOT,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_second_writer_is_refused_and_a_killed_holder_frees_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The holder is another process; the commands run in this one (``cli.main``), where a
    change waits a fifth of a second for the lock instead of ``LOCK_WAIT`` (5 s, for a lock
    held for milliseconds): this one is held for good, so the answer is the same, sooner."""
    monkeypatch.setattr(store_module, "LOCK_WAIT", 0.2)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no one to answer a question

    def run(*command: str) -> tuple[int, str]:
        code = cli.main(["--lang", "en", "--data-dir", str(home), *command])
        return code, capsys.readouterr().err

    home = tmp_path / "home"
    Store(home).save(big_state("old", 5))
    Store(home).save(big_state("old", 6))
    original = (home / "progress.json").read_bytes()
    export = tmp_path / "export.json"
    export.write_bytes(dump(big_state("new", 5)))
    holder = hold_lock(home)
    try:
        for command in (["import", str(export)], ["reset", "--yes"], ["restore", "previous.json"]):
            code, err = run(*command)
            assert code == 1, command
            assert "the coach, open in another terminal" in err
            assert f"(pid {holder.pid})" in err
            assert len(err.strip().splitlines()) == 1
        assert run("status")[0] == 0, "reading is fine meanwhile"
        assert (home / "progress.json").read_bytes() == original
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    code, err = run("import", str(export))
    assert code == 0, err
    assert Store(home).load().answer("why/goal") == "state new"


def test_lock_is_reentrant_within_one_process(tmp_path: Path) -> None:
    store = Store(tmp_path)
    fd = store.acquire()
    try:
        with Store(tmp_path).locked():  # e.g. a restore started from inside the app
            Store(tmp_path).save(big_state("x", 2))
    finally:
        from coach.data.store import release

        release(fd)
    with Store(tmp_path).locked():
        pass


# -- unexpected errors ---------------------------------------------------------------------
def test_unexpected_error_is_one_sentence_and_a_private_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))

    def boom(*_: object) -> int:
        try:
            raise ValueError("Ana's phone number 0171 123456")
        except ValueError:
            raise RuntimeError("secret personal note") from None

    monkeypatch.setattr(commands, "cmd_status", boom)
    assert cli.main(["--lang", "en", "status"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "secret" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Something unexpected went wrong" in lines[0]
    logs = list((home / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    assert logs[0].stat().st_mode & 0o777 == 0o600
    text = logs[0].read_text()
    assert "RuntimeError" in text and "test_faults.py" in text
    assert "secret personal note" not in text and "0171" not in text
    assert str(Path.home()) not in text or str(Path.home()) == "/"

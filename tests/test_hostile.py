"""A file someone sends you must never drive your terminal (issue 16).

Every string of a hostile list goes into every field kind of an imported file (dates, tick
keys and the current step included); ``import``, ``status`` and ``sheet`` in every format,
on stdout and with ``-o``, must print no control byte other than newline and tab.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import RunCli

from coach.content.loader import load_course
from coach.data.book import Book
from coach.data.progress import Progress
from coach.data.store import dump

CONTENT = Path(__file__).resolve().parent.parent / "content"

HOSTILE = [
    "[bold]x[/] [@click=app.quit]y[/] [link=http://x.test]z[/link] [/",
    "\u001b]52;c;ZXZpbA==\u0007clip",
    "\u001b]0;PWNED\u0007title",
    "\u001b[2Jcleared",
    "\u009b2J eight-bit",
    "c1 \u0085\u008d\u0090dcs\u009c \u009d0;x\u009c",
    "nul\u0000byte",
    "rtl \u202eevil\u202c",
    "long " + "\u001b[31m" + "x" * 20_000,
]

# Any C0 control but tab and newline, DEL, any C1 control.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile_doc(hostile: str) -> dict[str, Any]:
    """A progress document with ``hostile`` in every field of the real content."""
    course = load_course(CONTENT)
    answers: dict[str, Any] = {}
    ticks: dict[str, str] = {}
    for step in course.steps:
        for fld in step.fields:
            key = f"{step.id}/{fld.id}"
            if fld.kind == "records":
                answers[key] = [
                    {sub.id: hostile for sub in fld.fields},
                    {sub.id: [hostile] for sub in fld.fields},
                ]
            elif fld.kind == "multi_choice":
                answers[key] = [hostile]
            else:
                answers[key] = hostile
        for item in step.checklist:
            ticks[f"{step.id}/{item.id}"] = "2026-01-01T00:00:00Z"
        ticks[f"{step.id}/{hostile}"] = "2026-01-01T00:00:00Z"
    doc = json.loads(dump(Progress()))
    doc.update(answers=answers, ticks=ticks, current_step=hostile, language=hostile)
    doc[hostile] = hostile  # an unknown top-level key is kept, never shown raw
    return doc


def assert_no_control(text: str, what: object) -> None:
    found = CONTROL.search(text)
    assert found is None, f"{what}: control byte {found.group()!r} in output"


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_no_control_byte_reaches_the_terminal(
    hostile: str, run_cli: RunCli, tmp_path: Path
) -> None:
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(doc := hostile_doc(hostile)), encoding="utf-8")
    result = run_cli("import", source)
    assert result.code == 0, result.err
    assert_no_control(result.out + result.err, "import")
    commands: list[list[str]] = [["status"], ["status", "--json"]]
    for fmt in ("text", "markdown", "html"):
        out = tmp_path / f"sheet.{fmt}"
        commands += [["sheet", "--format", fmt], ["sheet", "--format", fmt, "-o", str(out)]]
    for lang in ("en", "de"):
        for command in commands:
            result = run_cli("--lang", lang, *command)
            assert result.code == 0, (command, result.err)
            assert_no_control(result.out + result.err, command)
            if "-o" in command:
                assert_no_control(Path(command[-1]).read_text("utf-8"), command)
    # Kept in the file as it was: set aside for showing, never changed.
    saved = Book(tmp_path / "coach-home").load().to_doc(export=True)
    assert _as_given(saved["answers"], doc["answers"]) == doc["answers"]


def _as_given(saved: Any, given: Any) -> Any:
    """``saved`` with only the keys ``given`` had in each record (a newer schema may add
    its own, such as a record id)."""
    if isinstance(saved, dict) and isinstance(given, dict):
        return {k: _as_given(saved.get(k), v) for k, v in given.items()}
    if isinstance(saved, list) and isinstance(given, list) and len(saved) == len(given):
        return [_as_given(s, g) for s, g in zip(saved, given, strict=True)]
    return saved


def test_a_date_that_is_not_one_is_shown_as_not_a_date(run_cli: RunCli, tmp_path: Path) -> None:
    doc = hostile_doc("\u001b]52;c;ZXZpbA==\u0007clip")
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    assert run_cli("import", source).code == 0
    assert "not a date" in run_cli("sheet").out
    assert "kein Datum" in run_cli("--lang", "de", "sheet").out


@pytest.mark.parametrize("hostile", HOSTILE[1:4], ids=range(3))
def test_a_damaged_progress_file_is_reported_without_control_bytes(
    hostile: str, run_cli: RunCli, coach_home: Path
) -> None:
    doc = json.loads(dump(Progress()))
    doc["ticks"] = {hostile: "not a time"}
    coach_home.mkdir(parents=True)
    (coach_home / "progress.json").write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("status")
    assert result.code == 1
    assert_no_control(result.out + result.err, "status")
    assert "ticks" in result.err


@pytest.mark.parametrize("hostile", HOSTILE[1:4], ids=range(3))
def test_a_bad_import_is_reported_without_control_bytes(
    hostile: str, run_cli: RunCli, tmp_path: Path
) -> None:
    doc = json.loads(dump(Progress()))
    doc["ticks"] = {hostile: "not a time"}
    source = tmp_path / f"plan{hostile[:12]}.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("import", source)
    assert result.code == 1
    assert_no_control(result.out + result.err, "import")


def test_a_hostile_file_name_is_not_printed_raw(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "\u001b]0;PWNED\u0007\u009b2J.json"
    source.write_text(json.dumps(json.loads(dump(Progress()))), encoding="utf-8")
    result = run_cli("import", source)
    assert result.code == 0, result.err
    assert_no_control(result.out + result.err, "import")
    result = run_cli("sheet", "-o", tmp_path / "\u001b[2J.txt")
    assert result.code == 0, result.err
    assert_no_control(result.out + result.err, "sheet -o")


# -- one clear line where a crash was (issue 16, item 7) -----------------------------------
def run_raw(*argv: str, env: dict[str, str] | None = None, **streams: Any) -> tuple[int, str]:
    """``python -m coach`` with the given stdin/stdout (None: closed); (code, stderr)."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    closed = [
        n
        for n, stream in (("0", streams.get("stdin", 0)), ("1", streams.get("stdout", 0)))
        if stream is None
    ]
    # The shell closes a stream for us (Popen cannot start a child with fd 0 or 1 closed).
    redirects = " ".join(f"{n}>&-" if n == "1" else "<&-" for n in closed)
    command = " ".join(["exec", sys.executable, "-m", "coach", *argv, redirects])
    proc = subprocess.run(
        ["sh", "-c", command],
        cwd=ROOT,
        env=full_env,
        stdin=streams.get("stdin", subprocess.DEVNULL) or subprocess.DEVNULL,
        stdout=streams.get("stdout", subprocess.PIPE) or subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    return proc.returncode, proc.stderr


def test_closed_streams_and_a_full_disk_are_one_line_each(coach_home: Path) -> None:
    import os

    env = {"COACH_HOME": str(coach_home)}
    cases: list[tuple[list[str], dict[str, Any], str]] = [
        ([], {"stdin": None}, "needs a terminal"),
        (["reset"], {"stdin": None}, "--yes"),
        (["export"], {"stdout": None}, "Cannot write the output"),
    ]
    if os.path.exists("/dev/full"):
        for command in (["sheet"], ["export"], ["status"]):
            cases.append((command, {"stdout": "/dev/full"}, "No space left on device"))
    for argv, streams, said in cases:
        if streams.get("stdout") == "/dev/full":
            with open("/dev/full", "w") as full:
                code, err = run_raw(*argv, env=env, stdout=full)
        else:
            code, err = run_raw(*argv, env=env, **streams)
        assert code == 1, (argv, err)
        assert said in err and "unexpected" not in err and "Traceback" not in err, (argv, err)
        assert len(err.strip().splitlines()) == 1, (argv, err)


def test_a_change_with_its_output_closed_is_refused_before_it_is_made(
    coach_home: Path, run_cli: RunCli
) -> None:
    """``coach log NAME >&-`` saved the contact and then exited 1 ("nothing changed", as
    exit 1 says): a script trying again logged it twice."""
    from coach.data.store import Store

    progress = Progress(language="en")
    progress.answers["strategy/people"] = [{"id": "p", "name": "Ana"}]
    Store(coach_home).save(progress)
    code, err = run_raw("log", "Ana", env={"COACH_HOME": str(coach_home)}, stdout=None)
    assert code == 1 and "Cannot write the output" in err, err
    assert Book(coach_home).load().contacts == [], "refused, and nothing changed"


@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONUTF8": "0", "LC_ALL": "C"}], ids=str
)
def test_a_terminal_that_cannot_show_the_text_gets_replacement_characters(
    env: dict[str, str], coach_home: Path
) -> None:
    import os
    import subprocess
    import sys

    from conftest import ROOT

    for argv in (["status"], ["sheet"], ["export"], ["--help"], ["status", "--json"]):
        proc = subprocess.run(
            [sys.executable, "-m", "coach", "--lang", "de", *argv],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "COACH_HOME": str(coach_home), **env},
            capture_output=True,
            timeout=60,
        )
        assert proc.returncode == 0, (argv, proc.stderr)
        assert proc.stdout.strip() and b"Traceback" not in proc.stderr, argv


def test_import_on_a_full_disk_does_not_speak_of_a_screen(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    source = tmp_path / "plan.json"
    source.write_bytes(dump(Progress()))

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    for lang, unchanged in (("en", "unchanged"), ("de", "unverändert")):
        result = run_cli("--lang", lang, "import", source)
        assert result.code == 1
        assert unchanged in result.err and "screen" not in result.err, result.err
        assert "Bildschirm" not in result.err


# -- hangs and misleading messages (items 4 and 8) -----------------------------------------
def test_a_fifo_in_the_backups_does_not_hang_status(coach_home: Path) -> None:
    import os
    import subprocess
    import sys

    from conftest import ROOT

    (coach_home / "backups").mkdir(parents=True)
    (coach_home / "progress.json").write_text("{ damaged")
    os.mkfifo(coach_home / "backups" / "previous.json")
    os.mkfifo(coach_home / "backups" / "progress-20260101-000000-000000.json")
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "status"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COACH_HOME": str(coach_home)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,  # a hang fails here instead of blocking the suite
    )
    assert proc.returncode == 1 and "could not be read" in proc.stderr, proc.stderr
    assert "no good backup" in proc.stderr


@pytest.mark.parametrize("kind", ["fifo", "folder", "link loop"])
def test_a_step_file_that_is_not_a_file_is_named_so(
    kind: str, run_cli: RunCli, tmp_path: Path
) -> None:
    import os
    import shutil

    from conftest import OTHER_CONTENT

    folder = tmp_path / "c"
    shutil.copytree(OTHER_CONTENT, folder)
    odd = folder / "steps" / "x.yaml"
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "folder":
        odd.mkdir()
    else:
        os.symlink("x.yaml", odd)
    result = run_cli("validate", folder)
    assert result.code == 1
    assert "x.yaml:1: (top): not a regular file" in result.err, result.err
    assert "missing" not in result.err


# -- a symlinked progress file is refused, never followed or detached (item 6) --------------
@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
def test_a_linked_progress_file_is_refused_and_its_target_left_alone(
    relative: bool, run_cli: RunCli, coach_home: Path, tmp_path: Path
) -> None:
    import os
    import stat

    elsewhere = tmp_path / "elsewhere" / "real.json"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(dump(Progress(current_step="why")))
    os.chmod(elsewhere, 0o644)
    before = elsewhere.read_bytes()
    coach_home.mkdir(parents=True)
    link = coach_home / "progress.json"
    os.symlink(os.path.relpath(elsewhere, coach_home) if relative else elsewhere, link)
    source = tmp_path / "plan.json"
    source.write_bytes(dump(Progress()))
    for lang, said in (("en", "is a link to"), ("de", "ist ein Link auf")):
        for command in (["status"], ["sheet"], ["export"], ["import", str(source)]):
            result = run_cli("--lang", lang, *command)
            assert result.code == 1, (command, result.out)
            assert said in result.err and "unexpected" not in result.err, (command, result.err)
    result = run_cli("reset", "--yes")
    assert result.code == 1 and "link" in result.err
    assert link.is_symlink() and elsewhere.read_bytes() == before
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o644
    assert not (coach_home / "backups").exists() or not any((coach_home / "backups").iterdir())


def test_the_ui_refuses_a_linked_progress_file(
    coach_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    from coach.application.session import Session
    from coach.tui.launch import run

    elsewhere = tmp_path / "real.json"
    elsewhere.write_bytes(dump(Progress()))
    coach_home.mkdir(parents=True)
    os.symlink(elsewhere, coach_home / "progress.json")
    assert run(Session.from_options(str(coach_home), None, "en")) == 1
    assert "is a link to" in capsys.readouterr().err


def test_a_link_planted_as_the_lock_file_is_not_followed(
    coach_home: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    import os

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    coach_home.mkdir(parents=True)
    os.symlink(victim, coach_home / "progress.lock")
    result = run_cli("import", _empty_export(tmp_path))
    assert result.code == 1 and "link" in result.err, result.err
    assert victim.read_text() == "keep me"


def _empty_export(tmp_path: Path) -> Path:
    source = tmp_path / "empty-plan.json"
    source.write_bytes(dump(Progress()))
    return source


# -- still open from the last round (item 9) ------------------------------------------------
def test_new_parent_folders_of_a_new_data_folder_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import stat

    from coach.cli.main import main

    base = tmp_path / "base"
    base.mkdir()
    os.chmod(base, 0o755)
    home = base / "a" / "b" / "coach"
    monkeypatch.setenv("COACH_HOME", str(home))
    old = os.umask(0o022)
    try:
        assert main(["import", str(_empty_export(tmp_path))]) == 0
    finally:
        os.umask(old)
    for folder in (base / "a", base / "a" / "b", home, home / "backups"):
        if folder.exists():
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(base.stat().st_mode) == 0o755  # there before: not ours to change


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_not_a_number_in_an_imported_file_is_refused_with_the_field(
    number: str, run_cli: RunCli, tmp_path: Path
) -> None:
    doc = json.loads(dump(Progress()))
    doc["answers"] = {"why/goal": "fine", "strategy/people": [{"name": "Ana", "score": 1.5}]}
    raw = json.dumps(doc).replace("1.5", number)
    source = tmp_path / "plan.json"
    source.write_text(raw)
    for lang in ("en", "de"):
        result = run_cli("--lang", lang, "import", source)
        assert result.code == 1, result.out
        assert "answers.strategy/people.0.score" in result.err, result.err
    assert not (tmp_path / "coach-home" / "progress.json").exists()


def test_a_fifo_in_place_of_the_content_snapshot_does_not_hang(coach_home: Path) -> None:
    import os
    import subprocess
    import sys

    from conftest import CONTENT, ROOT

    from coach.content.compiled import snapshot_path

    env = {**os.environ, "PYTHONPATH": str(ROOT), "COACH_HOME": str(coach_home)}
    snapshot = snapshot_path(coach_home, CONTENT.resolve())
    snapshot.parent.mkdir(parents=True)
    os.mkfifo(snapshot)
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "status"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,  # a hang fails here instead of blocking the suite
    )
    assert proc.returncode == 0, proc.stderr


def test_output_to_a_device_is_refused_and_never_replaced(run_proc, coach_home):
    """A device other than /dev/stdout is refused in one line (issue 25); /dev/stdout is
    standard output, through the same gate."""
    import os
    import stat

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    for command in (["sheet"], ["export"], ["calendar"]):
        result = run_proc(*command, "-o", "/dev/full", env={"COACH_HOME": str(coach_home)})
        assert result.code == 1 and "not a regular file" in result.err, result.err
        assert len(result.err.strip().splitlines()) == 1
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    result = run_proc("sheet", "-o", "/dev/stdout", env={"COACH_HOME": str(coach_home)})
    assert result.code == 0 and "My networking strategy" in result.out, result.err

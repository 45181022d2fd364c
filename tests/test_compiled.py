"""The fast read path of `coach status` and `coach sheet`: the compiled course snapshot and
the pydantic-free progress load. It must say exactly what the full load says, notice every
content edit, and leave every broken, old or odd progress file to the pydantic schema."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, FIXTURES, OTHER_CONTENT, ROOT, RunCli

from coach.content import compiled
from coach.content.loader import load_course
from coach.data.migrations import SCHEMA_VERSION
from coach.data.progress import Progress
from coach.data.progress_schema import validate
from coach.domain.status import status_report
from coach.sheet import render

FULL = FIXTURES / "sheet" / "full.json"


def copy_content(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def realistic_progress(course: Any) -> dict[str, Any]:
    """Some ticks, picks, texts and records for any content folder."""
    ticks: dict[str, str] = {}
    answers: dict[str, Any] = {}
    stamp = "2026-04-01T09:05:00Z"
    for step in course.steps:
        for i, item in enumerate(step.checklist):
            if i % 2 == 0:
                ticks[f"{step.id}/{item.id}"] = stamp
        for field in step.fields:
            key = f"{step.id}/{field.id}"
            if field.kind in ("choice", "multi_choice"):
                ids = [o.id for o in course.options_for(field)][:2]
                answers[key] = ids if field.kind == "multi_choice" else ids[0]
            elif field.kind in ("short_text", "long_text"):
                answers[key] = f"My {field.id}"
            elif field.kind == "number":
                answers[key] = 3
            elif field.kind == "date":
                answers[key] = "2026-06-01"
            elif field.kind == "records":
                answers[key] = [
                    {"id": f"{key}-{n}", **{sub.id: f"{sub.id} {n}" for sub in field.fields}}
                    for n in (1, 2)
                ]
        pcc = step.per_choice_checklist
        if pcc is not None:
            for entry in ["linkedin", "xing", "beans", "basil", "tomatoes"]:
                ticks[f"{step.id}/{entry}/{pcc.items[0].id}"] = stamp
    return {
        "schema_version": SCHEMA_VERSION,
        "started_at": "2026-04-01T09:00:00Z",
        "updated_at": "2026-05-03T18:30:00.123456+02:00",
        "current_step": course.steps[1].id,
        "welcome_seen": True,
        "language": "en",
        "ticks": ticks,
        "answers": answers,
    }


def run_py(home: Path, code: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "COACH_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# -- the snapshot says what the full load says -----------------------------------------------
@pytest.mark.parametrize("source", [CONTENT, OTHER_CONTENT], ids=["bundled", "other"])
def test_status_and_sheet_are_the_same_from_the_snapshot(
    tmp_path: Path, coach_home: Path, source: Path
) -> None:
    root = copy_content(source, tmp_path / "content")
    full = load_course(root)
    doc = json.loads(FULL.read_text("utf-8")) if source == CONTENT else realistic_progress(full)
    compiled.load(root, coach_home)
    snap = compiled.read(root, coach_home)
    assert snap is not None
    assert snap.steps is not full.steps and snap.steps == full.steps  # rebuilt, same objects
    progress, view = validate(json.loads(json.dumps(doc))), Progress.from_doc(doc)
    assert view is not None
    for lang in ("en", "de"):
        expected = status_report(full, progress, lang)
        assert status_report(snap, view, lang) == expected
        assert expected["overall"]["done"] > 0
        if full.sheet is not None:
            for fmt in ("text", "markdown", "html"):
                assert render(snap, view, fmt, lang) == render(full, progress, fmt, lang)


def test_cli_output_is_the_same_with_a_cold_and_a_warm_snapshot(
    run_cli: RunCli, coach_home: Path, real_load: list[Path]
) -> None:
    """Cold: the YAML loaded and checked in full (``real_load``), the snapshot written;
    warm: the snapshot read. In process: the same ``main`` as the command."""
    coach_home.mkdir()
    (coach_home / "progress.json").write_bytes(FULL.read_bytes())
    for argv in (["status"], ["status", "--json"], ["sheet", "--format", "markdown"]):
        shutil.rmtree(coach_home / "cache", ignore_errors=True)
        loads = len(real_load)
        cold = run_cli("--lang", "de", *argv)
        assert len(real_load) == loads + 1, "the cold run loaded the YAML"
        assert list((coach_home / "cache").glob("course-*.json"))
        warm = run_cli("--lang", "de", *argv)
        assert len(real_load) == loads + 1, "the warm run read the snapshot"
        assert cold.code == warm.code == 0, (cold.err, warm.err)
        assert warm.out == cold.out and warm.err == cold.err == ""


# -- a changed content file is always loaded afresh --------------------------------------------
def test_a_broken_edit_is_reported_never_hidden_by_the_snapshot(
    tmp_path: Path, run_cli: RunCli, coach_home: Path
) -> None:
    root = copy_content(CONTENT, tmp_path / "content")
    assert run_cli("--content", root, "status").code == 0
    assert compiled.read(root, coach_home) is not None
    step = root / "steps" / "03-accounts.yaml"
    text = step.read_text("utf-8")
    step.write_text(text.replace("\ntitle:", "\ntitel:", 1), "utf-8")
    assert compiled.read(root, coach_home) is None
    for argv in (["status"], ["sheet"]):
        result = run_cli("--content", root, *argv)
        assert result.code == 1
        assert "03-accounts.yaml:" in result.err and "title: required field is missing" in (
            result.err
        )


def test_an_edit_of_the_same_size_and_time_and_a_new_step_are_seen(
    tmp_path: Path, run_cli: RunCli, coach_home: Path
) -> None:
    root = copy_content(OTHER_CONTENT, tmp_path / "content")
    assert "Sow the seeds" in run_cli("--content", root, "status").out
    assert compiled.read(root, coach_home) is not None
    step = root / "steps" / "10-seeds.yaml"
    before = step.stat()
    step.write_text(step.read_text("utf-8").replace("Sow the seeds", "Sow the beans"), "utf-8")
    os.utime(step, ns=(before.st_atime_ns, before.st_mtime_ns))  # only the bytes tell
    assert step.stat().st_size == before.st_size
    assert compiled.read(root, coach_home) is None
    extra = root / "steps" / "40-rest.yml"
    extra.write_text(
        "id: rest\ntitle:\n  en: Rest\n  de: Ruhe\nbody:\n  en: Sit.\n  de: Sitz.\n", "utf-8"
    )
    out = run_cli("--content", root, "status").out
    assert "Sow the beans" in out and "Sow the seeds" not in out
    assert "Rest" in out.splitlines()[-1]
    # Files edited just now are snapshotted at once (no file time has to settle).
    snap = compiled.read(root, coach_home)
    assert snap is not None and [s.id for s in snap.steps][-1] == "rest"
    extra.unlink()
    assert compiled.read(root, coach_home) is None
    assert "Rest" not in run_cli("--content", root, "status").out


def test_a_file_changed_during_the_load_is_not_snapshotted(
    tmp_path: Path, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot must hold the bytes its fingerprint names: an edit saved while the
    loader reads would otherwise be hidden behind the older course."""
    from coach.content import loader

    root = copy_content(OTHER_CONTENT, tmp_path / "content")
    step = root / "steps" / "10-seeds.yaml"
    real = loader.load_course

    def load_then_edit(folder: Path) -> Any:
        course = real(folder)
        step.write_text(step.read_text("utf-8").replace("Sow the seeds", "Sow beans"), "utf-8")
        return course

    monkeypatch.setattr(loader, "load_course", load_then_edit)
    compiled.load(root, coach_home)
    assert compiled.read(root, coach_home) is None
    monkeypatch.setattr(loader, "load_course", real)
    compiled.load(root, coach_home)
    snap = compiled.read(root, coach_home)
    assert snap is not None and snap.steps[0].title["en"] == "Sow beans"


def test_a_changed_catalog_outside_the_folder_is_seen(tmp_path: Path, coach_home: Path) -> None:
    root = copy_content(CONTENT, tmp_path / "content")
    catalog = tmp_path / "shared-networks.yaml"
    shutil.move(root / "networks.yaml", catalog)
    meta = root / "coach.yaml"
    meta.write_text(
        meta.read_text("utf-8").replace("networks: networks.yaml", f"networks: {catalog}"),
        "utf-8",
    )
    compiled.load(root, coach_home)
    assert compiled.read(root, coach_home) is not None
    catalog.write_text(catalog.read_text("utf-8").replace("LinkedIn", "LinkedOut"), "utf-8")
    assert compiled.read(root, coach_home) is None


def test_an_unwritable_data_folder_only_loses_the_snapshot(
    tmp_path: Path, run_cli: RunCli, coach_home: Path
) -> None:
    coach_home.mkdir()
    (coach_home / "cache").write_text("not a folder", "utf-8")
    result = run_cli("status")
    assert result.code == 0 and result.err == ""
    assert compiled.read(CONTENT, coach_home) is None


def test_a_damaged_snapshot_means_a_full_load(
    tmp_path: Path, run_cli: RunCli, coach_home: Path
) -> None:
    expected = run_cli("status", "--json").out
    snapshot = compiled.snapshot_path(coach_home, CONTENT)
    for damage in (b"", b"{", b'{"format": 1}', snapshot.read_bytes()[:-40]):
        snapshot.write_bytes(damage)
        assert compiled.read(CONTENT, coach_home) is None
        assert run_cli("status", "--json").out == expected
    assert compiled.read(CONTENT, coach_home) is not None  # written afresh


# -- no pydantic, textual or rich on the fast path ---------------------------------------------
IMPORTS = r"""
import contextlib, io, json, sys
from coach.cli.main import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"pydantic", "textual", "rich", "yaml"})
classes = "dataclasses" in sys.modules  # docs/architecture.md: none on the way to status
print(json.dumps({"code": code, "heavy": heavy, "dataclasses": classes, "out": out.getvalue()}))
"""


@pytest.mark.parametrize("argv", [["status"], ["status", "--json"], ["sheet", "--format", "html"]])
def test_status_and_sheet_with_a_warm_snapshot_import_no_pydantic(
    coach_home: Path, argv: list[str]
) -> None:
    coach_home.mkdir()
    (coach_home / "progress.json").write_bytes(FULL.read_bytes())
    cold = json.loads(run_py(coach_home, IMPORTS, *argv).stdout)
    assert cold["code"] == 0 and "pydantic" in cold["heavy"]  # the first run loads the YAML
    warm = json.loads(run_py(coach_home, IMPORTS, *argv).stdout)
    assert warm["code"] == 0
    assert warm["heavy"] == []
    assert warm["out"] == cold["out"]
    if argv[0] == "status":  # a dataclass costs ~0.6 ms to define, and brings inspect
        assert not warm["dataclasses"], "coach status defines no dataclass on its way"


# -- the fast progress load takes only what the schema would take unchanged --------------------
def test_the_fast_load_takes_a_plainly_valid_file() -> None:
    doc = json.loads(FULL.read_text("utf-8"))
    full = validate(json.loads(FULL.read_text("utf-8")))
    view = Progress.from_doc(doc)
    assert view is not None
    assert view == full
    assert view.ticks.keys() == full.ticks.keys()
    assert view.answers == full.answers
    assert (view.current_step, view.language) == (full.current_step, full.language)
    assert (view.started_at, view.updated_at) == (full.started_at, full.updated_at)
    assert view.is_ticked("why/read-why") and not view.is_ticked("why/nothing")


ODD: list[tuple[str, Any]] = [
    ("schema_version", 0),
    ("schema_version", SCHEMA_VERSION + 1),
    ("schema_version", SCHEMA_VERSION - 1),
    ("schema_version", True),
    ("schema_version", "1"),
    ("started_at", None),
    ("started_at", "2026-04-01"),
    ("started_at", 1775000000),
    ("updated_at", "2026-13-01T00:00:00Z"),
    ("updated_at", "yesterday"),
    ("current_step", 5),
    ("language", ["en"]),
    ("welcome_seen", "yes"),
    ("ticks", []),
    ("ticks", {"why/read-why": 1775000000}),
    ("ticks", {"why/read-why": None}),
    ("answers", []),
]


@pytest.mark.parametrize(("key", "value"), ODD, ids=[f"{k}={v!r}" for k, v in ODD])
def test_anything_odd_is_left_to_the_full_load(key: str, value: Any) -> None:
    doc = json.loads(FULL.read_text("utf-8"))
    if value is None and key == "started_at":
        del doc[key]
    else:
        doc[key] = value
    assert Progress.from_doc(doc) is None


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"\x00\x00", b'{"schema_version": 1, "ticks": {"a": "soon"}}', b'{"x": 1}'],
    ids=["empty", "truncated", "nul", "wrong-schema", "no-version"],
)
def test_status_reports_a_broken_file_exactly_as_the_full_load(
    tmp_path: Path, run_cli: RunCli, coach_home: Path, raw: bytes
) -> None:
    """Same messages as the full load (via `coach export`), file set aside, then refused."""

    def twice(command: str) -> list[str]:
        home = tmp_path / command
        home.mkdir()
        (home / "progress.json").write_bytes(raw)
        messages = []
        for _ in range(2):
            result = run_cli("--data-dir", home, command)
            assert result.code == 1 and result.out == ""
            assert not (home / "progress.json").exists()
            assert len(list(home.glob("progress.json.broken-*"))) == 1
            messages.append(re.sub(r"broken-\d{8}-\d{6}", "broken-X", result.err))
        return [m.replace(str(home), "HOME") for m in messages]

    expected = twice("export")
    assert "broken-X" in expected[0]
    assert twice("status") == expected
    assert twice("sheet") == expected


def test_a_file_only_the_full_load_reads_still_counts(tmp_path: Path, run_cli: RunCli) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json").write_text('{"schema_version": 1, "ticks": {"why/read-why": 5}}')
    assert Progress.from_doc(json.loads((home / "progress.json").read_text())) is None
    result = run_cli("--data-dir", home, "status", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["overall"]["done"] == 1
    assert (home / "progress.json").exists() and not list(home.glob("*.broken-*"))


def test_an_older_version_is_migrated_by_the_full_load(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version the view does not take goes through Store.load: migrated, backed up first."""
    from coach.data import migrations
    from coach.data import store as store_mod

    nxt = SCHEMA_VERSION + 1
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", nxt)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", nxt)
    monkeypatch.setitem(
        migrations.MIGRATIONS, SCHEMA_VERSION, lambda doc: {**doc, "schema_version": nxt}
    )
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json").write_bytes(FULL.read_bytes())
    result = run_cli("--data-dir", home, "status", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["overall"]["done"] > 0
    assert len(list((home / "backups").glob(f"progress-*-before-v{nxt}.json"))) == 1


def test_a_newer_version_is_refused_and_left_alone(tmp_path: Path, run_cli: RunCli) -> None:
    home = tmp_path / "home"
    home.mkdir()
    doc = json.loads(FULL.read_text("utf-8"))
    doc["schema_version"] = 99
    (home / "progress.json").write_text(json.dumps(doc), "utf-8")
    before = (home / "progress.json").read_bytes()
    for command in ("status", "sheet"):
        result = run_cli("--data-dir", home, command)
        assert result.code == 1 and "99" in result.err
    assert (home / "progress.json").read_bytes() == before


def test_a_missing_file_after_a_broken_one_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json.broken-20260101-000000-not-json").write_bytes(b"{")
    for command in ("status", "sheet"):
        result = run_cli("--data-dir", home, command)
        assert result.code == 1 and "broken-20260101" in result.err


OPEN_UI = r"""
import asyncio, json, sys
from coach import i18n
from coach.application.session import Session
from coach.tui.app import CoachApp
from tests.tui.conftest import settled, start, wait_for

async def main():
    session = Session.from_options(None, None, "en")
    i18n.set_language(session.resolve_language())
    app = CoachApp(session, progress=session.progress)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        if app.get_screen_main() is None:  # the state has follow-ups due: it opened on Today
            await pilot.press("escape")
        await wait_for(pilot, lambda: settled(app), "the step built")
        shown = app.get_screen_main().query_one("#step-head").render()
    return str(shown)

head = asyncio.run(main())
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"pydantic", "yaml", "markdown_it"})
print(json.dumps({"heavy": heavy, "head": head}))
"""


def test_opening_the_ui_with_a_warm_snapshot_loads_no_pydantic_yaml_or_markdown(
    coach_home: Path,
) -> None:
    """What makes the coach open fast: the step on screen without the heavy libraries."""
    coach_home.mkdir()
    (coach_home / "progress.json").write_bytes(FULL.read_bytes())
    assert run_py(coach_home, IMPORTS, "status").returncode == 0  # writes the snapshot
    proc = run_py(coach_home, OPEN_UI)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["heavy"] == []
    assert result["head"].strip()  # the step really was shown


def test_the_fingerprint_lists_the_files_rglob_would(tmp_path: Path) -> None:
    """One walk of the content folder, as ``Path.rglob("*.yaml")`` and ``("*.yml")`` list it:
    nested folders, hidden files and links to files in; links to folders not followed."""
    root = tmp_path / "content"
    (root / "steps" / "deep").mkdir(parents=True)
    (root / "a.yaml").write_text("a: 1\n")
    (root / "steps" / "b.yml").write_text("b: 1\n")
    (root / "steps" / "deep" / ".hidden.yaml").write_text("c: 1\n")
    (root / "steps" / "notes.txt").write_text("not content\n")
    (root / "folder.yaml").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "far.yaml").write_text("d: 1\n")
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    (root / "one.yaml").symlink_to(elsewhere / "far.yaml")
    by_rglob = {f.relative_to(root).as_posix() for p in ("*.yaml", "*.yml") for f in root.rglob(p)}
    listed = {row[0] for row in compiled.fingerprint(root, [])}
    assert listed == by_rglob
    assert "linked/far.yaml" not in listed and "steps/deep/.hidden.yaml" in listed

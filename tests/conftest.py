"""Shared test setup: a private data folder per test, no locale from the developer's shell."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OTHER_CONTENT = FIXTURES / "other_content"

LOCALE_VARS = ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")


def _bytecode_cached() -> None:
    """Python's own bytecode cache, whatever the machine's environment says: with
    ``PYTHONDONTWRITEBYTECODE`` set (as on some CI images), each test worker and each
    ``python -m coach`` a test starts compiled the whole package from source again, a
    sixth of the suite's CPU. Set before the workers start, so they and their children
    write and read ``__pycache__`` as a user's Python does."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False


_bytecode_cached()


def _quicker_pilot() -> None:
    """Pilot waits for the app to go idle after every key and every ``pause()``: it sleeps in
    windows of 1/50 s until one passes with (almost) no CPU used, and a screen repaints at
    most every 1/60 s. Those idle windows were about a third of the suite's time (two per
    key typed). Here a screen may repaint every 1/240 s and a window is 1/100 s, still more
    than two frames (so a pending repaint is not taken for idleness), with "idle" still
    meaning under a tenth of the window spent computing. What the screen shows is the same;
    only the waiting is shorter. Textual has no public knob for either (TEXTUAL_FPS is read
    when Textual is imported, before this file; tests/tui/test_textual_private.py fails
    loudly if these names move)."""
    import os

    if os.environ.get("COACH_TEST_SLOW_PILOT"):  # Textual's own timing, to compare
        return
    from textual import _wait, screen

    screen.UPDATE_PERIOD = 1 / 240  # type: ignore[misc]  # a Final, changed on purpose
    _wait.SLEEP_GRANULARITY = 1 / 100
    _wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 10


def _fewer_garbage_collections() -> None:
    """A worker keeps the modules, the collected tests and Textual's caches alive all run
    long, and Python's cyclic collector walked that whole heap again and again: over a
    quarter of the UI tests' CPU. Collections are rarer here (per generation: 5000 new
    objects, 20 and 100 younger collections; Python's defaults are 700, 10, 10); garbage
    is still collected, and no test depends on when. coach's own use of the collector
    (paused while starting, back on after the first frame) is tested as before."""
    import gc

    gc.set_threshold(5000, 20, 100)


def _parse_css_once() -> None:
    """Every app parses its stylesheet (app.tcss and each widget's DEFAULT_CSS) afresh:
    Textual caches a parse per app only, and a test opens a new app, some hundreds a run
    per worker (about a tenth of a UI test's CPU). Here a worker parses each piece of CSS
    once for the same variables (the theme's) and hands every later app the same rules, as
    Textual's own cache does within one app when it parses again. A parse that fails is not
    kept. ``COACH_TEST_FULL_CSS=1`` turns it off (tui/test_textual_private.py checks the
    name this replaces)."""
    if os.environ.get("COACH_TEST_FULL_CSS"):
        return
    from textual.css import parse, stylesheet

    full = parse.parse  # what stylesheet.py imports by that name
    done: dict[tuple[Any, ...], list[Any]] = {}
    themes: dict[tuple[Any, ...], int] = {}  # the variables' tokens, each set numbered once
    seen: list[Any] = [None, 0]  # the last app's tokens (a dict per app) and their number

    def parse_once(
        scope: str,
        css: str,
        read_from: Any,
        variables: dict[str, str] | None = None,
        variable_tokens: dict[str, list[Any]] | None = None,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
    ) -> list[Any]:
        if variable_tokens is not seen[0]:
            tokens = tuple((k, tuple(v)) for k, v in (variable_tokens or {}).items())
            seen[:] = [variable_tokens, themes.setdefault(tokens, len(themes))]
        values = tuple((variables or {}).items())
        key = (scope, css, read_from, values, seen[1], is_default_rules, tie_breaker)
        rules = done.get(key)
        if rules is None:
            rules = list(
                full(scope, css, read_from, variables, variable_tokens, is_default_rules,
                     tie_breaker)
            )  # fmt: skip
            done[key] = rules
        return rules

    assert getattr(stylesheet, "parse", None) is full
    setattr(stylesheet, "parse", parse_once)  # noqa: B010 (a name the module does not export)


def _no_frames_nobody_sees() -> None:
    """After each change Textual renders the changed part of the screen for the terminal;
    a headless test app throws that frame away unwritten (about a sixth of a UI test's
    CPU). Here such a partial or whole frame is not rendered at all: the changed regions
    are forgotten, as they are once written. What a test reads is rendered when it reads
    it (``screen_lines``: the whole screen from the widgets' current lines), and a
    snapshot's export (``full=True``) renders as before. ``COACH_TEST_ALL_FRAMES=1`` turns it
    off (tui/test_textual_private.py checks the name this replaces)."""
    if os.environ.get("COACH_TEST_ALL_FRAMES"):
        return
    from textual._compositor import Compositor

    whole = Compositor.render_update

    def render_update(
        self: Any, full: bool = False, screen_stack: Any = None, simplify: bool = False
    ) -> Any:
        if full:  # an export (a snapshot); a refresh asks for changes only
            return whole(self, full, screen_stack, simplify)
        self._dirty_regions.clear()
        return None

    Compositor.render_update = render_update  # type: ignore[method-assign]


_quicker_pilot()
_fewer_garbage_collections()
_parse_css_once()
_no_frames_nobody_sees()


def _compile_once_per_content() -> None:
    """Each test has a new data folder, so without this every in-process open of the
    bundled content loads its YAML and validates it again (~45 ms, some thousand times a
    run). Here a worker loads each content's bytes once: a later load of the same folder
    whose files have the same names, lengths and CRC-32 (``coach.content.compiled.fingerprint``,
    what the snapshot itself is checked by) gets the same immutable course, and the snapshot
    is still written to the test's data folder. Content that changed, or does not load, goes
    the full way. ``COACH_TEST_FULL_LOADS=1`` turns it off."""
    if os.environ.get("COACH_TEST_FULL_LOADS"):
        return
    from coach.content import compiled

    full = compiled.compile_course
    done: dict[str, tuple[Any, Any, list[Any]]] = {}

    def compile_once(root: Path) -> tuple[Any, Any]:
        key = str(Path(root).resolve())
        hit = None if REAL_LOADS else done.get(key)
        if hit is not None:
            course, doc, extra = hit
            if doc["files"] == compiled.fingerprint(root, extra):
                return course, doc
        course, doc = full(root)
        if doc is not None:
            done[key] = (course, doc, doc["extra"])
        return course, doc

    compiled.compile_course = compile_once  # what load() and ship() call, looked up each time


REAL_LOADS: list[object] = []  # non-empty: every load goes the full way (``real_load``)
_compile_once_per_content()


@pytest.fixture
def real_load() -> Iterator[list[Path]]:
    """This test loads content as a user's first start does: the YAML read and validated by
    ``coach.content.loader.load_course`` on every open, not the worker's cached compile. The
    list holds the content folders fully loaded so far (the test can check it was done)."""
    from coach.content import loader

    loaded: list[Path] = []
    real = loader.load_course

    def load_course(root: Path) -> Any:
        loaded.append(Path(root))
        return real(root)

    REAL_LOADS.append(loaded)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "load_course", load_course)
        yield loaded
    REAL_LOADS.remove(loaded)


def content_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the bundled content in ``tmp_path`` with ``old`` in the file ``name``
    (e.g. "sheet.yaml") written as ``new`` once: a content folder with one mistake."""
    import shutil

    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    edit(root / name, old, new)
    return root


def edit(path: Path, old: str, new: str) -> None:
    """``old`` in the file at ``path`` written as ``new``, once (it must be there)."""
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


@dataclass
class Result:
    code: int
    out: str
    err: str


RunCli = Callable[..., Result]  # the ``run_cli`` and ``run_proc`` fixtures


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``COACH_HOME`` in a tmp folder and no locale: the real home and shell never leak in."""
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    for var in LOCALE_VARS:
        monkeypatch.delenv(var, raising=False)
    yield home
    from coach import i18n

    i18n.set_language(i18n.DEFAULT_LANGUAGE)  # main() sets the language process-wide


def call_main(*argv: str | os.PathLike[str], stdin: str = "", home: Path | None = None) -> Result:
    """``coach.cli.main.main(argv)`` in this process: its output captured, stdin an empty
    non-terminal (or ``stdin``), ``home`` as COACH_HOME when given."""
    from coach.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        if home is not None:
            patch.setenv("COACH_HOME", str(home))
        code = main([str(a) for a in argv])
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run ``coach.cli.main.main(argv)`` in-process (:func:`call_main`)."""
    return call_main


@pytest.fixture
def run_proc() -> Callable[..., Result]:
    """Run ``python -m coach`` in a subprocess with this worktree's code."""

    def run(*argv: str | os.PathLike[str], env: dict[str, str] | None = None) -> Result:
        full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "coach", *(str(a) for a in argv)],
            cwd=ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """coach's wheel, built once per test run (``pip wheel``, build hook included) and
    shared by every xdist worker: a build costs seconds, two of them on the same code prove
    nothing more. The first worker to ask builds under a file lock. No build isolation:
    the backend and what the hook needs come from this environment (hatchling is in the
    test extra) instead of being installed afresh (5.7 of the build's 6.7 s CPU);
    test_wheel.py checks that ``build-system.requires`` names all the hook imports."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # this run's folder, the same for all its workers
    dist = base / "coach-wheel"
    with (base / "coach-wheel.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not list(dist.glob("coach-*.whl")):
            staging = Path(tmp_path_factory.mktemp("wheel-build"))
            built = subprocess.run(
                [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--no-build-isolation",
                 "--disable-pip-version-check", "-w", str(staging), str(ROOT)],
                cwd=staging,
                capture_output=True,
                text=True,
                timeout=600,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
            assert built.returncode == 0, built.stderr
            staging.rename(dist)  # only a finished build is ever shared
    (wheel,) = dist.glob("coach-*.whl")
    return wheel


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject's addopts): one worker more than this process may use CPUs.
    A UI test still spends part of its time waiting for the app to go idle (a fifth, after
    ``_quicker_pilot``); the extra worker computes meanwhile. ``-n N`` and xdist's
    PYTEST_XDIST_AUTO_NUM_WORKERS still decide when given."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") or not hasattr(os, "sched_getaffinity"):
        return None  # xdist's own answer
    return len(os.sched_getaffinity(0)) + 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """One collection for the last tests' garbage (pytest's hook for exceptions raised
    while it is collected is still on), then the rest of the heap is frozen: pytest's own
    cleanup collects five more times, and each walked every object a worker keeps alive
    after its tests (about 0.7 s each, in every worker)."""
    import gc

    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked ``long`` (several seconds of CPU each) run first, the rest in their
    order. xdist hands out tests in the order collected: one of them dealt out last would
    keep its worker busy after the others are done. Run first, they end long before."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is alive once the tests are collected (the modules, the items) stays alive all
    run: frozen, so the collector's full passes no longer walk it."""
    import gc

    gc.collect()
    gc.freeze()


@pytest.fixture
def two(tmp_path: Path, run_cli: RunCli) -> tuple[Path, Path, Path, Path]:
    """Two devices, a laptop and a desktop, sharing two people through their sync folders:
    the two data folders and their sync folders (the sync tests; tests/sync_helpers.py)."""
    from sync_helpers import two_devices

    return two_devices(tmp_path, run_cli)

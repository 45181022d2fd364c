"""Benchmarks with budgets, each measured against a baseline in the same run.

Run from the repository root:  python -m benchmarks   (or: python benchmarks/run.py)

Prints a table and writes benchmarks/results/latest.json; exits 1 if a budget fails.
Each figure is the median of several runs after a warm-up. Not part of the test suite.

Some rows only (the table then goes to benchmarks/results/partial.json):
``python -m benchmarks --only ui,inproc`` runs those sections (cli, large-cli, follow-ups,
contacts, ui, inproc); ``--opens minimal,journaled`` those UI opens (names in
:func:`ui_rows`; the minimal app is always one), ``--ui-runs N`` N rounds of them.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):  # python benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import gen

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
PY = sys.executable
CLI_RUNS, CLI_WARMUP = 15, 3
UI_RUNS, UI_WARMUP = 15, 1
UI_TIMEOUT = 20.0
OPENS: set[str] = set()  # --opens: only these UI opens (and the minimal app); empty: all
SIZE = (80, 24)  # issue 24: the opens are judged at 80x24
MINIMAL_TEXT = "minimal app is ready"

MINIMAL_APP = f'''
from textual.app import App
from textual.widgets import Footer, Header, Static


class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("{MINIMAL_TEXT}")
        yield Footer()


Minimal().run()
'''


@dataclass
class Row:
    figure: str
    ours: float | None
    baseline: float | None
    unit: str
    budget: str
    limit: float
    by_ratio: bool  # the limit applies to ours/baseline (else to ours itself)
    status: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline

    def judge(self) -> None:
        if self.status:
            return
        value = self.ratio if self.by_ratio else self.ours
        self.status = "pass" if value is not None and value <= self.limit else "FAIL"


def median_after_warmup(samples: list[float], warmup: int) -> float:
    return statistics.median(samples[warmup:])


def env_for(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["COACH_HOME"] = str(home)
    env["PYTHONPATH"] = str(REPO)  # this checkout's coach, the venv's dependencies
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    env.pop("LC_MESSAGES", None)
    # Like an installed coach (pip compiles it): never recompile our sources on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def install_wheel(work: Path) -> Path:
    """This checkout built as a wheel (its build hook included) and installed by pip into a
    folder of its own: the package a user gets, with the venv's dependencies beside it."""
    dist, site = work / "dist", work / "site"

    def pip(*args: str) -> None:
        proc = subprocess.run(
            [PY, "-m", "pip", "-q", "--disable-pip-version-check", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"pip {args[0]} failed:\n{proc.stderr}")

    pip("wheel", "--no-deps", "-w", str(dist), str(REPO))
    (wheel,) = dist.glob("coach-*.whl")
    pip("install", "--no-deps", "--target", str(site), str(wheel))
    return site


def new_user_env(site: Path, work: Path) -> dict[str, str]:
    """The installed wheel first on the path, and a data folder no run has used yet."""
    env = env_for(work / f"new-user-{time.monotonic_ns()}")
    env["PYTHONPATH"] = str(site)
    return env


# -- command-line figures -----------------------------------------------------------------
Command = tuple[list[str], "dict[str, str] | Callable[[], dict[str, str]]"]


def time_in_turns(
    commands: dict[str, Command], runs: int = CLI_RUNS
) -> dict[str, tuple[float, int, str]]:
    """Median wall time (ms) of each ``name: (args, env)``, the exit code and stderr of its
    last run; an env given as a function is made afresh for each run. The commands take
    turns, run after run (as the UI opens do), so a host that gets slower or faster weighs
    on a figure and its baseline alike: measured one after the other, ``coach status``
    against ``import pydantic, yaml`` moved by 0.1x between runs on a loaded host."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    last: dict[str, subprocess.CompletedProcess[str]] = {}
    for _ in range(runs + CLI_WARMUP):
        for name, (args, env) in commands.items():
            environ = env() if callable(env) else env
            start = time.perf_counter()
            proc = subprocess.run(args, env=environ, cwd=REPO, capture_output=True, text=True)
            samples[name].append((time.perf_counter() - start) * 1000)
            last[name] = proc
    return {
        name: (median_after_warmup(times, CLI_WARMUP), last[name].returncode, last[name].stderr)
        for name, times in samples.items()
    }


def time_command(
    args: list[str], env: dict[str, str], runs: int = CLI_RUNS
) -> tuple[float, int, str]:
    """Median wall time (ms) of ``args`` alone; the exit code and stderr of the last run."""
    return time_in_turns({"it": (args, env)}, runs)["it"]


def cli_rows(home: Path, site: Path, work: Path) -> list[Row]:
    env = env_for(home)
    # The first run: -P, the installed wheel's coach, never the checkout's ./coach; each of
    # its runs has a data folder of its own (no cache yet).
    figures = time_in_turns(
        {
            "base": ([PY, "-c", "import pydantic, yaml"], env),
            "status": ([PY, "-m", "coach", "status"], env),
            "sheet": ([PY, "-m", "coach", "sheet"], env),
            "first": ([PY, "-P", "-m", "coach", "status"], lambda: new_user_env(site, work)),
        }
    )
    base, code, err = figures["base"]
    assert code == 0, err
    rows = []
    # Issue 24: coach status within 0.8x of importing pydantic and yaml (it imports neither).
    for name, budget in (("status", 0.8), ("sheet", 1.5)):
        ours, code, err = figures[name]
        label = f"ratio <= {budget:g}"
        row = Row(f"coach {name} (wall)", ours, base, "ms", label, budget, True)
        if code != 0 and "not available" in err:
            row.status, row.note = "skipped", "not on this branch"
        elif code != 0:
            row.status, row.note = "FAIL", f"exit {code}: {err.strip()[:80]}"
        rows.append(row)
    first, code, err = figures["first"]
    row = Row("coach status, first run (no cache)", first, base, "ms", "ratio <= 1.5", 1.5, True)
    row.note = "installed wheel, new data folder"
    if code != 0:
        row.status, row.note = "FAIL", f"exit {code}: {err.strip()[:80]}"
    return [*rows, row]


def large_cli_rows(large_home: Path, content: Path) -> list[Row]:
    """``coach today`` against ``coach status`` on the large state (20,000 contacts), and the
    calendar of that state."""
    env = env_for(large_home)
    run = [PY, "-m", "coach", "--content", str(content)]
    subprocess.run([*run, "status"], env=env, cwd=REPO, capture_output=True)  # compile once
    figures = time_in_turns({"status": ([*run, "status"], env), "today": ([*run, "today"], env)})
    status, code, err = figures["status"]
    assert code == 0, err
    today, code, err = figures["today"]
    rows = [Row("coach today (large, wall)", today, status, "ms", "ratio <= 1.2", 1.2, True)]
    rows[0].note = "baseline: coach status, same state"
    if code != 0:
        rows[0].status, rows[0].note = "FAIL", f"exit {code}: {err.strip()[:80]}"
    rows.append(_log_row(large_home, run))
    target = large_home.parent / "large.ics"
    ics, code, err = time_command([*run, "calendar", "-o", str(target)], env)
    row = Row("coach calendar (large, wall)", ics, None, "ms", "<= 1000 ms", 1000, False)
    if code != 0:
        row.status, row.note = "FAIL", f"exit {code}: {err.strip()[:80]}"
    return [*rows, row]


FOLLOW_UPS, FOLLOW_UP_RUNS = 100_000, 3


def follow_ups_rows(work: Path) -> list[Row]:
    """``coach calendar -o`` of 100,000 people with a follow-up each (issue 25: <= 3 s,
    the whole command: start, load the 27 MB state, write the calendar)."""
    home = work / "follow-ups-home"
    gen.follow_ups_state(home, FOLLOW_UPS)
    env = env_for(home)
    target = work / "follow-ups.ics"
    ms, code, err = time_command(
        [PY, "-m", "coach", "calendar", "-o", str(target)], env, runs=FOLLOW_UP_RUNS
    )
    figure = "coach calendar, 100,000 follow-ups (wall)"
    row = Row(figure, ms, None, "ms", "<= 3000 ms", 3000, False)
    if code != 0 or "100,000 calendar entries" not in err:
        row.status, row.note = "FAIL", f"exit {code}: {err.strip()[:80]}"
    return [row]


def _log_row(large_home: Path, run: list[str]) -> Row:
    """``coach log PERSON --note ...`` against ``coach status`` on a copy of the large state
    (each log appends one operation to the copy's journal), taking turns run by run."""
    home = large_home.parent / "large-log-home"
    shutil.copytree(large_home, home)
    env = env_for(home)
    log = [*run, "log", "Person 0001", "--note", "bench", "--next", "none"]
    figures = time_in_turns({"status": ([*run, "status"], env), "log": (log, env)})
    ours, code, err = figures["log"]
    row = Row("coach log (large, wall)", ours, figures["status"][0], "ms", "ratio <= 1.1", 1.1,
              True, note="baseline: coach status, same state")  # fmt: skip
    if code != 0:
        row.status, row.note = "FAIL", f"exit {code}: {err.strip()[:80]}"
    shutil.rmtree(home, ignore_errors=True)
    return row


IMPORT_ROWS, IMPORT_RUNS, IMPORT_WARMUP, VCARDS = 5000, 7, 1, 2000


def contacts_rows(home: Path, work: Path) -> list[Row]:
    """``coach import-contacts`` of 5,000 LinkedIn rows into the realistic state, --yes: the
    whole command (start, read, sort out, backup, one save). Each run on a fresh copy (with
    the compiled content, as after any earlier command), so every run adds all 5,000."""
    source = gen.connections_csv(work / "Connections.csv", IMPORT_ROWS)
    subprocess.run([PY, "-m", "coach", "status"], env=env_for(home), cwd=REPO, capture_output=True)
    samples: list[float] = []
    proc = None
    for i in range(IMPORT_RUNS + IMPORT_WARMUP):
        target = work / f"import-home-{i}"
        shutil.copytree(home, target)
        args = [PY, "-m", "coach", "import-contacts", str(source), "--yes"]
        start = time.perf_counter()
        proc = subprocess.run(args, env=env_for(target), cwd=REPO, capture_output=True, text=True)
        samples.append((time.perf_counter() - start) * 1000)
        shutil.rmtree(target, ignore_errors=True)
    assert proc is not None
    ms = median_after_warmup(samples, IMPORT_WARMUP)
    row = Row("import 5,000 LinkedIn rows (wall)", ms, None, "ms", "<= 2000 ms", 2000, False)
    per = Row("  per row", ms * 1000 / IMPORT_ROWS, None, "us", "-", 0, False, "info")
    if proc.returncode != 0 or f"{IMPORT_ROWS:,} new" not in proc.stdout:
        row.status, row.note = "FAIL", f"exit {proc.returncode}: {proc.stderr.strip()[:80]}"
    cards = gen.vcards(work / "contacts.vcf", VCARDS)
    vcf, code, err = time_command([*args[:-2], str(cards), "--dry-run"], env_for(home), runs=5)
    info = Row("  2,000 vCards (dry run, wall)", vcf, None, "ms", "-", 0, False, "info")
    info.note = "read without vobject since issue 25"
    if code != 0:
        info.status, info.note = "FAIL", f"exit {code}: {err.strip()[:80]}"
    return [row, per, info]


# -- the UI in a real terminal (tmux) -------------------------------------------------------
def tmux(*args: str, check: bool = True) -> str:
    proc = subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout


def vm_hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def open_once(
    command: str, env: dict[str, str], needles: tuple[str, ...]
) -> tuple[list[float], int | None]:
    """Start ``command`` in a detached 80x24 tmux session; ms until each of ``needles`` is
    on screen (the first needle seen is usually the first frame).

    Also the process's peak RSS (VmHWM, KiB) once the screen shows, after a short settle.
    """
    session = f"coach-bench-{os.getpid()}-{time.monotonic_ns()}"
    exports = " ".join(f"{k}={_sh(v)}" for k, v in env.items() if k in _PASS_ENV)
    seen: dict[str, float] = {}
    start = time.perf_counter()
    tmux(
        "new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
        f"exec env {exports} TERM=xterm-256color {command}",
    )  # fmt: skip
    try:
        pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        while True:
            screen = tmux("capture-pane", "-p", "-t", session, check=False)
            now = (time.perf_counter() - start) * 1000
            for needle in needles:
                if needle in screen:
                    seen.setdefault(needle, now)
            if len(seen) == len(needles):
                break
            if now > UI_TIMEOUT * 1000:
                missing = [n for n in needles if n not in seen]
                raise RuntimeError(f"{missing!r} never appeared; the screen shows:\n{screen}")
            time.sleep(0.003)
        time.sleep(0.3)  # let it settle (a frame or two) before reading the peak
        return [seen[n] for n in needles], vm_hwm_kb(pid)
    finally:
        tmux("kill-session", "-t", session, check=False)


_PASS_ENV = ("COACH_HOME", "PYTHONPATH", "LANG", "LC_ALL", "PATH", "HOME")


def _sh(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


Needles = str | tuple[str, ...]
OpenRun = tuple[str, dict[str, str] | Callable[[], dict[str, str]], Needles]


def open_figures(runs: dict[str, OpenRun]) -> dict[str, tuple[float, float]]:
    """Median ms to first paint and median peak RSS (MiB) of each ``name: (command, env,
    needle)``; an env given as a function is made afresh for each run. Several needles: the
    time to the first is ``name``, to the next ones ``name+1``, ``name+2``, ... The commands
    take turns (round after round), so a machine that gets slower or faster during the run
    weighs on all of them alike."""
    times: dict[str, list[float]] = {}
    peaks: dict[str, list[float]] = {}
    for _ in range(UI_RUNS + UI_WARMUP):
        for name, (command, env, needle) in runs.items():
            needles = (needle,) if isinstance(needle, str) else needle
            elapsed, peak = open_once(command, env() if callable(env) else env, needles)
            for i, ms in enumerate(elapsed):
                key = name if i == 0 else f"{name}+{i}"
                times.setdefault(key, []).append(ms)
                peaks.setdefault(key, []).append((peak or 0) / 1024)
    return {
        name: (
            median_after_warmup(times[name], UI_WARMUP),
            median_after_warmup(peaks[name], UI_WARMUP),
        )
        for name in times
    }


def ui_rows(
    home: Path,
    large_home: Path,
    calm_home: Path,
    content: Path,
    work: Path,
    site: Path,
    journal_home: Path,
) -> list[Row]:
    """The opens. ``home`` (realistic) and ``calm_home`` (large) have nothing due, so the
    coach opens on the current step; ``large_home`` has overdue follow-ups, so it opens on
    Today."""
    minimal = work / "minimal_app.py"
    minimal.write_text(textwrap.dedent(MINIMAL_APP), encoding="utf-8")
    env = env_for(home)

    def checkout_new_user() -> dict[str, str]:
        return env_for(work / f"new-user-{time.monotonic_ns()}")

    def wheel_no_cache() -> dict[str, str]:
        """The realistic state opened by the installed wheel, no snapshot in its cache (as
        after an upgrade): only the wheel's own snapshot can spare the full load."""
        from coach.content.compiled import snapshot_path

        snapshot_path(home, site / "coach" / "_content").unlink(missing_ok=True)
        return {**env, "PYTHONPATH": str(site)}

    # The step view's "Step 5 of N" line: on screen only once the step itself is painted.
    # A brand-new user's first screen is the welcome: its button, "Let's start", is in the
    # first frame (issue 15's first open <= 1.5x and issue 24's welcome's button <= 1.4x).
    new_user = "Let's start"
    coach = f"{_sh(PY)} -m coach --content {_sh(str(content))}"
    runs: dict[str, OpenRun] = {
        "new": (f"{_sh(PY)} -P -m coach", lambda: new_user_env(site, work), new_user),
        "new-checkout": (f"{_sh(PY)} -P -m coach", checkout_new_user, new_user),
        "no-cache": (f"{_sh(PY)} -P -m coach", wheel_no_cache, "Step 5 of 7"),
        "minimal": (f"{_sh(PY)} {_sh(str(minimal))}", env, MINIMAL_TEXT),
        "realistic": (f"{_sh(PY)} -m coach", env, "Step 5 of 7"),
        "large": (coach, env_for(calm_home), "Step 5 of 100"),
        "journaled": (coach, env_for(journal_home), "Step 5 of 100"),
        # Today's list heading, painted in Today's first frame with the overdue people.
        "today": (coach, env_for(large_home), ("Today, ", "Follow-ups")),
    }
    if OPENS:
        runs = {k: v for k, v in runs.items() if k in OPENS or k == "minimal"}
    figures = open_figures(runs)
    base_ms, base_mb = figures["minimal"]

    def opened(figure: str, key: str, budget: float | None, note: str = "") -> Row | None:
        if key not in figures:  # left out (--opens)
            return None
        if budget is None:
            return Row(figure, figures[key][0], base_ms, "ms", "-", 0, True, "info", note)
        label = f"ratio <= {budget:g}"
        return Row(figure, figures[key][0], base_ms, "ms", label, budget, True, note=note)

    def peak(figure: str, key: str, budget: float | None) -> Row | None:
        if key not in figures:
            return None
        label, status = (f"ratio <= {budget:g}", "") if budget else ("-", "info")
        return Row(figure, figures[key][1], base_mb, "MiB", label, budget or 0, True, status)

    rows = [
        opened(
            "open UI, brand-new user (no cache): welcome",
            "new",
            1.4,
            "installed wheel, the welcome's button",
        ),
        opened("  same from the checkout (no shipped snapshot)", "new-checkout", None),
        opened(
            "open UI to first step, no cache (welcome seen)",
            "no-cache",
            1.5,
            "installed wheel, realistic state",
        ),
        opened("open UI to first step (realistic)", "realistic", 1.1),
        opened("open UI to first step (large)", "large", 2.0, "nothing due"),
        opened("open UI on Today (large, 20,000 contacts)", "today+1", 2.0, "2,000 overdue"),
        opened(
            "open UI (large, journals + snapshot)",
            "journaled",
            1.5,
            "300 own + 300 other-device operations",
        ),
        peak("peak RSS, UI (large)", "large", 1.4),
        peak("peak RSS, UI (large, journals + snapshot)", "journaled", 1.4),
        peak("peak RSS, UI (realistic)", "realistic", None),
        peak("peak RSS, UI on Today (large)", "today", None),
    ]
    return [r for r in rows if r is not None]


# -- in-process figures (large state) --------------------------------------------------------
def run_py(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` from the repository with ``home`` as the coach's data folder."""
    return subprocess.run(
        [PY, *args], env=env_for(home), cwd=REPO, capture_output=True, text=True, check=False
    )


def inproc_rows(large_home: Path, content: Path, home: Path) -> list[Row]:
    proc = run_py(large_home, "-m", "benchmarks.inproc", str(large_home), str(content), str(home))
    if proc.returncode != 0:
        raise RuntimeError(f"benchmarks.inproc failed:\n{proc.stderr}")
    f = {k: statistics.median(v) for k, v in json.loads(proc.stdout).items()}
    return [
        Row(
            "compaction: snapshot write (large)",
            f["save"],
            None,
            "ms",
            "<= 50 ms",
            50,
            False,
            note="off the keypress path: on quit, or once a journal grew",
        ),
        Row("  of it: dump (large)", f["dump"], None, "ms", "-", 0, False, "info"),
        Row("UI thread in app.save() (large)", f["ui_save"], None, "ms", "<= 16 ms", 16, False),
        Row("log a contact, saved (large)", f["log"], None, "ms", "<= 20 ms", 20, False),
        Row(
            "one change, UI thread: tick (large)", f["change_tick"], None, "ms", "<= 3 ms", 3, False
        ),
        Row("  answer (large)", f["change_answer"], None, "ms", "<= 3 ms", 3, False),
        Row("  log a contact (large)", f["change_log"], None, "ms", "<= 3 ms", 3, False),
        Row("  of each: append + fsync", f["append"], None, "ms", "-", 0, False, "info"),
        Row(
            "fold in another device's 20,000 operations",
            f["fold"],
            None,
            "ms",
            "<= 1000 ms",
            1000,
            False,
            note=f"{f['fold_bytes'] / 1e6:.1f} MB file, large state",
        ),
        Row("typing: save work per key", f["typing_key"], None, "ms", "-", 0, False, "info"),
        Row(
            "  worst key + a save while typing",
            f["typing_save_worst"],
            None,
            "ms",
            "<= 16 ms",
            16,
            False,
        ),
        Row("open the people screen (2,000)", f["people_open"], None, "ms", "-", 0, False, "info"),
        Row(
            "type into its filter: key to repaint",
            f["people_filter"],
            None,
            "ms",
            "-",
            0,
            False,
            "info",
        ),
        Row(
            "down in 2,000 people: key to repaint",
            f["press_direct"],
            f["base_press_direct"],
            "ms",
            "<= 50 ms",
            50,
            False,
        ),
        Row(
            "  same via pilot.press+pause (wall)",
            f["press"],
            f["base_press"],
            "ms",
            "-",
            0,
            False,
            "info",
            "Pilot sleeps >= 60 ms per press",
        ),
        Row(
            "  same via pilot (CPU)",
            f["press_cpu"],
            f["base_press_cpu"],
            "ms",
            "-",
            0,
            False,
            "info",
        ),
        Row(
            "Tab through step 5 at 80x24 (CPU per key)",
            f["tab_cpu"],
            f["base_tab_cpu"],
            "ms",
            "<= 100 ms",  # a response within a tenth of a second feels instant
            100,
            False,
            "",
            "baseline: six buttons and a footer",
        ),
    ]


# -- the table -----------------------------------------------------------------------------
def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(rows: list[Row]) -> str:
    head = ("figure", "ours", "baseline", "ratio", "budget", "result")
    lines = [
        (
            r.figure,
            f"{fmt(r.ours)} {r.unit}",
            f"{fmt(r.baseline)} {r.unit}" if r.baseline else "-",
            fmt(r.ratio, 2) + ("x" if r.ratio is not None else ""),
            r.budget,
            r.status + (f" ({r.note})" if r.note and r.status != "info" else ""),
        )
        for r in rows
    ]
    widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(c) for c in lines]
    return "\n".join(out)


SECTIONS = ("cli", "large-cli", "follow-ups", "contacts", "ui", "inproc")


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--only", default="", help=f"sections, comma-separated: {SECTIONS}")
    parser.add_argument("--opens", default="", help="UI opens, comma-separated (see ui_rows)")
    parser.add_argument("--ui-runs", type=int, default=UI_RUNS, help="rounds of the UI opens")
    args = parser.parse_args(argv)
    args.only = {s for s in args.only.split(",") if s}
    if args.only - set(SECTIONS):
        parser.error(f"unknown sections: {sorted(args.only - set(SECTIONS))}")
    return args


def main(argv: list[str] | None = None) -> int:
    global UI_RUNS
    parser_default_runs = UI_RUNS
    args = _options(argv)
    only: set[str] = args.only or set(SECTIONS)
    OPENS.update(o for o in args.opens.split(",") if o)
    UI_RUNS = args.ui_runs
    partial = only != set(SECTIONS) or bool(OPENS) or args.ui_runs != parser_default_runs
    if shutil.which("tmux") is None:
        print("benchmarks: tmux is needed for the UI figures", file=sys.stderr)
        return 2
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    # One idle session keeps the tmux server up between runs: a server that exits with its
    # last session races the next run's new-session ("server exited unexpectedly").
    keepalive = f"coach-bench-keepalive-{os.getpid()}"
    tmux("new-session", "-d", "-s", keepalive, "sleep 3600")
    try:
        home, large_home = work / "home", work / "large-home"
        calm_home = work / "large-calm-home"  # the large state with nothing due
        content = gen.large_content(work / "content-100")
        compileall.compile_dir(REPO / "coach", quiet=1)  # as pip does when it installs
        gen.realistic_state(home)
        gen.large_state(large_home, content)
        gen.large_state(calm_home, content, due=False)
        journal_home = work / "large-journal-home"  # nothing due, journals + a sync folder
        gen.journaled_state(journal_home, content, work / "large-sync")
        wheel_opens = not OPENS or bool(OPENS & {"new", "no-cache"})
        needs_wheel = "cli" in only or ("ui" in only and wheel_opens)
        site = install_wheel(work) if needs_wheel else work / "no-wheel"
        check = run_py(home, "-m", "coach", "validate", str(content))
        if check.returncode != 0:
            raise RuntimeError(f"the generated content is invalid:\n{check.stderr}")
        rows: list[Row] = []
        sections = {
            "cli": lambda: cli_rows(home, site, work),
            "large-cli": lambda: large_cli_rows(large_home, content),
            "follow-ups": lambda: follow_ups_rows(work),
            "contacts": lambda: contacts_rows(home, work),
            "ui": lambda: ui_rows(home, large_home, calm_home, content, work, site, journal_home),
            "inproc": lambda: inproc_rows(large_home, content, home),
        }
        for name, section in sections.items():
            if name not in only:
                continue
            rows += section()
            print(".", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    finally:
        tmux("kill-session", "-t", keepalive, check=False)
        shutil.rmtree(work, ignore_errors=True)
    for row in rows:
        row.judge()
    text = table(rows)
    print(text)
    seconds = time.perf_counter() - started
    print(f"\n{platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {seconds:.0f} s")  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / ("partial.json" if partial else "latest.json")).write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "seconds": round(seconds, 1),
                "rows": [{**asdict(r), "ratio": r.ratio} for r in rows],
                "table": text,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 1 if any(r.status == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())

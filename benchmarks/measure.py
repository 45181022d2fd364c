"""How the benchmarks measure: the baselines' settings, a row of the table, timing commands
in turns, opening an app in a detached tmux session (time to a text on screen, peak RSS),
and the table itself. The rows and what they run are in :mod:`benchmarks.run`."""

from __future__ import annotations

import os
import re
import select
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
CLI_RUNS, CLI_WARMUP = 15, 3
UI_RUNS, UI_WARMUP = 15, 1
UI_TIMEOUT = 20.0
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


# -- timing commands ------------------------------------------------------------------------
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
    """Start ``command`` in a new 80x24 tmux session; ms until each of ``needles`` is in
    what it has written to its terminal (the first needle seen is usually the first frame).

    The session is made by a control-mode client (``tmux -C``), which is handed the pane's
    output as the app writes it: the time is when the needle was written, and nothing polls.
    (Until the thirteenth session a ``capture-pane`` ran every 3 ms: a process started
    every few milliseconds beside the app on a two-CPU machine, the screen read in steps of
    ~5 ms. The host's own noise stays: two opens of one coach in one run can still differ
    by several percent.)

    Also the process's peak RSS (VmHWM, KiB) once the screen shows, after a short settle.
    """
    session = f"coach-bench-{os.getpid()}-{time.monotonic_ns()}"
    exports = " ".join(f"{k}={_sh(v)}" for k, v in env.items() if k in _PASS_ENV)
    start = time.perf_counter()
    client = subprocess.Popen(
        ["tmux", "-C", "new-session", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
         f"exec env {exports} TERM=xterm-256color {command}"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        seen = _watch(client, needles, start)
        pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        time.sleep(0.3)  # let it settle (a frame or two) before reading the peak
        return [seen[n] for n in needles], vm_hwm_kb(pid)
    finally:
        tmux("kill-session", "-t", session, check=False)
        client.kill()  # (it only watched; unread, its output could hold it up)
        client.communicate()


_OCTAL = re.compile(rb"\\([0-7]{3})")  # control mode writes a byte below a space as \ooo


def _watch(
    client: subprocess.Popen[bytes], needles: tuple[str, ...], start: float
) -> dict[str, float]:
    """Read ``client``'s notifications until every needle has been written to the pane;
    the ms (from ``start``) at which each first was."""
    assert client.stdout is not None
    fd = client.stdout.fileno()
    wanted = {needle: needle.encode("utf-8") for needle in needles}
    keep = max(map(len, wanted.values())) - 1  # a needle may be cut between two writes
    seen: dict[str, float] = {}
    pending = b""  # a notification not yet ended by its newline
    tail = b""  # the end of the pane's output so far
    while len(seen) < len(needles):
        left = UI_TIMEOUT - (time.perf_counter() - start)
        ready, _, _ = select.select([fd], [], [], max(left, 0))
        chunk = os.read(fd, 1 << 16) if ready else b""
        if not chunk:
            missing = [n for n in needles if n not in seen]
            raise RuntimeError(f"{missing!r} never appeared; the app wrote last: {tail!r}")
        now = (time.perf_counter() - start) * 1000
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            if not line.startswith(b"%output ") or line.count(b" ") < 2:
                continue
            written = tail + _OCTAL.sub(lambda m: bytes([int(m[1], 8)]), line.split(b" ", 2)[2])
            for needle, raw in wanted.items():
                if needle not in seen and raw in written:
                    seen[needle] = now
            tail = written[-keep:] if keep else b""
    return seen


_PASS_ENV = ("COACH_HOME", "PYTHONPATH", "LANG", "LC_ALL", "PATH", "HOME")


def _sh(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


Needles = str | tuple[str, ...]
OpenRun = tuple[str, dict[str, str] | Callable[[], dict[str, str]], Needles]


def open_figures(runs: dict[str, OpenRun], rounds: int = UI_RUNS) -> dict[str, tuple[float, float]]:
    """Median ms to first paint and median peak RSS (MiB) of each ``name: (command, env,
    needle)``; an env given as a function is made afresh for each run. Several needles: the
    time to the first is ``name``, to the next ones ``name+1``, ``name+2``, ... The commands
    take turns (round after round), so a machine that gets slower or faster during the run
    weighs on all of them alike."""
    times: dict[str, list[float]] = {}
    peaks: dict[str, list[float]] = {}
    for _ in range(rounds + UI_WARMUP):
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

"""``python -m benchmarks.startup``: the start-up rows alone (issue 24's three budgets and
the rows beside them), in about a minute instead of the whole run's four.

``coach status`` and ``coach sheet`` against ``import pydantic, yaml``; a brand-new user's
welcome, their first screen, to its button (installed wheel, new data folder); a returning
user's first step (realistic state); all against the minimal Textual app, in turns, at 80x24 in a
detached tmux, as ``python -m benchmarks`` measures them. Prints the table and exits 1 when
a budget fails; writes no results file (the whole run's ``latest.json`` stays its own).
"""

from __future__ import annotations

import compileall
import os
import shutil
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks import gen
from benchmarks.measure import (
    MINIMAL_APP,
    MINIMAL_TEXT,
    PY,
    REPO,
    Row,
    _sh,
    env_for,
    install_wheel,
    new_user_env,
    open_figures,
    table,
    tmux,
)
from benchmarks.run import cli_rows


def startup_rows(home: Path, work: Path, site: Path) -> list[Row]:
    minimal = work / "minimal_app.py"
    minimal.write_text(textwrap.dedent(MINIMAL_APP), encoding="utf-8")
    env = env_for(home)
    figures = open_figures(
        {
            "new": (
                f"{_sh(PY)} -P -m coach",
                lambda: new_user_env(site, work),
                "Let's start",  # the welcome, a new user's first screen
            ),
            "minimal": (f"{_sh(PY)} {_sh(str(minimal))}", env, MINIMAL_TEXT),
            "realistic": (f"{_sh(PY)} -m coach", env, "Step 5 of 7"),
        }
    )
    base = figures["minimal"][0]
    rows = [
        Row("open UI, brand-new user (no cache): welcome", figures["new"][0], base, "ms",
            "ratio <= 1.4", 1.4, True, note="installed wheel, the welcome's button"),
        Row("open UI to first step (realistic)", figures["realistic"][0], base, "ms",
            "ratio <= 1.1", 1.1, True),
    ]  # fmt: skip
    return rows


def main() -> int:
    if shutil.which("tmux") is None:
        print("benchmarks: tmux is needed for the UI figures", file=sys.stderr)
        return 2
    started = time.perf_counter()
    load = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    keepalive = f"coach-bench-keepalive-{os.getpid()}"
    tmux("new-session", "-d", "-s", keepalive, "sleep 3600")
    try:
        home = work / "home"
        compileall.compile_dir(REPO / "coach", quiet=1)
        gen.realistic_state(home)
        site = install_wheel(work)
        rows = cli_rows(home, site, work) + startup_rows(home, work, site)
    finally:
        tmux("kill-session", "-t", keepalive, check=False)
        shutil.rmtree(work, ignore_errors=True)
    for row in rows:
        row.judge()
    print(table(rows))
    seconds = time.perf_counter() - started
    print(
        f"\nload average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
        f"{seconds:.0f} s"
    )
    return 1 if any(r.status == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())

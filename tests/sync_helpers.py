"""Two devices through a folder the user already syncs, for the sync tests: two data
folders with a person list, each with its own sync folder, and a small script that carries
the journals between them as Syncthing or Dropbox would."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from coach.data.progress import Progress
from coach.data.store import Store

TODAY = dt.date(2026, 11, 27)
PEOPLE = "strategy/people"
Two = tuple[Path, Path, Path, Path]  # laptop, desktop and their sync folders


def carry(source: Path, target: Path, rng: random.Random, *, torn: bool = False) -> None:
    """Copy the journals from one sync folder to the other, in random order (one of them,
    with ``torn``, cut in the middle of its last line first), as a sync tool carries the
    newer version of a file (here: the longer one; a journal only grows)."""
    files = [p for p in source.glob("*.jsonl")]
    rng.shuffle(files)
    for path in files:
        data = path.read_bytes()
        there = target / path.name
        if there.exists() and len(there.read_bytes()) >= len(data):
            continue
        if torn and data.count(b"\n") > 1:
            (target / path.name).write_bytes(data[: len(data) - 7])
            torn = False
            continue
        (target / path.name).write_bytes(data)


def exported(run_cli: Any, home: Path) -> dict[str, Any]:
    result = run_cli("--data-dir", home, "export")
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def two_devices(tmp_path: Path, run_cli: Any) -> Two:
    """A laptop and a desktop that share two people through their sync folders."""
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    sync_l, sync_d = tmp_path / "Sync-laptop", tmp_path / "Sync-desktop"
    progress = Progress(language="en")
    progress.answers[PEOPLE] = [
        {"id": "p1", "name": "Jana Krüger", "circle": "colleagues"},
        {"id": "p2", "name": "Tom Weber", "circle": "field"},
    ]
    Store(laptop).save(progress)
    assert run_cli("--data-dir", laptop, "sync", "--folder", sync_l).code == 0
    carry(sync_l, sync_d.mkdir() or sync_d, random.Random(0))  # type: ignore[func-returns-value]
    assert run_cli("--data-dir", desktop, "sync", "--folder", sync_d).code == 0
    return laptop, desktop, sync_l, sync_d


def tom(run_cli: Any, home: Path) -> dict[str, Any]:
    person: dict[str, Any] = next(
        p for p in exported(run_cli, home)["answers"][PEOPLE] if p["id"] == "p2"
    )
    return person

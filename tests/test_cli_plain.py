"""The commands read without the parser (``PLAIN_COMMANDS``) mean what the parser says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from coach.cli.main import PLAIN_COMMANDS, build_parser


@pytest.mark.parametrize("argv", sorted(PLAIN_COMMANDS))
def test_a_plain_command_is_what_the_parser_makes_of_it(argv: tuple[str, ...]) -> None:
    assert vars(build_parser().parse_args(list(argv))) == PLAIN_COMMANDS[argv]


STATUS_SCRIPT = r"""
import contextlib, io, json, sys
from coach.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted({"argparse", "orjson"} & set(sys.modules))}))
"""


@pytest.mark.parametrize("argv", [["status"], ["status", "--json"]])
def test_coach_status_builds_no_parser_and_reads_no_journal_library(
    tmp_path: Path, argv: list[str]
) -> None:
    """``coach status`` stays light: no argparse (with gettext), no orjson (with uuid and
    platform) while there is no journal to read."""
    proc = subprocess.run(
        [sys.executable, "-c", STATUS_SCRIPT, *argv],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "COACH_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "loaded": []}, proc.stderr

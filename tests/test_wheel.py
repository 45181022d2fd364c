"""The installed wheel carries its content: ``coach validate`` on an installed coach checks
``coach/_content`` inside the package, not a ``content`` folder of some checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path


def run(
    *argv: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_installed_wheel_validates_its_own_content(built_wheel: Path, tmp_path: Path) -> None:
    wheel = built_wheel  # pip wheel of this checkout (tests/conftest.py), shared with others
    names = zipfile.ZipFile(wheel).namelist()
    assert "coach/_content/coach.yaml" in names
    assert sum(n.startswith("coach/_content/steps/") for n in names) == 7

    # A throwaway environment holding only the wheel; the dependencies come from this one's
    # site-packages, added after its own (a .pth line), so `coach` is the installed copy.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
        ).stdout.strip()
    )
    (site / "zz_test_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel,
        cwd=tmp_path,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    checked = run(env_dir / "bin" / "coach", "validate", cwd=tmp_path, env=env)
    assert checked.returncode == 0, checked.stderr
    content = site / "coach" / "_content"
    assert checked.stdout.startswith(f"{content}: fine (7 steps"), checked.stdout
    where = run(python, "-c", "import coach; print(coach.__file__)", cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).parent == site / "coach"

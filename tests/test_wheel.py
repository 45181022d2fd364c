"""The installed wheel carries its content: ``coach validate`` on an installed coach checks
``coach/_content`` inside the package, not a ``content`` folder of some checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest


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


@pytest.mark.long
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


HOOK = r"""
import sys
before = set(sys.modules)  # the interpreter's own start (site, .pth files)
import json
from pathlib import Path
root = Path(sys.argv[1])
sys.path.insert(0, str(root))
import hatch_build  # the build hook, as hatchling loads it
from coach.content import compiled
compiled.ship(root / "content", Path(sys.argv[2]))  # what the hook does for a wheel
print(json.dumps(sorted({name.split(".")[0] for name in set(sys.modules) - before})))
"""


def test_the_build_requirements_name_everything_the_build_hook_imports(tmp_path: Path) -> None:
    """``built_wheel`` builds without build isolation (the backend from this environment, to
    save installing it afresh every run), so this says what an isolated build would: every
    module the build hook imports comes from ``build-system.requires`` or what they need."""
    import tomllib
    from importlib import metadata

    from conftest import ROOT
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    hook = run(sys.executable, "-c", HOOK, ROOT, tmp_path / "_course.json", cwd=tmp_path)
    assert hook.returncode == 0, hook.stderr
    assert (tmp_path / "_course.json").is_file()
    imported = set(json.loads(hook.stdout))

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["build-system"]
    allowed: set[str] = set()
    todo = [Requirement(r).name for r in requires["requires"]]
    while todo:  # the requirements and, in turn, theirs
        name = canonicalize_name(todo.pop())
        if name in allowed:
            continue
        allowed.add(name)
        for line in metadata.requires(name) or []:
            need = Requirement(line)
            if need.marker is None or need.marker.evaluate({"extra": ""}):
                todo.append(need.name)

    from_distributions = metadata.packages_distributions()
    missing = {
        module: sorted(from_distributions[module])
        for module in imported - set(sys.stdlib_module_names) - {"coach", "hatch_build"}
        if module in from_distributions
        and not any(canonicalize_name(d) in allowed for d in from_distributions[module])
    }
    assert not missing, f"imported by the build hook, not in build-system.requires: {missing}"

"""Build hook: the wheel ships a compiled snapshot of its bundled content.

A brand-new user has no snapshot in their data folder yet, so without this the very first
start would parse the YAML and validate it with pydantic. The snapshot is made from the
``content/`` folder that the wheel ships as ``coach/_content`` and is checked at run time
by the bytes of those files (``coach.content.compiled``), never trusted blindly. Editable installs
read ./content and keep their snapshot in the data folder, as always.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledContent(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._temp = Path(tempfile.mkdtemp(prefix="coach-build-"))
        target = self._temp / "_course.json"
        sys.path.insert(0, self.root)  # this source tree's coach, not an installed one
        try:
            from coach.content import compiled

            compiled.ship(Path(self.root) / "content", target)
        finally:
            sys.path.remove(self.root)
        build_data["force_include"][str(target)] = "coach/_course.json"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        temp = getattr(self, "_temp", None)
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)

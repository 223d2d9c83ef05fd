"""The dependency rule between the apps ([tool.importlinter] in pyproject.toml) holds, under pytest too.

reporting > standards, knowledge > projects > core; nothing imports reporting; pmo_portal only wires the apps up.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"lint-imports found imports that break the dependency rule:\n{output}"
    assert "BROKEN" not in output
    assert "Contracts: 3 kept, 0 broken." in output

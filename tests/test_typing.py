"""The package (core, CLI and app) type-checks: mypy, strict, with the configuration in pyproject.toml ([tool.mypy])."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_package_is_mypy_clean() -> None:
    # The package list, exclusions and strictness come from pyproject.toml; mypy's incremental
    # cache (.mypy_cache, git-ignored) makes runs after the first quick.
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found" in run.stdout

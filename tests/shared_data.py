"""Paths to the real corpora in ../shared/corpora; tests skip cleanly when they are absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPORA = REPO_ROOT.parent / "shared" / "corpora"


def shared_corpus(name: str) -> Path:
    """Folder ``../shared/corpora/NAME``; skips the calling test with a message when it is absent."""
    folder = SHARED_CORPORA / name
    if not folder.is_dir():
        pytest.skip(f"shared corpus {name!r} not found at {folder} (tests on real data skipped)")
    return folder

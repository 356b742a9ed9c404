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


def gold_corpus(name: str) -> Path:
    """An alignment gold corpus: ``../shared/corpora/NAME``, else ``build/gold/NAME`` (what
    scripts/fetch_align_gold.py writes); skips the calling test with a message when neither exists."""
    for folder in (SHARED_CORPORA / name, REPO_ROOT / "build" / "gold" / name):
        if folder.is_dir():
            return folder
    pytest.skip(f"gold corpus {name!r} not found in {SHARED_CORPORA} or build/gold (scripts/fetch_align_gold.py)")

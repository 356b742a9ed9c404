"""Compiled (Cython) sacrebleu statistics: loaded once, with sacrebleu itself as the fallback.

The C extensions are built by ``pip install -e .`` (setup.py). Where one cannot be imported (no C
compiler at install time, a platform without a build), :func:`module` returns ``None`` and logs one
warning for the whole process; callers then use sacrebleu's own Python code, which gives the same
numbers, only slower. ``REVIEW_APP_NO_COMPILED=1`` forces that fallback (tests, benchmarks).
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

from review_app.settings import NO_COMPILED

_LOG = logging.getLogger("review_app")
MODULES: tuple[str, ...] = ("_ter", "_chrf", "_bleu", "_resample", "_sentence", "_tok13a")
_loaded: dict[str, ModuleType | None] = {}
_warned = False


def module(name: str) -> ModuleType | None:
    """The compiled module ``review_app.scoring._fast.<name>``, or ``None`` (warned about once)."""
    global _warned
    if name not in _loaded:
        found: ModuleType | None = None
        if not NO_COMPILED.value():
            try:
                found = importlib.import_module(f"{__name__}.{name}")
            except ImportError:
                found = None
        _loaded[name] = found
        if found is None and not _warned:
            _warned = True
            _LOG.warning("compiled sacrebleu statistics unavailable (%s); using sacrebleu's Python code "
                         "(same numbers, slower). Reinstall with a C compiler: ./scripts/install.sh", name)
    return _loaded[name]


def preload() -> None:
    """Look for every compiled module now (worker processes forked later inherit the result, and the warning)."""
    for name in MODULES:
        module(name)


def reset() -> None:
    """Forget what was loaded (and the warning), so the next :func:`module` call looks again."""
    global _warned
    _loaded.clear()
    _warned = False

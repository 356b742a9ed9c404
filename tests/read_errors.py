"""Reading a bad corpus file: the one InputError it must raise, for tests to check its message."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.errors import InputError
from review_app.formats import read_units


def read_error(path: Path, text: str, fmt: str | None = None) -> str:
    """Write ``text`` to ``path`` and read it as a corpus (``fmt``, else by its name): the error message."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_units(path, fmt))
    return str(info.value)

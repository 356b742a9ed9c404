"""JSON Lines: one JSON object per unit, holding every field that is set (see ``Unit.to_dict``).

Reading also accepts the header aliases of the tabular formats (``src``, ``target``, ``ref``, …)
and keeps keys that name no field in ``props`` (string values) so foreign files load.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.formats.base import Unit
from review_app.formats.tabular import ALIASES, ALL_COLUMNS
from review_app.output import atomic_write
from review_app.text.ingest import iter_text_lines


def read_jsonl(path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Unit]:
    """Yield one unit per non-blank line; a missing ``id`` becomes the 1-based object number."""
    index = 0
    for number, line in enumerate(iter_text_lines(path), start=1):
        if not line.strip():
            continue
        index += 1
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(data, dict):
            raise InputError(path, f"line {number}: expected a JSON object, found {type(data).__name__}")
        if _SURROGATE.search(line) and _has_surrogate(data):
            raise InputError(path, f"line {number}: a \\u escape names a lone surrogate (half of a UTF-16 pair), "
                             "which is not a character")
        try:
            yield _unit(data, index, src_lang, tgt_lang)
        except ValueError as exc:
            raise InputError(path, f"line {number}: {exc}") from None


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]", re.ASCII)  # the escape of a surrogate, paired or not
_LONE = re.compile("[\ud800-\udfff]")


def _has_surrogate(value: Any) -> bool:
    """Whether a decoded JSON value holds a lone surrogate anywhere (keys included)."""
    if isinstance(value, str):
        return _LONE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _unit(data: dict[str, Any], index: int, src_lang: str | None, tgt_lang: str | None) -> Unit:
    known: dict[str, Any] = {"id": str(index), "src_lang": src_lang, "tgt_lang": tgt_lang}
    extra: dict[str, str] = {}
    for key, value in data.items():
        name = key if key in ALL_COLUMNS else ALIASES.get(key.lower())
        if name is not None:
            known[name] = value
        elif isinstance(value, str):
            extra[key] = value
        else:
            raise ValueError(f"unknown field {key!r} (a field that names no unit field must hold a string)")
    unit = Unit.from_dict({k: v for k, v in known.items() if v is not None})
    unit.props = {**extra, **unit.props}
    return unit


def write_jsonl(path: Path, units: Iterable[Unit]) -> int:
    """Write one compact JSON object per line (UTF-8, non-ASCII kept as is)."""
    count = 0
    with atomic_write(path) as out:
        for unit in units:
            out.write(json.dumps(unit.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count

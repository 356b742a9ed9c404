"""py3langid's model, decompressed once into the user's cache folder and memory-mapped from there.

py3langid ships its model LZMA-compressed (4.5 MB; 68 MB of arrays): decompressing and reading it costs
0.6–0.9 s of CPU in every process that identifies a language, before ``qa`` can start its workers. The
arrays, kept uncompressed as ``.npy`` files, are mapped in a few milliseconds instead, the pages read only
where a text's features fall, and shared by every process that maps them (``qa``'s workers, the app).

The cache folder is named by a digest of the model file, so another py3langid version gets its own. It is
written whole into a temporary folder and renamed into place (two processes racing both end with a whole
cache); when it cannot be written (a read-only home), the model is loaded the slow way, with the same
arrays: the identifier's answers never depend on the cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from review_app.settings import cache_folder

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

_ARRAYS = ("ptc", "pc", "nextmove", "row", "output")
_LAYOUT = 1  # bumped when the cached files change shape


def load_identifier(norm_probs: bool = True) -> LanguageIdentifier:
    """py3langid's identifier over its packaged model, memory-mapped from the cache (made on first use)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = Path(MODEL_DIR) / MODEL_FILE
    try:
        parts = _from_cache(model)
    except (OSError, ValueError):  # no cache to be had (read-only, full disk): the packaged model
        parts = _decompressed(model)
    ptc, pc, classes, nextmove, row, output = parts
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=norm_probs, tk_row=row)


def _decompressed(model: Path) -> tuple[Any, ...]:
    """The model's parts as py3langid loads them (decompressing the whole file)."""
    import numpy as np
    from py3langid.langid import _load_model_file

    ptc, pc, classes, nextmove, row, output = _load_model_file(model)
    return np.asarray(ptc), np.asarray(pc), classes, nextmove, row, output


def _from_cache(model: Path) -> tuple[Any, ...]:
    """The model's parts mapped from the cache, which is made when missing and made again when damaged."""
    folder = _cached(model)
    try:
        return _mapped(folder)
    except ValueError:  # a truncated or altered file: made again, once
        shutil.rmtree(folder, ignore_errors=True)
        return _mapped(_cached(model))


def _cached(model: Path) -> Path:
    """The cache folder of ``model``'s arrays, written first when it is missing."""
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    folder = cache_folder() / f"langid-{_LAYOUT}-{digest}"
    if (folder / "classes.json").is_file():
        return folder
    import numpy as np

    ptc, pc, classes, nextmove, row, output = _decompressed(model)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        arrays = {"ptc": ptc, "pc": pc, "nextmove": np.frombuffer(nextmove, dtype=_dtype(nextmove)),
                  "row": np.frombuffer(row, dtype=_dtype(row)), "output": np.asarray(output, dtype=np.int32)}
        for name in _ARRAYS:
            np.save(staging / f"{name}.npy", arrays[name], allow_pickle=False)
        (staging / "classes.json").write_text(json.dumps(classes), encoding="utf-8")  # written last: "complete"
        try:
            staging.rename(folder)
        except OSError:  # another process put its (identical) cache in place first
            if not (folder / "classes.json").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _dtype(values: Any) -> str:
    """The numpy dtype of a stdlib ``array`` of unsigned integers (py3langid keeps the DFA's tables so), in the
    machine's byte order, as the array holds them."""
    return f"=u{values.itemsize}"


def _mapped(folder: Path) -> tuple[Any, ...]:
    """The cached parts, mapped (the two large tables) or read (the small ones), in py3langid's types."""
    import numpy as np

    def load(name: str, mmap: bool = False) -> Any:
        return np.load(folder / f"{name}.npy", mmap_mode="r" if mmap else None, allow_pickle=False)

    classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
    # The DFA walk indexes the transitions once per byte: a memoryview indexes as fast as py3langid's array.
    table = load("nextmove", mmap=True)
    nextmove = memoryview(table).cast("B").cast(table.dtype.char)
    row = load("row").tolist()
    output = load("output").tolist()
    ptc = load("ptc", mmap=True)
    if ptc.shape[1] != len(classes) or len(row) != len(output):
        raise ValueError(f"{folder}: a damaged language model cache")
    return ptc, load("pc"), classes, nextmove, row, output

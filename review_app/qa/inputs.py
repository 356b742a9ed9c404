"""What ``qa`` reads: document pairs from folders (matched by file name), single files, or bilingual files.

Three layouts, told apart by what ``--mt`` and ``--ref`` name:

* two folders: every file of the MT folder is paired with the file of the same relative path in the
  reference folder (and the source folder); a file without its partner is an error (strict by
  default, since a silently skipped document would change the corpus score), or is skipped with
  a warning when the caller allows it;
* two files: one document pair;
* no ``--ref``: ``--mt`` is one bilingual file (TSV, CSV, JSONL, TMX, XLIFF, MQM TSV) or a folder of
  them, each unit holding the MT and the reference (or the post-edit) and perhaps the source.

Nothing is read here beyond file names and, for language detection, the head of the first file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from review_app.errors import InputError
from review_app.formats import FORMATS, detect_format, format_options, read_units
from review_app.text.ingest import iter_text_lines

T = TypeVar("T")

# How many names an error message lists before "and N more".
_LIST_LIMIT = 10
# Lines (or units) read to detect the target language when none is given.
_SAMPLE_LINES = 200


@dataclass(frozen=True, slots=True)
class DocumentSource:
    """One document to check: an MT file and its reference (and source), or one bilingual file.

    ``name`` labels the document in the report (its path relative to the ``--mt`` folder, or the
    MT file's name). ``format`` is set for bilingual files only.
    """

    name: str
    mt: Path
    ref: Path | None = None
    src: Path | None = None
    format: str | None = None
    raw: bool = False  # TSV/CSV/MQM cells as they are (``qa --raw``, as ``convert --raw``): no leading ' removed

    def read_options(self) -> dict[str, Any]:
        """The reader's options for this document's bilingual file."""
        return {"raw": True} if self.raw else {}

    @property
    def bilingual(self) -> bool:
        """True when one file holds both sides."""
        return self.format is not None


def _files(folder: Path) -> dict[str, Path]:
    """Regular files under ``folder`` by relative POSIX path; hidden files and folders are left out."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        found[relative.as_posix()] = path
    return found


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_LIST_LIMIT])
    return shown + (f" and {len(names) - _LIST_LIMIT} more" if len(names) > _LIST_LIMIT else "")


def _kind(path: str | Path, label: str) -> str:
    """``"folder"`` or ``"file"``; a missing path is an :class:`InputError`."""
    target = Path(path)
    if target.is_dir():
        return "folder"
    if target.is_file():
        return "file"
    raise InputError(path, f"no such file or folder ({label})")


def pair_documents(
    mt: str | Path,
    ref: str | Path | None = None,
    src: str | Path | None = None,
    *,
    format: str | None = None,
    allow_unmatched: bool = False,
    warn: Callable[[str], None] | None = None,
    raw: bool = False,
) -> list[DocumentSource]:
    """The documents of a run, in name order; bad layouts raise :class:`InputError`.

    ``allow_unmatched`` skips files without a partner (each reported through ``warn``) instead of
    failing; at least one document must remain. ``raw`` reads the cells of bilingual TSV, CSV and MQM
    files as they are (a cell's leading ``'``, which neutralises a formula in a spreadsheet, is kept).
    """
    mt_kind = _kind(mt, "--mt")
    if ref is None:
        if src is not None:
            raise InputError(src, "--src goes with --ref; a bilingual file carries its own source")
        return _bilingual(Path(mt), mt_kind, format, raw)
    if raw:
        raise InputError("--raw", "is for bilingual TSV, CSV and MQM files; plain text with --ref has no cells")
    if format is not None:
        raise InputError(mt, "--format is for one bilingual file; with --ref both sides are plain text")
    ref_kind = _kind(ref, "--ref")
    src_kind = _kind(src, "--src") if src is not None else None
    if {ref_kind, src_kind or ref_kind} != {mt_kind}:
        raise InputError(ref, f"--mt is a {mt_kind}; --ref{' and --src' if src else ''} must be one too")
    if mt_kind == "file":
        return [DocumentSource(Path(mt).name, Path(mt), Path(ref), Path(src) if src else None)]
    return _match_folders(Path(mt), Path(ref), Path(src) if src else None, allow_unmatched, warn)


def _match_folders(
    mt: Path, ref: Path, src: Path | None, allow_unmatched: bool, warn: Callable[[str], None] | None
) -> list[DocumentSource]:
    sides = {"--mt": _files(mt), "--ref": _files(ref)}
    if src is not None:
        sides["--src"] = _files(src)
    folders = {"--mt": mt, "--ref": ref, "--src": src}
    if not sides["--mt"]:
        raise InputError(mt, "the folder holds no files")
    common = set.intersection(*(set(files) for files in sides.values()))
    problems = []
    for label, files in sides.items():
        alone = sorted(set(files) - common)
        if alone:
            others = " and ".join(other for other in sides if other != label)
            problems.append(f"{len(alone)} file(s) in {label} {folders[label]} have no partner in {others}: "
                            f"{_listing(alone)}")
    if problems and not allow_unmatched:
        raise InputError(mt, "; ".join(problems) + " (files are paired by name; use --skip-unmatched to skip them)")
    for problem in problems:
        if warn:
            warn(f"skipping {problem}")
    if not common:
        raise InputError(mt, "no file name appears in every folder; nothing to check")
    return [
        DocumentSource(name, sides["--mt"][name], sides["--ref"][name], sides["--src"][name] if src else None)
        for name in sorted(common)
    ]


def _bilingual(mt: Path, kind: str, format: str | None, raw: bool) -> list[DocumentSource]:
    if format is not None and format not in FORMATS:
        raise InputError(None, f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    paths = {mt.name: mt} if kind == "file" else _files(mt)
    if not paths:
        raise InputError(mt, "the folder holds no files")
    documents = []
    for name, path in paths.items():
        fmt = format or _detect(path)
        if fmt == "txt":
            raise InputError(path, "a plain text file holds one side only: give the reference with --ref "
                             "(or use a bilingual file: TSV, CSV, JSONL, TMX, XLIFF)")
        documents.append(DocumentSource(name, path, format=fmt, raw=raw and "raw" in format_options(fmt, "read")))
    if raw and not any(d.raw for d in documents):
        raise InputError("--raw", f"is for TSV, CSV and MQM files; {mt} holds {documents[0].format}")
    return documents


def _detect(path: Path) -> str:
    try:
        return detect_format(path)
    except InputError:
        raise InputError(path, "--mt without --ref must be a bilingual file (.tsv, .csv, .jsonl, .tmx, .xlf); "
                         "for plain text give the reference with --ref") from None


def sample_text(path: Path, format: str | None = None, side: str = "mt", lines: int = _SAMPLE_LINES) -> str:
    """The first ``lines`` lines of a text file, or the ``side`` texts of a bilingual file's first units.

    For language detection when no language is given.
    """
    if format is not None:
        return "\n".join(getattr(unit, side) or "" for unit in _head(read_units(path, format), lines))
    return "".join(_head(iter_text_lines(path), lines))


def _head(items: Iterator[T], count: int) -> list[T]:
    """The first ``count`` items of a reader, which is then closed (its file with it)."""
    try:
        return list(islice(items, count))
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()

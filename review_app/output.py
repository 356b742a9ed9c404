"""File output: atomic (complete or absent), ordinary permissions, never over an input.

* :func:`atomic_write` writes into a temporary file next to the target and renames it over the
  target only when the block succeeds; the result gets the permissions any new file gets
  (``0666`` minus the umask), whatever ``mkstemp`` chose for the temporary.
* :func:`guard_outputs` refuses an output that is one of the inputs, the database, another
  output, or an existing folder, before anything is read or written.
* ``-`` means standard output for the commands that offer it (:func:`is_stdout`, :func:`stdout_copy`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from review_app.errors import InputError

STDOUT = "-"
# Write errors that mean "this output cannot be written" rather than a bug.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    """Whether ``path`` is ``-`` (standard output)."""
    return path is not None and os.fspath(path) == STDOUT


def _umask() -> int:
    """The process umask, read without changing it (``os.umask`` would race with other threads)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current


def new_file_mode() -> int:
    """Permissions of a newly created file: ``0666`` minus the umask (``0644`` with the usual ``022``)."""
    return 0o666 & ~_umask()


def cannot_write(path: str | os.PathLike[str], exc: OSError) -> InputError:
    """An :class:`InputError` for an output that the system refused."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, IsADirectoryError) or Path(path).is_dir():
        reason = "is a folder, expected a file name"
    elif isinstance(exc, NotADirectoryError | FileExistsError):
        reason = "a part of the path is a file, not a folder"
    return InputError(path, f"cannot write: {reason}")


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path``; rename it over ``path`` only if the block succeeds.

    A path the system refuses (a folder, a read-only place, a file used as a folder) raises an
    :class:`InputError` naming it; nothing is left behind.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(path, "cannot write: is a folder, expected a file name")
    encoding, newline = (None, None) if "b" in mode else (encoding, "")
    if target.exists() and not target.is_file():
        # A device or a pipe (/dev/null, a FIFO) is written in place: renaming a file over it
        # would replace the device node itself (as root, /dev/null would become a regular file).
        try:
            handle = open(target, mode, encoding=encoding, newline=newline)  # noqa: SIM115 - closed below, after the block
        except OSError as exc:
            raise cannot_write(path, exc) from None
        with handle:
            yield handle
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if exc.errno in _WRITE_ERRNOS or (exc.filename is not None and os.fspath(exc.filename) in (tmp, str(target))):
            raise cannot_write(path, exc) from None
        raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def open_output(path: str | Path | None, mode: str = "w") -> Iterator[IO[Any]]:
    """A text (or ``"wb"``) output: standard output for ``None`` or ``-``, else :func:`atomic_write`."""
    if path is None or is_stdout(path):
        stream = sys.stdout.buffer if "b" in mode else sys.stdout
        yield stream
        stream.flush()
        return
    with atomic_write(path, mode, None if "b" in mode else "utf-8") as handle:
        yield handle


@contextlib.contextmanager
def stdout_copy(suffix: str) -> Iterator[Path]:
    """A temporary file path whose content goes to standard output when the block succeeds.

    For writers that need a path (the corpus formats): the output is complete before a byte of
    it reaches standard output, like a file output is complete before it appears.
    """
    with tempfile.TemporaryDirectory(prefix="review_app_out_") as folder:
        path = Path(folder) / f"out{suffix}"
        yield path
        sys.stdout.flush()
        with open(path, "rb") as handle:
            shutil.copyfileobj(handle, sys.stdout.buffer)
        sys.stdout.buffer.flush()


# --- The output guard ------------------------------------------------------------------------------


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file: symlinks resolved and hard links compared by inode."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return a.resolve() == b.resolve()


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies somewhere under it."""
    resolved, home = path.resolve(), folder.resolve()
    return resolved == home or home in resolved.parents


def database_files(db_path: Path) -> list[Path]:
    """A SQLite database file and the journal files SQLite keeps beside it."""
    return [db_path, *(db_path.with_name(db_path.name + tail) for tail in ("-wal", "-shm", "-journal"))]


def guard_outputs(
    outputs: Iterable[tuple[str, str | os.PathLike[str] | None]],
    inputs: Iterable[str | os.PathLike[str] | None],
    *,
    database: Path | None = None,
    folders: Iterable[str | os.PathLike[str] | None] = (),
) -> None:
    """Refuse, before anything is written, an output that would destroy data.

    ``outputs`` are (option, path) pairs of files (``None`` and ``-`` are skipped); ``folders`` are
    output folders (refused when they hold an input). An output is refused when it is one of the
    ``inputs`` (also through a symlink or a hard link), the ``database`` (or its journal), another
    output, or an existing folder.
    """
    sources = [Path(p) for p in inputs if p is not None and not is_stdout(p)]
    protected = [(src, "is an input of this command") for src in sources]
    if database is not None:
        protected += [(f, "is the review database") for f in database_files(database)]
    seen: list[tuple[str, Path]] = []
    for option, raw in outputs:
        if raw is None or is_stdout(raw):
            continue
        path = Path(raw)
        for other, reason in protected:
            if _same(path, other):
                raise InputError(raw, f"{reason}; {option} would overwrite it (choose another output)")
        for other_option, other in seen:
            if _same(path, other):
                raise InputError(raw, f"given as both {other_option} and {option}; choose two different files")
        if path.is_dir():
            raise InputError(raw, f"is a folder; {option} expects a file name")
        seen.append((option, path))
    for raw in folders:
        if raw is None:
            continue
        folder = Path(raw)
        for src in sources:
            if _inside(src, folder):
                raise InputError(raw, f"holds the input {src}; the output folder would replace it")
        if database is not None and _inside(database, folder):
            raise InputError(raw, "holds the review database; the output folder would replace it")

"""Opening a store never touches the SQLite file outside SQLite: closing any descriptor of a file drops
every POSIX lock the process holds on it, so a plain open()/close() of the database beside the
process's own connections let another process checkpoint their WAL away (saves reported, then lost).
This happened when a page opened a second store on the app's database."""

from __future__ import annotations

import builtins
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from review_app.store import Store, StoreError
from tests.browser_helpers import demo_db
from tests.people import OP


def test_opening_a_store_never_opens_the_database_file_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = demo_db(tmp_path / "review.db")
    real_open = builtins.open

    def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file).resolve() == db.resolve():
            raise AssertionError("a plain open() of the database drops this process's SQLite locks")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    Store(str(db), create=False).close()
    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"not a database at all, but long enough to have a header" * 10)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(str(foreign), create=False)
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError, match="an empty file"):
        Store(str(empty), create=False)


_OTHER_WRITER = """
import sys
from review_app.store import Store
from tests.people import OP
store = Store(sys.argv[1])
segment = store.segment_page(store.documents(store.projects()[0].id)[0].id, limit=1).rows[0]
store.edit_corrected(segment.id, "Elsewhere.", actor=OP)
store.close()
"""


def test_two_stores_in_one_process_and_a_writer_beside_them_lose_nothing(tmp_path: Path) -> None:
    db = str(demo_db(tmp_path / "review.db"))
    first = Store(db)
    document = first.documents(first.projects()[0].id)[0]
    rows = first.segment_page(document.id, limit=3).rows
    first.edit_corrected(rows[1].id, "Saved by the first store.", actor=OP)
    second = Store(db)  # a page that opens a store of its own on the same file
    second.close()
    writer = subprocess.run([sys.executable, "-c", _OTHER_WRITER, db], cwd=Path(__file__).resolve().parent.parent,
                            capture_output=True, text=True, timeout=120, check=False)
    assert writer.returncode == 0, writer.stderr
    first.edit_corrected(rows[2].id, "Saved after the other process.", actor=OP)
    first.close()
    check = Store(db)
    try:
        texts = [r.corrected for r in check.segment_page(document.id, limit=3).rows]
    finally:
        check.close()
    assert texts == ["Elsewhere.", "Saved by the first store.", "Saved after the other process."]

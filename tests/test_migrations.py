"""Schema migrations: a new database equals the models; an older database is upgraded with every row intact."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, create_engine, select, text

from review_app.cli import main
from review_app.scoring.registry import METRICS
from review_app.store import Operator, Store, StoreError
from review_app.store.migrate import BASELINE, alembic_config, head_revision, schema_state
from review_app.store.models import Base

LEGACY_SQL = Path(__file__).parent / "data" / "legacy" / "main_2026_12_01.sql"
BASELINE_TABLES = ("projects", "documents", "segments", "findings", "annotations", "events")


def _legacy_sqlite(path: Path) -> Path:
    """A SQLite file as main's code left it before migrations existed: tables and review work, no version."""
    con = sqlite3.connect(path)
    con.executescript(LEGACY_SQL.read_text(encoding="utf-8"))
    con.close()
    return path


def _rows(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the baseline tables, by id, restricted to the baseline's columns."""
    engine = create_engine(url)
    legacy = MetaData()
    legacy.reflect(engine, only=BASELINE_TABLES)
    try:
        with engine.connect() as connection:
            return {name: [dict(row._mapping) for row in connection.execute(select(table).order_by(table.c.id))]
                    for name, table in legacy.tables.items() if name in BASELINE_TABLES}
    finally:
        engine.dispose()


# The score columns 0011 moved into ``segments.scores`` (metric id → MT column; corrected_<column>).
MOVED_SCORES = {"bleu": "bleu", "chrf": "chrf", "chrf++": "chrfpp", "ter": "ter"}


def _as_before(after: dict[str, list[dict[str, Any]]], before: dict[str, list[dict[str, Any]]]
               ) -> dict[str, list[dict[str, Any]]]:
    """``after`` restricted to the columns ``before`` had (later revisions may add columns); the score
    columns moved into ``scores`` are read back from there."""
    def old_columns(name: str, row: dict[str, Any]) -> dict[str, Any]:
        moved = {}
        for metric, column in MOVED_SCORES.items():
            entry = (row.get("scores") or {}).get(metric) or {}
            moved[column], moved[f"corrected_{column}"] = entry.get("mt"), entry.get("corrected")
        full = {**moved, **row} if name == "segments" else row
        return {k: full[k] for k in (before[name][0] if before[name] else row)}

    return {name: [old_columns(name, row) for row in rows] for name, rows in after.items()}


def test_new_database_matches_the_models(db_url: str) -> None:
    store = Store(db_url)
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert schema_state(connection).current == (head_revision(),)
    store.close()


def test_legacy_database_is_upgraded_with_every_row_intact(tmp_path: Path) -> None:
    path = _legacy_sqlite(tmp_path / "old.db")
    before = _rows(f"sqlite:///{path}")
    assert len(before["segments"]) == 6 and len(before["findings"]) == 14
    assert len(before["annotations"]) == 2 and len(before["events"]) == 9
    store = Store(str(path))
    with store.engine.connect() as connection:
        assert schema_state(connection).up_to_date
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    assert _as_before(_rows(store.url), before) == before
    # The upgraded store still works on the old data: reads and a new action.
    document = store.documents(store.project_by_name("Legacy project").id)[0]
    rows = store.segment_page(document.id).rows
    assert rows[0].corrected == "They are time-tested friends!" and rows[0].status == "corrected"
    assert len(store.events(document_id=document.id)) == 8
    store.close()


def test_upgrade_can_be_refused_with_the_command_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _legacy_sqlite(tmp_path / "old.db")
    monkeypatch.setenv("REVIEW_APP_AUTO_UPGRADE", "0")
    with pytest.raises(StoreError, match=r"older schema .*review-app db upgrade --db"):
        Store(str(path))
    assert _rows(f"sqlite:///{path}")["events"]  # untouched
    assert main(["db", "upgrade", "--db", str(path)]) == 0
    Store(str(path)).close()  # now at the newest revision: opens even without automatic upgrades


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(str(path)).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=r"ffff_from_the_future.*newer version"):
        Store(str(path))


def test_db_status_and_upgrade_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _legacy_sqlite(tmp_path / "old.db")
    assert main(["db", "status", "--db", str(path)]) == 0
    assert "before migrations" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", str(path)]) == 0
    assert main(["db", "status", "--db", str(path)]) == 0
    assert f"schema at {head_revision()} (newest)" in capsys.readouterr().out


def test_baseline_database_upgrades_to_head(tmp_path: Path, db_url: str) -> None:
    """A database at the baseline revision (made by Alembic) holding main's data reaches head, every row intact."""
    source = _legacy_sqlite(tmp_path / "old.db")
    url = db_url
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), BASELINE)
    _copy_rows(f"sqlite:///{source}", url)
    engine.dispose()
    before = _rows(url)
    store = Store(url)
    with store.engine.connect() as connection:
        assert schema_state(connection).up_to_date
        assert connection.execute(text("SELECT count(*) FROM segments")).scalar() == 6
    assert _as_before(_rows(url), before) == before
    store.close()


def _copy_rows(source_url: str, target_url: str) -> None:
    source, target = create_engine(source_url), create_engine(target_url)
    metadata = MetaData()
    metadata.reflect(target, only=BASELINE_TABLES)
    columns = MetaData()  # the source's columns: a later target revision may have more (filled by defaults)
    columns.reflect(source, only=BASELINE_TABLES)
    with source.connect() as read, target.begin() as write:
        for name in BASELINE_TABLES:
            table, old = metadata.tables[name], columns.tables[name]
            rows = [dict(r._mapping) for r in read.execute(select(old).order_by(old.c.id))]
            if rows:
                write.execute(table.insert(), rows)
                if target.dialect.name == "postgresql":  # rows came with their ids: new rows continue after them
                    write.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {rows[-1]['id']})"))
    source.dispose()
    target.dispose()


def _legacy_rows_at(tmp_path: Path, db_url: str, revision: str) -> Engine:
    """An engine on ``db_url`` migrated to ``revision`` and holding the legacy database's rows (what a database
    written by that version holds); the caller migrates it on and disposes of the engine."""
    source = _legacy_sqlite(tmp_path / "old.db")
    engine = create_engine(db_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    _copy_rows(f"sqlite:///{source}", db_url)
    return engine


def test_postgresql_backup_and_restore(pg_cluster: Any, tmp_path: Path) -> None:
    """Deployment's backup and restore: pg_dump -Fc of a database with review work, pg_restore into an empty one."""
    import os
    import subprocess

    from tests.people import OP, person

    source_url, target_url = pg_cluster.create_database("src"), pg_cluster.create_database("dst")
    store = Store(source_url)
    project = store.create_project("P", "ru", "en", actor=OP)
    document = store.add_document(project.id, "d", [], actor=OP)
    person(store, "ann")
    store.close()
    env = {**os.environ, "PGPASSWORD": pg_cluster.password}
    libpq = [url.replace("+psycopg", "").replace(f":{pg_cluster.password}@", "@") for url in (source_url, target_url)]
    dump = tmp_path / "review.dump"
    for argv in ([str(pg_cluster.bindir / "pg_dump"), "-Fc", "-f", str(dump), libpq[0]],
                 [str(pg_cluster.bindir / "pg_restore"), "--no-owner", "-d", libpq[1], str(dump)]):
        subprocess.run(argv, env=env, check=True, capture_output=True, timeout=120)
    restored = Store(target_url)
    assert [d.name for d in restored.documents(project.id)] == ["d"] and document.id == 1
    assert [u.name for u in restored.users()] == ["ann"]
    assert [e.kind for e in restored.events()][-2:] == ["import", "create-project"]
    restored.create_project("Q", "ru", "en", actor=OP)  # the sequences came back too: new rows get new ids
    restored.close()
    pg_cluster.drop_database(source_url)
    pg_cluster.drop_database(target_url)


def test_upgrade_scores_chrfpp_of_the_stored_segments_with_sacrebleu(tmp_path: Path) -> None:
    import sacrebleu

    path = _legacy_sqlite(tmp_path / "old.db")
    store = Store(str(path))
    document = store.documents(store.project_by_name("Legacy project").id)[0]
    rows = store.segment_page(document.id).rows
    chrfpp = sacrebleu.CHRF(word_order=2)
    for row in rows:
        if not row.ref:
            assert row.scores["chrf++"] is None
            continue
        assert row.scores["chrf++"] == chrfpp.sentence_score(row.mt, [row.ref]).score
        assert row.corrected_scores["chrf++"] == chrfpp.sentence_score(row.corrected, [row.ref]).score
    assert sum(r.corrected != r.mt for r in rows) == 2  # the corrected texts were scored, not the MT twice
    store.close()


def test_a_database_made_by_create_all_with_the_chrfpp_columns_is_upgraded(tmp_path: Path) -> None:
    path = _legacy_sqlite(tmp_path / "old.db")
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE segments ADD COLUMN chrfpp FLOAT")
    con.execute("ALTER TABLE segments ADD COLUMN corrected_chrfpp FLOAT")
    con.commit()
    con.close()
    store = Store(str(path))
    with store.engine.connect() as connection:
        assert schema_state(connection).up_to_date
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    store.close()


def test_database_before_archiving_upgrades_with_every_item_live(tmp_path: Path, db_url: str) -> None:
    """A database at 0004 (before soft delete) holding main's data gains the archive columns, every row
    intact and every project and document still listed; archiving then works on the old rows."""
    engine = _legacy_rows_at(tmp_path, db_url, "0004_comments_batches_runs")
    engine.dispose()
    before = _rows(db_url)
    store = Store(db_url)
    with store.engine.connect() as connection:
        assert schema_state(connection).current == (head_revision(),)
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert connection.execute(text("SELECT count(*) FROM documents WHERE archived_at IS NULL")).scalar() == 1
    assert _as_before(_rows(db_url), before) == before
    project = store.project_by_name("Legacy project")
    assert project is not None and not project.archived and [p.name for p in store.projects()] == [project.name]
    document = store.documents(project.id)[0]
    store.archive_document(document.id, actor=Operator("tests"))
    assert store.documents(project.id) == [] and store.document(document.id).archived
    store.close()


def test_scores_move_back_and_forth_and_a_database_put_back_by_hand_upgrades(tmp_path: Path, db_url: str) -> None:
    """0011 moves the eight score columns into ``segments.scores`` (with each metric's signature) and back
    on a downgrade; a database put back to 0010 by hand that kept ``scores`` is upgraded without losing
    what ``scores`` holds (a plugin's metric) or what the columns hold."""
    engine = _legacy_rows_at(tmp_path, db_url, "0010_sso_identities")
    before = _rows(db_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0011_segment_scores")
    with engine.connect() as connection:
        stored = {row.id: row.scores for row in connection.execute(text("SELECT id, scores FROM segments"))}
    for row in before["segments"]:
        scores = stored[row["id"]] if isinstance(stored[row["id"]], dict) else json.loads(stored[row["id"]])
        for metric, column in MOVED_SCORES.items():
            assert scores[metric] == {"mt": row[column], "corrected": row[f"corrected_{column}"],
                                      "signature": METRICS[metric].signature(sentence=True)}
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0010_sso_identities")
    assert _rows(db_url) == before  # every column back as it was
    # Put back by hand: 0010's columns, and a ``scores`` column already holding a plugin's metric.
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE segments ADD COLUMN scores JSON DEFAULT '{}' NOT NULL"))
        connection.execute(text("""UPDATE segments SET scores = '{"srclen": {"mt": 1.0, "corrected": 2.0}}'"""))
        command.upgrade(alembic_config(connection), "head")
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        stored = {row.id: row.scores for row in connection.execute(text("SELECT id, scores FROM segments"))}
    for row in before["segments"]:
        scores = stored[row["id"]] if isinstance(stored[row["id"]], dict) else json.loads(stored[row["id"]])
        assert scores["srclen"] == {"mt": 1.0, "corrected": 2.0}
        assert scores["chrf"]["mt"] == row["chrf"] and scores["ter"]["corrected"] == row["corrected_ter"]
    engine.dispose()


def test_statistics_are_computed_for_the_segments_stored_before_0012(tmp_path: Path, db_url: str) -> None:
    """0012 gives every stored segment its MT's and its corrected text's statistics rows (what an import and
    every edit store from then on), so the project's corpus scores never score a text."""
    from review_app.scoring.metrics import scores_and_statistics
    from review_app.scoring.registry import default_metrics

    engine = _legacy_rows_at(tmp_path, db_url, "0010_sso_identities")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT mt, ref, corrected, stats FROM segments ORDER BY id")).all()
    engine.dispose()
    assert any(row.corrected != row.mt for row in rows)  # the legacy rows hold review work
    refs = [row.ref for row in rows]
    for side, texts in (("mt", [row.mt for row in rows]), ("corrected", [row.corrected for row in rows])):
        fresh = scores_and_statistics(texts, [refs], (), default_metrics())
        for row, (_scores, want) in zip(rows, fresh, strict=True):
            stats = row.stats if isinstance(row.stats, dict) else json.loads(row.stats)
            assert {name: entry[side] for name, entry in stats.items()} == want


def test_line_keys_are_computed_for_the_documents_stored_before_0014(tmp_path: Path, db_url: str) -> None:
    """0014 gives every stored document the keys of its MT's short lines (what an import stores from then on), so
    the next import finds the lines that recur in the project without reading the documents' texts."""
    from review_app.checks.chrome import line_keys

    engine = _legacy_rows_at(tmp_path, db_url, "0013_realign")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT mt_text, line_keys FROM documents ORDER BY id")).all()
    engine.dispose()
    assert rows
    for row in rows:
        keys = row.line_keys if isinstance(row.line_keys, list) else json.loads(row.line_keys)
        assert keys == line_keys(row.mt_text.split("\n")) and keys

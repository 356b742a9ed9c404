"""``review-app import``: documents into a project from the command line, as the app's import form does (issue 26).

On SQLite and PostgreSQL: a folder of documents, files paired by name; the project created when missing;
the same segments, scores and findings as the app's importer; a second run changes nothing; bad input is one
line and exit 2 before anything is written; an interrupted import leaves no half document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.cli import main
from review_app.review.importer import import_document
from review_app.store import Operator, Store

DEMO = Path(__file__).resolve().parent.parent / "corpora" / "demo"


def _folders(tmp_path: Path, names: tuple[str, ...] = ("a", "b")) -> tuple[Path, Path, Path]:
    """MT, post-edit and source folders with one document per name (the demo's texts, cut differently)."""
    mt_lines = (DEMO / "mt.en.txt").read_text(encoding="utf-8").splitlines()
    pe_lines = (DEMO / "postedit.en.txt").read_text(encoding="utf-8").splitlines()
    src_lines = (DEMO / "src.ru.txt").read_text(encoding="utf-8").splitlines()
    folders = tuple(tmp_path / kind for kind in ("mt", "pe", "src"))
    for folder in folders:
        folder.mkdir()
    for k, name in enumerate(names):
        part = slice(k * 6, k * 6 + 12)
        for folder, lines in zip(folders, (mt_lines, pe_lines, src_lines), strict=True):
            (folder / f"{name}.txt").write_text("\n".join(lines[part]) + "\n", encoding="utf-8")
    return folders  # type: ignore[return-value]


def _init(url: str) -> None:
    assert main(["db", "init", "--db", url]) == 0


def test_a_folder_becomes_a_project_like_the_apps_import(db_url: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    _init(db_url)
    mt, pe, src = _folders(tmp_path)
    capsys.readouterr()
    code = main(["import", "--db", db_url, "--project", "News", "--mt", str(mt), "--ref", str(pe), "--src", str(src),
                 "--ref-kind", "post-edit", "--system", "yandex", "--lang", "en", "--src-lang", "ru"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == "created project 'News' (ru -> en)"
    assert [line.split(":")[0] for line in out[1:]] == ["a", "b"] and all("imported into 'News'" in x for x in out[1:])
    store = Store(db_url)
    project = store.project_by_name("News")
    assert project is not None
    documents = store.documents(project.id)
    assert [(d.name, d.system) for d in documents] == [("a", "yandex"), ("b", "yandex")]
    # The same segments, scores and findings as the app's importer gives the same texts.
    twin = store.create_project("Twin", "ru", "en", actor=Operator())
    read = (mt / "a.txt").read_text(encoding="utf-8"), (pe / "a.txt").read_text(encoding="utf-8")
    app_doc = import_document(store, twin.id, name="a", mt_text=read[0], ref_text=read[1],
                              src_text=(src / "a.txt").read_text(encoding="utf-8"), ref_kind="post-edit",
                              actor=Operator())
    ours, theirs = (store.segment_page(d.id, limit=1_000).rows for d in (documents[0], app_doc))
    assert [(r.mt, r.ref, r.src, r.link, r.scores) for r in ours] == \
           [(r.mt, r.ref, r.src, r.link, r.scores) for r in theirs]
    assert [(f.check, f.start, f.end) for r in ours for f in store.segment_detail(r.id).findings] == \
           [(f.check, f.start, f.end) for r in theirs for f in store.segment_detail(r.id).findings]
    # A second run changes nothing: each document is skipped, named.
    capsys.readouterr()
    assert main(["import", "--db", db_url, "--project", "News", "--mt", str(mt), "--ref", str(pe),
                 "--src", str(src), "--ref-kind", "post-edit", "--system", "yandex"]) == 0
    assert capsys.readouterr().out.splitlines() == ["a: skipped, already imported into 'News'",
                                                    "b: skipped, already imported into 'News'"]
    assert len(store.documents(project.id)) == 2
    store.close()


def test_one_file_the_same_texts_again_and_an_assignment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "team.db")
    _init(db)
    store = Store(db)
    store.create_project("Demo", "ru", "en", actor=Operator())
    store.add_user("ann", "reviewer", password=None, actor=Operator())
    capsys.readouterr()
    base = ["import", "--db", db, "--project", "Demo", "--mt", str(DEMO / "mt.en.txt"),
            "--ref", str(DEMO / "postedit.en.txt")]
    assert main([*base, "--assign", "ann"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("mt.en: imported into 'Demo', ") and out.endswith(" segments, assigned to ann\n")
    assert [a.document for a in store.assignments()] == ["mt.en"]
    # The same texts under another name: skipped as the app's form does, unless --again.
    assert main([*base, "--name", "copy"]) == 0
    assert "holds the same texts as document 'mt.en' (--again imports a second copy)" in capsys.readouterr().out
    assert main([*base, "--name", "copy", "--again"]) == 0
    project = store.project_by_name("Demo")
    assert project is not None and [d.name for d in store.documents(project.id)] == ["mt.en", "copy"]
    store.close()


@pytest.mark.parametrize(("change", "message"), [
    ({"--ref": "missing"}, "review_app: error: --ref: no such file or folder: "),
    ({"--project": "Nope"}, "review_app: error: --project: no project named 'Nope' in "),
    ({"--lang": "de"}, "review_app: error: --lang: project 'Demo' is ru -> en, not de\n"),
    ({"--assign": "zed"}, "review_app: error: --assign: 'zed' is not an active reviewer of "),
    ({"--ref": "file"}, "review_app: error: --ref: "),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   change: dict[str, str], message: str) -> None:
    db = str(tmp_path / "team.db")
    _init(db)
    Store(db).create_project("Demo", "ru", "en", actor=Operator())
    mt, pe, _src = _folders(tmp_path)
    (pe / "b.txt").unlink() if change.get("--ref") == "file" else None
    args = {"--project": "Demo", "--mt": str(mt), "--ref": str(pe)}
    if change.get("--ref") == "missing":
        args["--ref"] = str(tmp_path / "nowhere")
    elif "--ref" not in change:
        args.update(change)
    capsys.readouterr()
    assert main(["import", "--db", db, *[x for item in args.items() for x in item]]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1, err
    if change.get("--ref") == "file":
        assert "no b.txt in" in err and "nothing was imported" in err
    project = Store(db).project_by_name("Demo")
    assert project is not None and Store(db).documents(project.id) == []


def test_a_refused_document_leaves_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "team.db")
    _init(db)
    mt, pe, _src = _folders(tmp_path, ("a", "b", "c"))
    (pe / "b.txt").write_text("\n", encoding="utf-8")  # an empty post-edit
    code = main(["import", "--db", db, "--project", "P", "--lang", "en", "--src-lang", "ru",
                 "--mt", str(mt), "--ref", str(pe)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == f"review_app: error: b: {pe / 'b.txt'}: empty input: the file holds no text\n"
    store = Store(db)
    project = store.project_by_name("P")
    assert project is not None and [d.name for d in store.documents(project.id)] == ["a", "c"]


def test_an_interrupted_import_leaves_no_half_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "team.db")
    _init(db)
    mt, pe, _src = _folders(tmp_path, ("a", "b"))
    real = Store.add_document
    calls = 0

    def interrupted(self: Store, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 2:  # Ctrl-C while the second document's transaction writes its segments
            monkeypatch.setattr(Store, "_insert_findings", _interrupt)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "add_document", interrupted)
    code = main(["import", "--db", db, "--project", "P", "--lang", "en", "--src-lang", "ru",
                 "--mt", str(mt), "--ref", str(pe)])
    assert code == 130 and capsys.readouterr().err == "review_app: interrupted\n"
    store = Store(db)
    project = store.project_by_name("P")
    assert project is not None and [d.name for d in store.documents(project.id, archived=None)] == ["a"]
    assert sum(1 for e in store.events(limit=100) if e.kind == "import") == 1
    monkeypatch.undo()
    assert main(["import", "--db", db, "--project", "P", "--mt", str(mt), "--ref", str(pe)]) == 0
    assert [d.name for d in store.documents(project.id)] == ["a", "b"]


def _interrupt(*_args: object, **_kwargs: object) -> None:
    raise KeyboardInterrupt


def test_line_parallel_files_of_different_lengths_name_the_file(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "team.db")
    _init(db)
    capsys.readouterr()
    code = main(["import", "--db", db, "--project", "P", "--lang", "en", "--src-lang", "ru", "--segmented",
                 "--mt", str(DEMO / "mt.en.txt"), "--ref", str(DEMO / "postedit.en.txt")])
    assert code == 2
    assert capsys.readouterr().err == (f"review_app: error: mt.en: {DEMO / 'postedit.en.txt'}: has 31 lines but MT has "
                                       "50; line-parallel files must have the same number of lines\n")

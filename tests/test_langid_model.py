"""The language model mapped from the cache answers exactly as py3langid's own, and a cache that cannot be
written or is damaged costs speed, never an answer (review_app/checks/langid_model.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from review_app.checks import langid_model
from review_app.settings import CACHE, cache_folder
from tests.shared_data import SHARED_CORPORA

# Short and long, several scripts, mixed, digits and symbols only, empty: what the checks give the model.
TEXTS = [
    "The talks in Minsk ended without an agreement.",
    "Переговоры в Минске закончились без соглашения.",
    "Die Verhandlungen endeten ohne Einigung.",
    "Les négociations se sont terminées sans accord.",
    "Rokovania sa skončili bez dohody.",
    "会谈在没有达成协议的情况下结束。",
    "Ελλάδα", "12:45 — 3 %", "", "OK", "Friends of the World / Друзья мира",
    "ТАСС, 5 декабря. " * 40,
]


def _packaged() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _texts() -> list[str]:
    lines = list(TEXTS)
    folder = SHARED_CORPORA / "wmt21-newstest-en-ru"  # real lines when the shared corpus is there; TEXTS always
    for path in sorted(folder.rglob("*"))[:6]:
        if path.is_file() and path.suffix not in {".md", ".tsv"}:
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()[:300]
    return lines


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE.name, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_mapped_model_answers_as_py3langid_does(cache: Path) -> None:
    made = langid_model.load_identifier()  # writes the cache
    mapped = langid_model.load_identifier()  # maps it
    assert isinstance(mapped.nb_ptc, np.memmap), "the second load maps the cached table"
    packaged = _packaged()
    texts = _texts()
    for ident in (made, mapped):
        assert [ident.classify(t) for t in texts] == [packaged.classify(t) for t in texts]
        assert ident.rank(texts[1]) == packaged.rank(texts[1])
    for ident in (mapped, packaged):
        ident.set_languages(["en", "ru", "sk"])
    assert [mapped.classify(t) for t in texts] == [packaged.classify(t) for t in texts]
    assert len(list(cache.iterdir())) == 1, "one folder, no staging folder left"


def test_an_unwritable_cache_falls_back_to_the_packaged_model(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE.name, str(blocker / "cache"))
    ident = langid_model.load_identifier()
    assert not isinstance(ident.nb_ptc, np.memmap)
    assert [ident.classify(t) for t in TEXTS] == [_packaged().classify(t) for t in TEXTS]


def test_a_damaged_cache_is_made_again(cache: Path) -> None:
    langid_model.load_identifier()
    [folder] = cache.iterdir()
    table = folder / "nextmove.npy"
    whole = table.read_bytes()
    table.write_bytes(whole[: len(whole) // 2])  # a truncated file
    ident = langid_model.load_identifier()
    assert isinstance(ident.nb_ptc, np.memmap), "mapped again from a cache made again"
    assert table.read_bytes() == whole
    assert [ident.classify(t) for t in TEXTS] == [_packaged().classify(t) for t in TEXTS]


def test_the_cache_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE.name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "review_app"
    monkeypatch.setenv(CACHE.name, str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine"


def _classify_with_fresh_cache(texts: list[str]) -> list[tuple[str, float]]:
    ident = langid_model.load_identifier()
    return [ident.classify(t) for t in texts]


def test_processes_making_the_cache_at_once_all_get_it(cache: Path) -> None:
    """Workers that identify a language before any cache exists race to make it: each ends with the same answers,
    one whole folder stays, no staging folder is left."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(3, mp_context=get_context("spawn")) as pool:  # spawn: nothing inherited
        answers = list(pool.map(_classify_with_fresh_cache, [TEXTS] * 3))
    assert answers == [[_packaged().classify(t) for t in TEXTS]] * 3
    [folder] = cache.iterdir()
    assert (folder / "classes.json").is_file()

"""Memory that does not grow with the number of lines (issue 28: ``align --segmented`` took 20–25 KB a line,
2.4 GB for 100,000 lines; a million ended in a MemoryError).

Each command runs in a child process that reports its own peak resident memory (``VmHWM``, see
``test_robustness``); a run on ten times more lines must cost less than ``GROWTH`` times the memory
of the small run (the interpreter and its libraries are most of the small run). No clock is read.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from shared_data import shared_corpus

from review_app.align.stream import WINDOW
from review_app.pipeline import align_sentences, sentences_from_text, stream_aligned
from tests.test_robustness import _peak_rss_mb

GROWTH = 1.5
SMALL, LARGE = 1_500, 15_000
_TEXT = ("the of and to in a is that for on with as was by at it from his an were are which this be or has "
         "river station ship opened season talks city minister said year new first people two government "
         "market report would after also more than been over world")
WORDS = _TEXT.split()


def _corpus(tmp_path: Path, lines: int, seed: int = 3) -> tuple[str, str, str]:
    """Line-parallel MT, reference and source files: the reference is the MT with a few words changed,
    and a line now and then split in two or left out on one side (so there is something to align)."""
    rng = random.Random(seed)
    mt, ref, src = [], [], []
    for _ in range(lines):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
        sentence = " ".join(words).capitalize() + "."
        other = " ".join(w if rng.random() > 0.15 else rng.choice(WORDS) for w in words).capitalize() + "."
        mt.append(sentence)
        roll = rng.random()
        if roll < 0.01:
            continue  # left out of the reference
        if roll < 0.02:
            half = len(words) // 2
            ref += [" ".join(words[:half]).capitalize() + ".", " ".join(words[half:]).capitalize() + "."]
        else:
            ref.append(other)
        src.append(f"{rng.randint(1, 99)} " + sentence.upper())
    names = []
    for name, lines_ in (("mt", mt), ("ref", ref), ("src", src)):
        path = tmp_path / f"{name}.txt"
        path.write_text("\n".join(lines_) + "\n", encoding="utf-8")
        names.append(path.name)
    return names[0], names[1], names[2]


def _peak(tmp_path: Path, lines: int, argv: list[str]) -> float:
    folder = tmp_path / str(lines)
    folder.mkdir()
    mt, ref, src = _corpus(folder, lines)
    filled = [arg.format(mt=mt, ref=ref, src=src) for arg in argv]
    code, peak, err = _peak_rss_mb(filled, folder)
    assert code == 0, err
    return peak


@pytest.mark.parametrize("argv", [
    ["align", "{mt}", "{ref}", "--segmented", "--jobs", "1", "-o", "out.jsonl"],
    ["align", "{mt}", "{ref}", "--src", "{src}", "--segmented", "--no-scores", "-o", "out.jsonl"],
    ["score", "{mt}", "{mt}", "--segmented", "--bootstrap", "0", "--json"],
], ids=["align-segmented", "align-segmented-src", "score-segmented"])
def test_memory_does_not_grow_with_lines(argv: list[str], tmp_path: Path) -> None:
    small, large = _peak(tmp_path, SMALL, argv), _peak(tmp_path, LARGE, argv)
    assert large < GROWTH * small, f"{SMALL:,} lines: {small:.0f} MB; {LARGE:,} lines: {large:.0f} MB"


# --- The windows: the same alignment as the whole, or close to it ----------------------------------------

def _sentences(tmp_path: Path, lines: int) -> tuple[list, list, list]:  # type: ignore[type-arg]
    mt, ref, src = _corpus(tmp_path, lines, seed=11)
    return tuple(sentences_from_text((tmp_path / name).read_text(encoding="utf-8"), segmented=True)  # type: ignore[return-value]
                 for name in (mt, ref, src))


def _as_rows(segments: list) -> list[tuple]:  # type: ignore[type-arg]
    return [(s.mt, s.ref, s.src, s.mt_ids, s.ref_ids, s.src_ids, s.link, s.confidence) for s in segments]


def test_one_window_aligns_as_the_whole(tmp_path: Path) -> None:
    mt, ref, src = _sentences(tmp_path, WINDOW - 10)
    whole = align_sentences(mt, ref, src, score=False, segmented=True)
    assert _as_rows(list(stream_aligned(iter(mt), iter(ref), iter(src), segmented=True))) == _as_rows(whole)


def _real(lines: int) -> tuple[list, list, list]:  # type: ignore[type-arg]
    """MLQE-PE ru→en: MT, post-edit and Russian source, line-parallel."""
    folder = shared_corpus("mlqe-pe-ru-en") / "test20"

    def read(name: str) -> str:
        return "\n".join((folder / name).read_text(encoding="utf-8").splitlines()[:lines])

    return (sentences_from_text(read("test20.mt"), segmented=True),
            sentences_from_text(read("test20.pe"), segmented=True),
            sentences_from_text(read("test20.src"), "ru", segmented=True))


@pytest.mark.parametrize("window", [40, 97, 300])
def test_windows_cover_every_sentence_once_and_agree_with_the_whole(tmp_path: Path, window: int) -> None:
    (tmp_path / "gen").mkdir()
    for mt, ref, src in (_sentences(tmp_path / "gen", 1_000), _real(1_000)):
        whole = align_sentences(mt, ref, src, score=False, segmented=True)
        windowed = list(stream_aligned(iter(mt), iter(ref), iter(src), segmented=True, window=window))
        for side, sentences in (("mt_ids", mt), ("ref_ids", ref), ("src_ids", src)):
            assert [i for s in windowed for i in getattr(s, side)] == [s.id for s in sentences], side
        links = {(tuple(s.mt_ids), tuple(s.ref_ids)) for s in whole}
        same = sum((tuple(s.mt_ids), tuple(s.ref_ids)) in links for s in windowed)
        assert same >= 0.98 * len(windowed), (same, len(windowed))
    # On real text the source (line i of the source file translates line i of the MT) is placed as
    # well by windows as by one search over the whole document.
    def right(segments: list) -> int:  # type: ignore[type-arg]
        return sum(s.mt_ids == s.src_ids for s in segments if len(s.mt_ids) == 1)

    assert right(windowed) >= right(whole) - 0.03 * len(whole), (right(windowed), right(whole))

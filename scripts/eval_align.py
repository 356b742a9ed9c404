"""Alignment accuracy on the gold sets: strict and lax F1 per link type, confidence calibration.

    .venv/bin/python scripts/eval_align.py                 # all gold sets, a table per set
    .venv/bin/python scripts/eval_align.py --json out.json # the figures as JSON too
    .venv/bin/python scripts/eval_align.py --write DIR     # write the constructed sets (mt, ref, gold beads)
    .venv/bin/python scripts/eval_align.py --gold GOLD --system SYSTEM   # score one alignment against another
    .venv/bin/python scripts/eval_align.py --loo           # leave-one-document-out: per-document table
    .venv/bin/python scripts/eval_align.py --loo --grid skip_cost=0.5,0.6,0.7   # ... choosing a setting per fold

GOLD and SYSTEM are bead files (Vecalign's format, one line per segment, ``[0, 1]:[2]``, 0-based sentence ids
in document order), as ``review-app export --format beads`` writes a reviewed document's alignment, or
``review-app align`` JSON Lines output (its ``mt_ids``/``ref_ids``): a reviewed document scores any aligner.

Gold sets (from ../shared/corpora):
- textberg-dev: Text+Berg de-fr development document, Google MT (dev.google.fr) against the human
  French (dev.fr), gold dev.defr; one sentence per line (segmented).
- textberg-dev-de: the same document the other way round, used for no tuning: Google MT of the French
  (dev.google.de) against the German original (dev.de: tokenized, OCR noise), gold dev.defr transposed.
- wmt21-recut: WMT21 newstest en-ru, Online-W against reference A, both re-cut independently
  (splits, joins, drops; see review_app/align/goldset.py); one sentence per line.
- wmt21-document: the same pair as raw documents (paragraphed differently, chrome lines on the MT
  side, re-segmented by the sentence splitter); also counts chrome sentences glued into a link.
- mac-NNN: the 24 chapters of MAC-Test (Chinese novels; the MT of each chapter into English against its
  published English translation, manual gold), from ``mac-zh-en-test`` in ../shared/corpora or build/gold
  (``scripts/fetch_align_gold.py`` builds it from a Bertalign clone); one sentence per line.

Leave-one-document-out (``--loo``): every document is held out in turn (the two Text+Berg directions are
one document, the two WMT21 constructions another, each MAC chapter one); what is chosen is chosen on
the others, each corpus counting alike: the setting of ``--grid`` (every combination of the listed
AlignParams values; the first value of each is the default's) with the best mean strict F1, the weights of
the link-confidence model (review_app.align.calibrate: the documents are aligned with it off and it is
fitted on the others, as scripts/train_link_confidence.py fits the shipped one on all), and the
confidence below which a link is flagged "alignment uncertain" so that ``--flag-recall`` of the wrong
links are flagged; at most ``--flag-share`` of a document's links are flagged, the least confident first
(review_app.align.uncertain.flagged). The table gives each held-out set's strict F1 with the default
setting and with the chosen one, the threshold, the share of its links flagged and the share of its wrong
links flagged (skips count: a left-out sentence is wrong where the gold pairs it), the same two shares
with the shipped rule (the shipped model, UNCERTAIN_BELOW, UNCERTAIN_SHARE), then the mean and the sample
variance of each column per corpus and over all sets.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpora"
sys.path.insert(0, str(REPO))

from logistic import fit  # noqa: E402

from review_app.align import AlignParams, calibrate  # noqa: E402
from review_app.align.aligner import Link  # noqa: E402
from review_app.align.confidence_weights import WEIGHTS  # noqa: E402
from review_app.align.evaluate import (  # noqa: E402
    Bead,
    calibration,
    flag_scores,
    read_beads,
    scores_by_kind,
    strict_scores,
    threshold_for_recall,
    write_beads,
    wrong_links,
)
from review_app.align.goldset import GoldSet, document, recut  # noqa: E402
from review_app.align.similarity import Similarity  # noqa: E402
from review_app.align.uncertain import UNCERTAIN_BELOW, UNCERTAIN_SHARE  # noqa: E402
from review_app.errors import InputError  # noqa: E402
from review_app.model import Sentence  # noqa: E402
from review_app.pipeline import align_sentences  # noqa: E402

WMT = SHARED / "wmt21-newstest-en-ru" / "txt"
# Where a gold corpus not in ../shared/corpora may be: scripts/fetch_align_gold.py writes there.
BUILT = REPO / "build" / "gold"
Links = list[tuple[Bead, float]]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def textberg() -> GoldSet:
    folder = SHARED / "textberg-de-fr-dev"
    return GoldSet("textberg-dev", _lines(folder / "dev.google.fr"), _lines(folder / "dev.fr"),
                   read_beads(folder / "dev.defr"), corpus="textberg", document="textberg-1957")


def textberg_de() -> GoldSet:
    """The development document's other direction: MT German (from the French) against the German."""
    folder = SHARED / "textberg-de-fr-dev"
    beads = [(fr, de) for de, fr in read_beads(folder / "dev.defr")]
    return GoldSet("textberg-dev-de", _lines(folder / "dev.google.de"), _lines(folder / "dev.de"), beads,
                   corpus="textberg", document="textberg-1957")


def wmt_pair(system: str = "Online-W", reference: str = "A") -> tuple[list[str], list[str]]:
    return (_lines(WMT / f"newstest2021.en-ru.hyp.{system}.ru"), _lines(WMT / f"newstest2021.en-ru.ref.{reference}.ru"))


def corpus_folder(name: str, places: Sequence[Path] = (SHARED, BUILT)) -> Path | None:
    """The first of ``places`` that holds corpus ``name``."""
    return next((place / name for place in places if (place / name).is_dir()), None)


def mac(folder: Path) -> list[GoldSet]:
    """MAC-Test chapters: the MT of the Chinese against the published English translation, manual gold."""
    return [GoldSet(f"mac-{beads.stem}", _lines(folder / f"{beads.stem}.mt"), _lines(folder / f"{beads.stem}.ref"),
                    read_beads(beads), corpus="mac", document=f"mac-{beads.stem}")
            for beads in sorted(folder.glob("*.beads"))]


def gold_sets(corpora: Sequence[str] = ("textberg", "wmt21", "mac")) -> list[GoldSet]:
    """Every gold set whose corpus is present (of ``corpora``)."""
    sets = []
    if "textberg" in corpora and (SHARED / "textberg-de-fr-dev").is_dir():
        sets.append(textberg())
        sets.append(textberg_de())
    if "wmt21" in corpora and WMT.is_dir():
        mt, ref = wmt_pair()
        for gold in (recut(mt, ref, seed=21, lang="ru", name="wmt21-recut"),
                     document(mt, ref, seed=21, lang="ru", name="wmt21-document")):
            gold.corpus, gold.document = "wmt21", "wmt21-newstest"
            sets.append(gold)
    folder = corpus_folder("mac-zh-en-test")
    if "mac" in corpora and folder is not None:
        sets += mac(folder)
    return sets


def run(gold: GoldSet, params: AlignParams | None = None) -> tuple[Links, float]:
    """Aligned beads with their confidence, and the alignment time in seconds."""
    def sentences(texts: list[str], paragraphs: list[int] | None) -> list[Sentence]:
        lines = paragraphs or list(range(len(texts)))
        return [Sentence(k, t, line, 0, len(t)) for k, (t, line) in enumerate(zip(texts, lines, strict=True))]

    mt, ref = sentences(gold.mt, gold.mt_paragraphs), sentences(gold.ref, gold.ref_paragraphs)
    start = time.perf_counter()
    segments = align_sentences(mt, ref, score=False, params=params, segmented=gold.mt_paragraphs is None)
    elapsed = time.perf_counter() - start
    return [((tuple(s.mt_ids), tuple(s.ref_ids)), s.confidence) for s in segments], elapsed


def evaluate(gold: GoldSet, links: Links | None = None, elapsed: float = 0.0) -> dict[str, object]:
    """The figures of one gold set (aligned here unless ``links`` are given)."""
    if links is None:
        links, elapsed = run(gold)
    result: dict[str, object] = {
        "name": gold.name, "mt": len(gold.mt), "ref": len(gold.ref), "seconds": round(elapsed, 3),
        "by_kind": scores_by_kind([b for b, _ in links], gold.beads),
        "calibration": calibration(links, gold.beads),
        "flags": flag_scores(links, gold.beads, UNCERTAIN_BELOW, UNCERTAIN_SHARE),
    }
    if gold.chrome:
        glued = [b for b, _ in links if b[1] and set(b[0]) & gold.chrome]
        result["chrome"] = {"lines": len(gold.chrome), "glued": len(glued)}
    return result


def pooled(name: str, parts: Sequence[tuple[GoldSet, Links]]) -> tuple[GoldSet, Links]:
    """Several sets as one (ids shifted past the sets before), each aligned on its own: a corpus's figures."""
    mt: list[str] = []
    ref: list[str] = []
    beads: list[Bead] = []
    links: Links = []
    for gold, found in parts:
        di, dj = len(mt), len(ref)

        def shift(bead: Bead, di: int = di, dj: int = dj) -> Bead:
            return tuple(i + di for i in bead[0]), tuple(j + dj for j in bead[1])

        beads += [shift(b) for b in gold.beads]
        links += [(shift(b), c) for b, c in found]
        mt += gold.mt
        ref += gold.ref
    corpus = parts[0][0].corpus if parts else name
    return GoldSet(name, mt, ref, beads, corpus=corpus, document=name), links


def report(result: dict[str, object]) -> str:
    by_kind = result["by_kind"]
    assert isinstance(by_kind, dict)
    rows = [f"## {result['name']}  ({result['mt']} MT x {result['ref']} ref sentences, {result['seconds']} s)",
            f"{'type':>5} {'gold':>5} {'pred':>5} {'strict P':>9} {'R':>6} {'F1':>6} {'lax P':>7} {'R':>6} {'F1':>6}"]
    for name, s in by_kind.items():
        rows.append(f"{name:>5} {s['gold']:>5} {s['predicted']:>5} {s['strict_precision']:>9.3f} "
                    f"{s['strict_recall']:>6.3f} {s['strict_f1']:>6.3f} {s['lax_precision']:>7.3f} "
                    f"{s['lax_recall']:>6.3f} {s['lax_f1']:>6.3f}")
    calib = result["calibration"]
    assert isinstance(calib, dict)
    rows.append("confidence: " + ", ".join(f"{k}: {v['links']} links, precision {v['precision']:.3f}"
                                           for k, v in calib.items()))
    flags = result.get("flags")
    if isinstance(flags, dict):
        rows.append(f"alignment uncertain (< {UNCERTAIN_BELOW}, at most {UNCERTAIN_SHARE:.0%}): "
                    f"{flags['flagged']} of {flags['links']} links "
                    f"({flags['share']:.1%}), {flags['wrong_flagged']} of {flags['wrong']} wrong links "
                    f"({flags['recall']:.1%})")
    if "chrome" in result:
        rows.append(f"chrome: {result['chrome']['glued']} of {result['chrome']['lines']} glued into a link")
    return "\n".join(rows)


def read_alignment(path: str | Path) -> list[Bead]:
    """Beads of a bead file, or of ``align``'s JSON Lines output (a line starting with ``{``)."""
    text = Path(path).read_text(encoding="utf-8")
    if not text.lstrip().startswith("{"):
        return read_beads(path)
    beads: list[Bead] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                item = json.loads(line)
                beads.append((tuple(item["mt_ids"]), tuple(item["ref_ids"])))
            except (ValueError, KeyError, TypeError):
                raise InputError(path, f"line {number}: expected an align JSON object with mt_ids, ref_ids") from None
    return beads


def compare(gold_path: str, system_path: str) -> dict[str, object]:
    """Strict and lax F1 per link type of one alignment (``system_path``) against another (``gold_path``)."""
    gold, system = read_alignment(gold_path), read_alignment(system_path)
    mt = {i for beads in (gold, system) for a, _b in beads for i in a}
    ref = {j for beads in (gold, system) for _a, b in beads for j in b}
    return {"name": f"{system_path} against {gold_path}", "mt": len(mt), "ref": len(ref), "seconds": 0.0,
            "by_kind": scores_by_kind(system, gold), "calibration": calibration([(b, 1.0) for b in system], gold)}


def grid(specs: Sequence[str], base: AlignParams | None = None) -> list[AlignParams]:
    """Every combination of ``NAME=v1,v2,...`` values of AlignParams fields; the first is ``base`` (the defaults)."""
    base = base or AlignParams()
    fields = {f.name: f.type for f in dataclasses.fields(AlignParams)}
    axes: list[tuple[str, list[float]]] = []
    for spec in specs:
        name, _, values = spec.partition("=")
        if name not in fields or not values:
            raise ValueError(f"--grid {spec!r}: expected NAME=v1,v2 with NAME one of {', '.join(fields)}")
        cast = int if isinstance(getattr(base, name), int) else float
        axes.append((name, [cast(v) for v in values.split(",")]))
    settings = [base]
    for combo in itertools.product(*(values for _, values in axes)):
        values: dict[str, Any] = {name: v for (name, _), v in zip(axes, combo, strict=True)}
        setting = dataclasses.replace(base, **values)
        if setting not in settings:
            settings.append(setting)
    return settings


def _changes(setting: AlignParams, base: AlignParams) -> str:
    """The fields of ``setting`` that differ from ``base``, as ``name=value``."""
    return " ".join(f"{f.name}={getattr(setting, f.name)}" for f in dataclasses.fields(AlignParams)
                    if getattr(setting, f.name) != getattr(base, f.name)) or "default"


def balanced_mean(values: dict[str, float], sets: Sequence[GoldSet]) -> float:
    """Mean over the corpora of ``sets`` of the mean of their sets' values: each corpus counts alike."""
    by_corpus: dict[str, list[float]] = {}
    for gold in sets:
        by_corpus.setdefault(gold.corpus, []).append(values[gold.name])
    return statistics.fmean(statistics.fmean(v) for v in by_corpus.values())


def flag_threshold(sets: Sequence[GoldSet], links: dict[str, Links], recall: float) -> float:
    """The confidence below which ``recall`` of the wrong links of ``sets`` fall, each corpus weighing alike."""
    wrong: dict[str, list[float]] = {}
    for gold in sets:
        marks = wrong_links([bead for bead, _ in links[gold.name]], gold.beads)
        wrong.setdefault(gold.corpus, []).extend(c for (_, c), w in zip(links[gold.name], marks, strict=True) if w)
    return threshold_for_recall([(c, 1.0 / len(values)) for values in wrong.values() if values for c in values],
                                recall)


def confidence_rows(gold: GoldSet, links: Links) -> np.ndarray:
    """The link-confidence model's features (:func:`review_app.align.calibrate.features`) of ``links``, aligned
    with the model off (``AlignParams(calibrate=False)``: the search's own confidence)."""
    return calibrate.features([Link(tuple(mt), tuple(ref), c) for (mt, ref), c in links], Similarity(gold.mt, gold.ref))


def fit_confidence(sets: Sequence[GoldSet], links: dict[str, Links],
                   rows: dict[str, np.ndarray] | None = None) -> tuple[float, ...]:
    """Weights of the link-confidence model fitted on ``sets`` (links aligned with the model off): the odds
    that a link is wrong (:func:`review_app.align.evaluate.wrong_links`), each corpus weighing alike."""
    rows = rows if rows is not None else {gold.name: confidence_rows(gold, links[gold.name]) for gold in sets}
    size: dict[str, int] = {}
    for gold in sets:
        size[gold.corpus] = size.get(gold.corpus, 0) + len(links[gold.name])
    x = np.vstack([rows[gold.name] for gold in sets])
    y = np.concatenate([np.array(wrong_links([b for b, _ in links[gold.name]], gold.beads), dtype=float)
                        for gold in sets])
    weight = np.concatenate([np.full(len(links[gold.name]), 1.0 / size[gold.corpus]) for gold in sets])
    # A light penalty only: three signs and thousands of links.
    return tuple(float(w) for w in fit(x, y, l2=0.01, weights=weight * len(weight) / weight.sum()))


def rescored(links: Links, rows: np.ndarray, weights: Sequence[float]) -> Links:
    """``links`` with the confidence of the model of ``weights``."""
    return [(bead, float(c)) for (bead, _), c in zip(links, calibrate.confidences(rows, weights), strict=True)]


def leave_one_out(
    sets: Sequence[GoldSet], settings: Sequence[AlignParams], recall: float = 0.8, most: float = UNCERTAIN_SHARE,
    aligner: Callable[[GoldSet, AlignParams], Links] = lambda gold, params: run(gold, params)[0],
    refit: bool = False,
) -> dict[str, object]:
    """Hold each document out in turn; choose the setting and the flag threshold on the rest (see the
    module's docstring) and score the held-out sets with them. With ``refit`` the aligner gives the search's
    own confidence and the link-confidence model is fitted on the rest too (the shipped rule reads the
    shipped model's)."""
    links = [{gold.name: aligner(gold, setting) for gold in sets} for setting in settings]
    cache: dict[tuple[int, str], np.ndarray] = {}

    def features(k: int, gold: GoldSet) -> np.ndarray:
        if (k, gold.name) not in cache:
            cache[k, gold.name] = confidence_rows(gold, links[k][gold.name])
        return cache[k, gold.name]

    f1 = [{name: strict_scores([b for b, _ in found], gold.beads)["f1"] for (name, found), gold
           in zip(by_set.items(), sets, strict=True)} for by_set in links]
    rows = []
    for held in dict.fromkeys(gold.document for gold in sets):
        train = [gold for gold in sets if gold.document != held]
        if not train:
            raise ValueError("leave-one-out needs at least two documents")
        best = max(range(len(settings)), key=lambda k: (balanced_mean(f1[k], train), -k))
        chosen, shipped = links[best], links[0]
        if refit:
            weights = fit_confidence(train, chosen, {g.name: features(best, g) for g in train})
            chosen = {g.name: rescored(chosen[g.name], features(best, g), weights) for g in sets}
            shipped = {g.name: rescored(shipped[g.name], features(0, g), WEIGHTS)
                       for g in sets if g.document == held}
        below = flag_threshold(train, chosen, recall)
        for gold in (g for g in sets if g.document == held):
            flags = flag_scores(chosen[gold.name], gold.beads, below, most)
            fixed = flag_scores(shipped[gold.name], gold.beads, UNCERTAIN_BELOW, UNCERTAIN_SHARE)
            rows.append({"name": gold.name, "corpus": gold.corpus, "document": held, "links": flags["links"],
                         "f1_default": f1[0][gold.name], "f1": f1[best][gold.name],
                         "setting": _changes(settings[best], settings[0]), "below": below,
                         "flag_share": flags["share"], "flag_recall": flags["recall"], "wrong": flags["wrong"],
                         "fixed_share": fixed["share"], "fixed_recall": fixed["recall"]})
    columns = ("f1_default", "f1", "flag_share", "flag_recall", "fixed_share", "fixed_recall")
    summary = {}
    for label, members in [("all", rows), *((c, [r for r in rows if r["corpus"] == c])
                                             for c in dict.fromkeys(str(r["corpus"]) for r in rows))]:
        values = {col: [float(r[col]) for r in members] for col in columns}  # type: ignore[arg-type]
        summary[label] = {"sets": len(members),
                          **{f"{col}_mean": statistics.fmean(v) for col, v in values.items()},
                          **{f"{col}_variance": statistics.variance(v) if len(v) > 1 else 0.0
                             for col, v in values.items()}}
    return {"recall_target": recall, "most": most, "settings": [_changes(s, settings[0]) for s in settings],
            "rows": rows, "summary": summary}


def loo_report(result: dict[str, object]) -> str:
    """The leave-one-out table: one row per held-out set, then mean and variance per corpus and overall."""
    rows, summary = result["rows"], result["summary"]
    assert isinstance(rows, list) and isinstance(summary, dict)
    out = [f"{'set':<16} {'links':>5} {'F1 default':>10} {'F1 chosen':>9} {'flag <':>7} {'flagged':>7} "
           f"{'wrong flagged':>13} {'shipped: flagged':>16} {'wrong flagged':>13}  chosen setting"]
    for r in rows:
        out.append(f"{r['name']:<16} {r['links']:>5} {r['f1_default']:>10.3f} {r['f1']:>9.3f} {r['below']:>7.3f} "
                   f"{r['flag_share']:>7.1%} {r['flag_recall']:>13.1%} {r['fixed_share']:>16.1%} "
                   f"{r['fixed_recall']:>13.1%}  {r['setting']}")
    for label, s in summary.items():
        out.append(f"{'mean ' + label:<16} {s['sets']:>5} {s['f1_default_mean']:>10.3f} {s['f1_mean']:>9.3f} {'':>7} "
                   f"{s['flag_share_mean']:>7.1%} {s['flag_recall_mean']:>13.1%} {s['fixed_share_mean']:>16.1%} "
                   f"{s['fixed_recall_mean']:>13.1%}")
        out.append(f"{'variance ' + label:<16} {'':>5} {s['f1_default_variance']:>10.4f} {s['f1_variance']:>9.4f}")
    return "\n".join(out)


def _before(path: str | None) -> dict[str, float]:
    """Strict F1 per set name of an earlier run's JSON (either mode); empty without one."""
    if not path:
        return {}
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict):  # --loo
        return {row["name"]: row["f1"] for row in data["rows"]}
    return {item["name"]: item["by_kind"]["all"]["strict_f1"] for item in data}


KINDS = ("1-1", "1-2", "2-1", "2-2", "1-3", "3-1", "2-3", "3-2", "1-4", "4-1")


def markdown(results: Sequence[dict[str, Any]], before: dict[str, float]) -> str:
    """The per-set tables of docs/evaluation.md: scores, confidence and flags; strict F1 per link type."""
    head = ("| gold set | strict P / R / F1 | lax F1 | before (strict F1) | links > 0.8: share, precision "
            "| links < 0.5: n, precision | alignment uncertain: links, wrong links | chrome glued |")
    out = [head, "|" + "---|" * 8]
    for r in results:
        a, cal, flags = r["by_kind"]["all"], r["calibration"], r["flags"]
        chrome = f"{r['chrome']['glued']} of {r['chrome']['lines']}" if "chrome" in r else ""
        was = f"{before[r['name']]:.3f}" if r["name"] in before else ""
        out.append(f"| {r['name']} ({a['gold']} gold beads) | {a['strict_precision']:.3f} / {a['strict_recall']:.3f} / "
                   f"**{a['strict_f1']:.3f}** | {a['lax_f1']:.3f} | {was} | {cal['> 0.8']['share']:.0%}, "
                   f"{cal['> 0.8']['precision']:.3f} | {cal['< 0.5']['links']}, {cal['< 0.5']['precision']:.3f} | "
                   f"{flags['share']:.1%}, {flags['recall']:.1%} | {chrome} |")
    out += ["", "| gold set | " + " | ".join(KINDS) + " | other |", "|" + "---|" * (len(KINDS) + 2)]
    for r in results:
        by_kind = r["by_kind"]
        cells = [f"{by_kind[k]['strict_f1']:.3f} ({by_kind[k]['gold']})" if by_kind.get(k, {}).get("gold") else ""
                 for k in KINDS]
        rest = [k for k in by_kind if k not in (*KINDS, "all") and by_kind[k]["gold"]]
        right = round(sum(by_kind[k]["strict_recall"] * by_kind[k]["gold"] for k in rest))
        other = f"{right} of {sum(by_kind[k]['gold'] for k in rest)}" if rest else ""
        out.append(f"| {r['name']} | " + " | ".join(cells) + f" | {other} |")
    return "\n".join(out)


def loo_markdown(result: dict[str, Any], before: dict[str, float]) -> str:
    """The leave-one-document-out table of docs/evaluation.md: strict F1 before (``before``), with the
    shipped settings (tuned on every set, the held-out one included) and with the setting chosen without
    the held-out document; the flags of the threshold chosen without it and of the shipped rule."""
    out = ["| held out | links | strict F1 before | shipped settings | chosen on the others | flagged below "
           "| links flagged | wrong links flagged | shipped rule: links, wrong links flagged |", "|" + "---|" * 9]
    for r in result["rows"]:
        was = f"{before[r['name']]:.3f}" if r["name"] in before else ""
        out.append(f"| {r['name']} | {r['links']} | {was} | {r['f1_default']:.3f} | {r['f1']:.3f} | {r['below']:.3f} "
                   f"| {r['flag_share']:.1%} | {r['flag_recall']:.1%} "
                   f"| {r['fixed_share']:.1%}, {r['fixed_recall']:.1%} |")
    for label, s in result["summary"].items():
        names = [r["name"] for r in result["rows"] if label == "all" or r["corpus"] == label]
        old = [before[n] for n in names if n in before]
        was = (f"{statistics.fmean(old):.3f} ({statistics.variance(old):.4f})"
               if len(old) == len(names) and len(old) > 1 else "")
        out.append(f"| **mean {label}** ({s['sets']} sets; variance) | | {was} | {s['f1_default_mean']:.3f} "
                   f"({s['f1_default_variance']:.4f}) | **{s['f1_mean']:.3f}** ({s['f1_variance']:.4f}) | "
                   f"| {s['flag_share_mean']:.1%} | {s['flag_recall_mean']:.1%} "
                   f"| {s['fixed_share_mean']:.1%}, {s['fixed_recall_mean']:.1%} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--write", help="write each constructed gold set (mt.txt, ref.txt, gold.txt) under this folder")
    parser.add_argument("--gold", help="gold alignment: a bead file or align JSONL (with --system)")
    parser.add_argument("--system", help="the alignment to score against --gold: a bead file or align JSONL")
    parser.add_argument("--loo", action="store_true", help="leave-one-document-out table (see above)")
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2",
                        help="with --loo: AlignParams values to choose from per fold (repeatable)")
    parser.add_argument("--flag-recall", type=float, default=0.8,
                        help="with --loo: share of the wrong links to flag (threshold set on the other documents)")
    parser.add_argument("--flag-share", type=float, default=UNCERTAIN_SHARE,
                        help=f"with --loo: most share of a document's links to flag (default {UNCERTAIN_SHARE})")
    parser.add_argument("--markdown", action="store_true", help="also print the tables of docs/evaluation.md")
    parser.add_argument("--before", help="with --markdown: an earlier run's --json (same mode): the 'before' column")
    parser.add_argument("--corpora", default="textberg,wmt21,mac", help="which gold corpora (comma-separated)")
    args = parser.parse_args()
    if (args.gold is None) != (args.system is None):
        parser.error("--gold and --system go together")
    if args.gold:
        try:
            result = compare(args.gold, args.system)
        except (InputError, OSError) as exc:
            sys.exit(f"eval_align: {exc}")
        print(report(result), flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps([result], indent=1), encoding="utf-8")
        return
    sets = gold_sets(args.corpora.split(","))
    if not sets:
        sys.exit(f"eval_align: no gold-set corpora under {SHARED} or {BUILT}")
    if args.loo:
        try:
            settings = grid(args.grid)
        except ValueError as exc:
            sys.exit(f"eval_align: {exc}")
        result = leave_one_out(sets, [dataclasses.replace(s, calibrate=False) for s in settings], args.flag_recall,
                               args.flag_share, refit=True)
        print(loo_report(result), flush=True)
        if args.markdown:
            print("\n" + loo_markdown(result, _before(args.before)), flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
        return
    results = []
    mac_parts: list[tuple[GoldSet, Links]] = []
    for gold in sets:
        if args.write:
            folder = Path(args.write) / gold.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "mt.txt").write_text("\n".join(gold.mt) + "\n", encoding="utf-8")
            (folder / "ref.txt").write_text("\n".join(gold.ref) + "\n", encoding="utf-8")
            write_beads(gold.beads, folder / "gold.txt")
        if gold.corpus == "mac":  # 24 chapters: one pooled table (--loo lists them one by one)
            mac_parts.append((gold, run(gold)[0]))
            continue
        result = evaluate(gold)
        results.append(result)
        print(report(result), "\n", flush=True)
    if mac_parts:
        result = evaluate(*pooled(f"mac ({len(mac_parts)} chapters)", mac_parts))
        results.append(result)
        print(report(result), "\n", flush=True)
    if args.markdown:
        print(markdown(results, _before(args.before)), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

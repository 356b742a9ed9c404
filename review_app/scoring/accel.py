"""sacrebleu's per-segment statistics through the compiled accelerators, same numbers as sacrebleu.

Each function takes the sacrebleu metric object and returns exactly what its
``_extract_corpus_statistics(hypotheses, references)`` returns. Tokenisation and normalisation stay
sacrebleu's own code (the metric's ``_preprocess_segment`` and ``_cache_references``, so every
option and quirk is kept, e.g. TER tokenising references twice); the compiled part is what costs:
TER's beam edit distance and shift search, chrF's and BLEU's n-gram counting and matching. Without a compiled
module (see :mod:`review_app.scoring._fast`) sacrebleu computes everything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sacrebleu.metrics.base import Metric, sacrelogger
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.lib_ter import translation_edit_rate
from sacrebleu.metrics.ter import TER

from review_app.scoring import _fast
from review_app.scoring.tokenize13a import fast_13a


def _sacrebleu_rows(metric: Metric, hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[Any]:
    """sacrebleu's own statistics (the fallback, and what the compiled rows equal)."""
    rows: list[Any] = metric._extract_corpus_statistics(hypotheses, references)
    return rows


_NO_EDITS = int(1e16)  # sacrebleu's starting "best" edit count
# Looked for once, on import: process pools fork after this, so a missing build is reported once per run.
_fast.preload()


def ter_statistics(metric: TER, hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[list[Any]]:
    """TER's ``[best edit count, average reference length]`` per segment."""
    compiled = _fast.module("_ter")
    if compiled is None:
        return _sacrebleu_rows(metric, hypotheses, references)
    fast_ter = compiled.translation_edit_rate
    stats: list[list[Any]] = []
    for hyp, ref_kwargs in zip(hypotheses, metric._cache_references(references), strict=False):
        words_hyp = metric._preprocess_segment(hyp).split()
        ref_words = ref_kwargs["ref_words"]
        best, ref_lengths = _NO_EDITS, 0
        for words_ref in ref_words:
            # None: sacrebleu's trace would hit an unset cell; let sacrebleu itself decide (it raises).
            num_edits, ref_len = fast_ter(words_hyp, words_ref) or translation_edit_rate(words_hyp, words_ref)
            ref_lengths += ref_len
            best = min(best, num_edits)
        stats.append([best, ref_lengths / len(ref_words)])
    return stats


def chrf_statistics(metric: CHRF, hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[list[int]]:
    """chrF/chrF++'s ``[hyp, ref, match]`` counts per order, per segment (best reference by F-score)."""
    compiled = _fast.module("_chrf")
    if compiled is None:
        return _sacrebleu_rows(metric, hypotheses, references)
    char_counts, word_counts = compiled.char_counts, compiled.word_counts

    def sides(text: str) -> tuple[str, list[str]]:
        # sacrebleu's own preprocessing: whitespace removed unless kept, chrF++'s punctuation split
        chars = text if metric.whitespace else "".join(text.split())
        return chars, metric._remove_punctuation(text) if metric.word_order > 0 else []

    stats: list[list[int]] = []
    num_refs = set()
    for hyp, refs in zip(hypotheses, zip(*references, strict=True), strict=False):
        lines = [metric._preprocess_segment(x) for x in refs if x is not None]
        num_refs.add(len(lines))
        hyp_chars, hyp_words = sides(metric._preprocess_segment(hyp))
        best_stats: list[int] = []
        best_f_score = -1.0
        for ref in lines:
            ref_chars, ref_words = sides(ref)
            row = list(_char_row(char_counts, hyp_chars, ref_chars, metric.char_order))
            if metric.word_order > 0:
                row += word_counts(hyp_words, ref_words, metric.word_order)
            # one reference: it is the best whatever its score (sacrebleu's f-score is never below 0)
            f_score = metric._compute_f_score(row) if len(lines) > 1 else 0.0
            if f_score > best_f_score:
                best_f_score, best_stats = f_score, row
        stats.append(best_stats)
    # sacrebleu's _cache_references records the number of references the same way
    metric.num_refs = next(iter(num_refs)) if len(num_refs) == 1 else -1
    return stats


# chrF and chrF++ count the same character n-grams of the same texts (chrF++ adds word n-grams): a run scoring
# both counts them once. The metrics score a chunk one after the other, so the cache holds a chunk's pairs.
@lru_cache(maxsize=4096)
def _char_row(counts: Callable[[str, str, int], list[int]], hyp_chars: str, ref_chars: str,
              order: int) -> tuple[int, ...]:
    """``counts(hyp_chars, ref_chars, order)``: the compiled character n-gram counts per order of one pair."""
    return tuple(counts(hyp_chars, ref_chars, order))


def bleu_statistics(metric: BLEU, hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[list[int]]:
    """BLEU's ``[hyp length, closest ref length, correct per order…, total per order…]`` per segment."""
    compiled = _fast.module("_bleu")
    per_segment = [[x for x in refs if x is not None] for refs in zip(*references, strict=True)]
    if compiled is None or any(not lines for lines in per_segment):
        return _sacrebleu_rows(metric, hypotheses, references)
    match_statistics, order = compiled.match_statistics, metric.max_ngram_order
    preprocess = _bleu_preprocess(metric)
    stats: list[list[int]] = []
    tok_count = 0
    for hyp, lines in zip(hypotheses, per_segment, strict=False):
        ref_tokens = [preprocess(x).split() for x in lines]
        if not metric._force and hyp.endswith(" ."):
            tok_count += 1
        hyp_tokens = preprocess(hyp).split()
        ref_len = metric._get_closest_ref_len(len(hyp_tokens), [len(tokens) for tokens in ref_tokens])
        correct, total = match_statistics(hyp_tokens, ref_tokens, order)
        stats.append([len(hyp_tokens), ref_len, *correct, *total])
    counts = {len(lines) for lines in per_segment}
    metric.num_refs = next(iter(counts)) if len(counts) == 1 else -1  # as sacrebleu's _cache_references
    if tok_count >= 100:  # sacrebleu's own warning, word for word
        sacrelogger.warning("That's 100 lines that end in a tokenized period ('.')")
        sacrelogger.warning("It looks like you forgot to detokenize your test data, which may hurt your score.")
        sacrelogger.warning("If you insist your data is detokenized, or don't care, you can suppress this message "
                            "with the `force` parameter.")
    return stats


def _bleu_preprocess(metric: BLEU) -> Callable[[str], str]:
    """``metric._preprocess_segment``; sacrebleu's 13a tokenizer through :mod:`.tokenize13a` (the same tokens)."""
    tokenize = fast_13a(metric.tokenizer)
    if tokenize is None or type(metric)._preprocess_segment is not BLEU._preprocess_segment:
        return metric._preprocess_segment
    lowercase = metric.lowercase

    def preprocess(sent: str) -> str:
        return tokenize((sent.lower() if lowercase else sent).rstrip())  # as BLEU._preprocess_segment

    return preprocess


def sentence_scores(scorer: Any, rows: Sequence[Sequence[Any]], wanted: Sequence[bool]) -> list[float | None]:
    """``scorer._compute_score_from_stats(row).score`` of each row where ``wanted`` (else None): the compiled
    sentence BLEU (sacrebleu's sentence defaults) and chrF/chrF++ where they apply, sacrebleu's objects otherwise."""
    compute = _sentence_function(scorer)
    if compute is None:
        return [float(scorer._compute_score_from_stats(row).score) if ok else None
                for row, ok in zip(rows, wanted, strict=True)]
    picked = [row for row, ok in zip(rows, wanted, strict=True) if ok]
    scores = iter(compute(picked))
    return [next(scores) if ok else None for ok in wanted]


def _sentence_function(scorer: Any) -> Callable[[list[Any]], list[float]] | None:
    """The compiled scores for ``scorer``'s exact configuration, or None (another metric, option or subclass)."""
    compiled = _fast.module("_sentence")
    if compiled is None:
        return None
    if (type(scorer) is BLEU and scorer.smooth_method == "exp" and scorer.effective_order
            and type(scorer).compute_bleu is BLEU.compute_bleu):
        order = scorer.max_ngram_order
        return lambda rows: compiled.bleu_exp_scores(rows, order)
    if type(scorer) is CHRF and isinstance(scorer.beta, int):
        order, beta, eps = scorer.order, scorer.beta, bool(scorer.eps_smoothing)
        return lambda rows: compiled.chrf_scores(rows, order, beta, eps)
    return None


def extract_statistics(metric: Any, hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[Any]:
    """``metric._extract_corpus_statistics`` through the accelerator for its type, where there is one."""
    if isinstance(metric, TER):
        return ter_statistics(metric, hypotheses, references)
    if isinstance(metric, CHRF):
        return chrf_statistics(metric, hypotheses, references)
    if isinstance(metric, BLEU):
        return bleu_statistics(metric, hypotheses, references)
    return _sacrebleu_rows(metric, hypotheses, references)

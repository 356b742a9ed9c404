# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""sacrebleu 2.6.0's sentence scores from statistics in C: sentence BLEU (``exp`` smoothing) and chrF/chrF++.

sacrebleu builds a score object per segment (``_compute_score_from_stats``) to read one number; this
computes the number with sacrebleu's own operations in sacrebleu's order: each ``int / int`` is one correctly
rounded ``double`` division (as Python's true division, for counts below 2**53), ``math.log``/``math.exp`` are
the C library's ``log``/``exp`` that Python's ``math`` calls, and BLEU's sum of log precisions is Python's own
``sum`` over the same list (its rounding is Python's, whatever the version). No multiplication is fused with an
addition (``-ffp-contract=off`` in setup.py). ``tests/test_sentence_scores.py`` compares every value with
sacrebleu's.
"""

from libc.math cimport exp, log

import builtins

_sum = builtins.sum  # Python's sum, not an inlined C loop: Python 3.12 sums floats with compensation


def bleu_exp_scores(list rows, int max_order):
    """Sentence BLEU of each row ``[sys_len, ref_len, correct…, total…]``: sacrebleu's ``compute_bleu`` with
    ``smooth_method='exp'`` and ``effective_order=True`` (sentence BLEU's defaults), its ``.score``."""
    cdef list out = [], logs
    cdef long long sys_len, ref_len, correct, total
    cdef double bp, smooth, precision, score
    cdef int n, eff_order
    cdef bint matched
    for row in rows:
        sys_len, ref_len = row[0], row[1]
        bp = 1.0
        if sys_len < ref_len:
            bp = exp(1 - <double>ref_len / <double>sys_len) if sys_len > 0 else 0.0
        matched = False
        for n in range(max_order):
            if row[2 + n]:
                matched = True
                break
        if not matched:
            out.append(0.0)
            continue
        smooth = 1.0
        eff_order = max_order
        logs = []
        for n in range(1, max_order + 1):
            correct, total = row[1 + n], row[1 + max_order + n]
            if total == 0:
                break
            eff_order = n
            if correct == 0:
                smooth *= 2
                precision = 100.0 / (smooth * <double>total)
            else:
                precision = 100.0 * <double>correct / <double>total
            logs.append(log(precision) if precision > 0 else -9999999999)
        # orders past a break keep precision 0.0 (sacrebleu's my_log: -9999999999), up to eff_order
        while len(logs) < eff_order:
            logs.append(-9999999999)
        score = bp * exp(<double>_sum(logs) / eff_order)
        out.append(score)
    return out


def chrf_scores(list rows, int order, int beta, bint eps_smoothing):
    """chrF (chrF++ with word orders) of each row of ``[hyp, ref, match]`` triples: ``CHRF._compute_f_score``."""
    cdef list out = []
    cdef long long n_hyp, n_ref, n_match
    cdef double eps = 1e-16, factor = beta * beta, score, avg_prec, avg_rec, prec, rec, denom
    cdef int i, effective_order
    for row in rows:
        score = 0.0
        effective_order = 0
        avg_prec = 0.0
        avg_rec = 0.0
        for i in range(order):
            n_hyp, n_ref, n_match = row[3 * i], row[3 * i + 1], row[3 * i + 2]
            prec = <double>n_match / <double>n_hyp if n_hyp > 0 else eps
            rec = <double>n_match / <double>n_ref if n_ref > 0 else eps
            denom = factor * prec + rec
            score += ((1 + factor) * prec * rec / denom) if denom > 0 else eps
            if n_hyp > 0 and n_ref > 0:
                avg_prec += prec
                avg_rec += rec
                effective_order += 1
        if eps_smoothing:
            out.append(100 * score / order)
            continue
        if effective_order == 0:
            avg_prec = avg_rec = 0.0
        else:
            avg_prec /= effective_order
            avg_rec /= effective_order
        if avg_prec + avg_rec:
            score = (1 + factor) * avg_prec * avg_rec
            score /= ((factor * avg_prec) + avg_rec)
            out.append(100 * score)
        else:
            out.append(0.0)
    return out

# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""sacrebleu 2.6.0's BLEU match counts in C: clipped n-gram matches and n-gram totals per order.

sacrebleu counts the hypothesis's word n-grams (tuples) in a ``Counter``, takes for each n-gram the
largest count over the references, and sums ``min(hypothesis count, reference maximum)`` per order
(``BLEU._compute_segment_statistics``). Here words are integer ids, and n-grams get dense ids from
the shared table in ``_ngram.pxd``, equal exactly when their word tuples are.
"""

from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport calloc, free, malloc

from review_app.scoring._fast._ngram cimport NgramTable, table_clear, table_free, table_id, table_init


cdef int match_counts(const int64_t* sym, const Py_ssize_t* bounds, int nseq, int max_order,
                      long* correct) noexcept nogil:
    """``correct[k-1]`` for k = 1..max_order; sequence 0 is the hypothesis, 1..nseq-1 the references.

    Sequence s occupies ``sym[bounds[s]:bounds[s+1]]``; n-grams never cross a boundary.
    """
    cdef Py_ssize_t total = bounds[nseq]
    cdef Py_ssize_t i, start, stop, last
    cdef NgramTable table
    cdef int64_t* prefix = NULL
    cdef long* hyp_count = NULL
    cdef long* ref_max = NULL
    cdef long* ref_count = NULL
    cdef int64_t ident
    cdef long match
    cdef int k, s, status = table_init(&table, total)
    prefix = <int64_t*>calloc(total + 1, sizeof(int64_t))
    hyp_count = <long*>calloc(total + 1, sizeof(long))
    ref_max = <long*>calloc(total + 1, sizeof(long))
    ref_count = <long*>calloc(total + 1, sizeof(long))
    if status != 0 or prefix == NULL or hyp_count == NULL or ref_max == NULL or ref_count == NULL:
        status = -1
    else:
        for k in range(1, max_order + 1):
            table_clear(&table)
            for s in range(nseq):
                start = bounds[s]
                stop = bounds[s + 1]
                last = stop - k + 1  # n-grams of order k start before ``last``
                for i in range(start, last):
                    ident = table_id(&table, <uint64_t>prefix[i], <uint64_t>sym[i + k - 1])
                    prefix[i] = ident
                    if s == 0:
                        hyp_count[ident] += 1
                    else:
                        ref_count[ident] += 1
                if s > 0:
                    # fold this reference's counts into the maximum over references, then clear them
                    for i in range(start, last):
                        ident = prefix[i]
                        if ref_count[ident] > ref_max[ident]:
                            ref_max[ident] = ref_count[ident]
                        ref_count[ident] = 0
            match = 0
            for i in range(table.fresh):
                match += hyp_count[i] if hyp_count[i] < ref_max[i] else ref_max[i]
                hyp_count[i] = 0
                ref_max[i] = 0
            correct[k - 1] = match
    table_free(&table)
    free(prefix)
    free(hyp_count)
    free(ref_max)
    free(ref_count)
    return status


def match_statistics(list hyp, list refs, int order):
    """``(correct, total)`` per order 1..order for hypothesis tokens ``hyp`` against token lists ``refs``."""
    cdef dict ids = {}
    cdef int nseq = 1 + len(refs)
    cdef Py_ssize_t size = len(hyp) + sum(len(r) for r in refs)
    cdef int64_t* sym = <int64_t*>malloc((size + 1) * sizeof(int64_t))
    cdef Py_ssize_t* bounds = <Py_ssize_t*>malloc((nseq + 1) * sizeof(Py_ssize_t))
    cdef long* correct = <long*>malloc((order + 1) * sizeof(long))
    cdef Py_ssize_t pos = 0
    cdef int s, status, k
    cdef list seq
    if sym == NULL or bounds == NULL or correct == NULL:
        free(sym)
        free(bounds)
        free(correct)
        raise MemoryError()
    try:
        for s in range(nseq):
            seq = hyp if s == 0 else refs[s - 1]
            bounds[s] = pos
            for token in seq:
                sym[pos] = <int64_t>ids.setdefault(token, len(ids))
                pos += 1
        bounds[nseq] = pos
        with nogil:
            status = match_counts(sym, bounds, nseq, order, correct)
        if status != 0:
            raise MemoryError()
        n = len(hyp)
        return [correct[k] for k in range(order)], [max(0, n - k) for k in range(order)]
    finally:
        free(sym)
        free(bounds)
        free(correct)

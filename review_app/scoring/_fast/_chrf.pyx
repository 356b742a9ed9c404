# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""sacrebleu 2.6.0's chrF/chrF++ match counts in C: ``[hyp, ref, match]`` per n-gram order.

sacrebleu builds one ``Counter`` of substrings per order and sums ``min(hyp count, ref count)``
over the hypothesis n-grams (``CHRF._get_match_statistics``). Here each side is a run of integer
symbols (a character's code point, or a word's id); n-grams get dense ids from the shared table in
``_ngram.pxd``, equal exactly when sacrebleu's substrings (or space-joined word n-grams) are.
"""

from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport calloc, free, malloc

from review_app.scoring._fast._ngram cimport NgramTable, table_clear, table_free, table_id, table_init


cdef int order_stats(const int64_t* sym, Py_ssize_t na, Py_ssize_t nb, int max_order, long* out) noexcept nogil:
    """Counts of orders 1..max_order into ``out`` (3 per order).

    ``sym`` holds the hypothesis's ``na`` symbols followed by the reference's ``nb`` symbols.
    """
    cdef Py_ssize_t total = na + nb
    cdef Py_ssize_t i, pos, ha, hb
    cdef NgramTable table
    cdef int64_t* prefix = NULL
    cdef long* count_a = NULL
    cdef long* count_b = NULL
    cdef int64_t ident
    cdef long match
    cdef int k, status = table_init(&table, total)
    prefix = <int64_t*>calloc(total + 1, sizeof(int64_t))
    count_a = <long*>calloc(total + 1, sizeof(long))
    count_b = <long*>calloc(total + 1, sizeof(long))
    if status != 0 or prefix == NULL or count_a == NULL or count_b == NULL:
        status = -1
    else:
        for k in range(1, max_order + 1):
            ha = na - k + 1 if na >= k else 0  # n-grams of order k on each side
            hb = nb - k + 1 if nb >= k else 0
            table_clear(&table)
            for i in range(ha + hb):
                pos = i if i < ha else na + (i - ha)  # start of this n-gram in sym (and prefix)
                # prefix[pos] is the id of the (k-1)-gram at pos (0 for every position when k = 1)
                ident = table_id(&table, <uint64_t>prefix[pos], <uint64_t>sym[pos + k - 1])
                prefix[pos] = ident  # the k-gram's id is the prefix of the (k+1)-gram at pos
                if i < ha:
                    count_a[ident] += 1
                else:
                    count_b[ident] += 1
            match = 0
            for i in range(table.fresh):
                match += count_a[i] if count_a[i] < count_b[i] else count_b[i]
                count_a[i] = 0
                count_b[i] = 0
            out[3 * (k - 1)] = ha if hb > 0 else 0  # sacrebleu: no hyp count without reference n-grams
            out[3 * (k - 1) + 1] = hb
            out[3 * (k - 1) + 2] = match
    table_free(&table)
    free(prefix)
    free(count_a)
    free(count_b)
    return status


cdef list counts(int64_t* sym, Py_ssize_t na, Py_ssize_t nb, int order):
    cdef long* out = <long*>malloc((3 * order + 1) * sizeof(long))
    cdef int status, i
    if out == NULL:
        raise MemoryError()
    with nogil:
        status = order_stats(sym, na, nb, order, out)
    try:
        if status != 0:
            raise MemoryError()
        return [out[i] for i in range(3 * order)]
    finally:
        free(out)


def char_counts(str hyp, str ref, int order):
    """``[hyp, ref, match]`` for character orders 1..order (whitespace already handled by the caller)."""
    cdef Py_ssize_t na = len(hyp)
    cdef Py_ssize_t nb = len(ref)
    cdef int64_t* sym = <int64_t*>malloc((na + nb + 1) * sizeof(int64_t))
    cdef Py_ssize_t i = 0
    cdef Py_UCS4 ch
    if sym == NULL:
        raise MemoryError()
    try:
        for ch in hyp:
            sym[i] = <int64_t>ch
            i += 1
        for ch in ref:
            sym[i] = <int64_t>ch
            i += 1
        return counts(sym, na, nb, order)
    finally:
        free(sym)


def word_counts(list hyp, list ref, int order):
    """``[hyp, ref, match]`` for word orders 1..order (n-grams equal exactly when their words are)."""
    cdef dict ids = {}
    cdef Py_ssize_t na = len(hyp)
    cdef Py_ssize_t nb = len(ref)
    cdef int64_t* sym = <int64_t*>malloc((na + nb + 1) * sizeof(int64_t))
    cdef Py_ssize_t i
    if sym == NULL:
        raise MemoryError()
    try:
        for i in range(na):
            sym[i] = <int64_t>ids.setdefault(hyp[i], len(ids))
        for i in range(nb):
            sym[na + i] = <int64_t>ids.setdefault(ref[i], len(ids))
        return counts(sym, na, nb, order)
    finally:
        free(sym)

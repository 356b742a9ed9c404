# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""sacrebleu 2.6.0's chrF/chrF++ match counts in C: ``[hyp, ref, match]`` per n-gram order.

sacrebleu builds one ``Counter`` of substrings per order and sums ``min(hyp count, ref count)``
over the hypothesis n-grams (``CHRF._get_match_statistics``). Here each side is a run of integer
symbols (a character's code point, or a word's id); the n-gram of order k at position i gets a
dense id from the exact pair (id of the (k-1)-gram at i, symbol i+k-1) through a hash table, so two
n-grams share an id exactly when sacrebleu's substrings (or space-joined word n-grams) are equal.
"""

from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport calloc, free, malloc


cdef inline uint64_t mix(uint64_t x, uint64_t y) noexcept nogil:
    # splitmix64 finaliser over both halves of the key: spreads keys over the table
    x = x * 0x9e3779b97f4a7c15ULL + y
    x ^= x >> 30
    x *= 0xbf58476d1ce4e5b9ULL
    x ^= x >> 27
    x *= 0x94d049bb133111ebULL
    x ^= x >> 31
    return x


cdef int order_stats(const int64_t* sym, Py_ssize_t na, Py_ssize_t nb, int max_order, long* out) noexcept nogil:
    """Counts of orders 1..max_order into ``out`` (3 per order).

    ``sym`` holds the hypothesis's ``na`` symbols followed by the reference's ``nb`` symbols.
    """
    cdef Py_ssize_t total = na + nb
    cdef Py_ssize_t cap = 16
    cdef Py_ssize_t i, pos, slot, ha, hb
    cdef uint64_t k1, k2, mask
    cdef uint64_t* key1 = NULL
    cdef uint64_t* key2 = NULL
    cdef int64_t* vals = NULL
    cdef int64_t* prefix = NULL
    cdef long* count_a = NULL
    cdef long* count_b = NULL
    cdef int64_t fresh, ident
    cdef long match
    cdef int k, status = 0
    while cap < 2 * total + 2:
        cap <<= 1
    mask = <uint64_t>(cap - 1)
    key1 = <uint64_t*>malloc(cap * sizeof(uint64_t))
    key2 = <uint64_t*>malloc(cap * sizeof(uint64_t))
    vals = <int64_t*>malloc(cap * sizeof(int64_t))
    prefix = <int64_t*>calloc(total + 1, sizeof(int64_t))
    count_a = <long*>calloc(total + 1, sizeof(long))
    count_b = <long*>calloc(total + 1, sizeof(long))
    if key1 == NULL or key2 == NULL or vals == NULL or prefix == NULL or count_a == NULL or count_b == NULL:
        status = -1
    else:
        for k in range(1, max_order + 1):
            ha = na - k + 1 if na >= k else 0  # n-grams of order k on each side
            hb = nb - k + 1 if nb >= k else 0
            for i in range(cap):
                vals[i] = -1
            fresh = 0
            for i in range(ha + hb):
                pos = i if i < ha else na + (i - ha)  # start of this n-gram in sym (and prefix)
                # prefix[pos] is the id of the (k-1)-gram at pos (0 for every position when k = 1)
                k1 = <uint64_t>prefix[pos]
                k2 = <uint64_t>sym[pos + k - 1]
                slot = <Py_ssize_t>(mix(k1, k2) & mask)
                while vals[slot] != -1 and (key1[slot] != k1 or key2[slot] != k2):
                    slot = <Py_ssize_t>((slot + 1) & mask)
                if vals[slot] == -1:
                    key1[slot] = k1
                    key2[slot] = k2
                    vals[slot] = fresh
                    fresh += 1
                ident = vals[slot]
                prefix[pos] = ident  # the k-gram's id is the prefix of the (k+1)-gram at pos
                if i < ha:
                    count_a[ident] += 1
                else:
                    count_b[ident] += 1
            match = 0
            for i in range(fresh):
                match += count_a[i] if count_a[i] < count_b[i] else count_b[i]
                count_a[i] = 0
                count_b[i] = 0
            out[3 * (k - 1)] = ha if hb > 0 else 0  # sacrebleu: no hyp count without reference n-grams
            out[3 * (k - 1) + 1] = hb
            out[3 * (k - 1) + 2] = match
    free(key1)
    free(key2)
    free(vals)
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

# cython: language_level=3
"""The n-gram id table the BLEU and chrF counters share (inline functions, compiled into each).

The n-gram of order k at a position gets a dense id from the exact pair (id of the (k-1)-gram
there, symbol k) through an open-addressing hash table, so two n-grams share an id exactly when
their symbol tuples are equal. One table serves every order: :func:`table_clear` empties it.
"""

from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport free, malloc


cdef struct NgramTable:
    Py_ssize_t cap  # a power of two, over twice the n-grams of one order
    uint64_t mask
    uint64_t* key1
    uint64_t* key2
    int64_t* vals  # the id at a slot, -1 where the slot is empty
    int64_t fresh  # ids handed out since the last clear


cdef inline uint64_t mix(uint64_t x, uint64_t y) noexcept nogil:
    # splitmix64 finaliser over both halves of the key: spreads keys over the table
    x = x * 0x9e3779b97f4a7c15ULL + y
    x ^= x >> 30
    x *= 0xbf58476d1ce4e5b9ULL
    x ^= x >> 27
    x *= 0x94d049bb133111ebULL
    x ^= x >> 31
    return x


cdef inline int table_init(NgramTable* t, Py_ssize_t total) noexcept nogil:
    """Room for the n-grams of ``total`` symbols; -1 when memory is short (free it all the same)."""
    t.cap = 16
    while t.cap < 2 * total + 2:
        t.cap <<= 1
    t.mask = <uint64_t>(t.cap - 1)
    t.fresh = 0
    t.key1 = <uint64_t*>malloc(t.cap * sizeof(uint64_t))
    t.key2 = <uint64_t*>malloc(t.cap * sizeof(uint64_t))
    t.vals = <int64_t*>malloc(t.cap * sizeof(int64_t))
    return -1 if t.key1 == NULL or t.key2 == NULL or t.vals == NULL else 0


cdef inline void table_clear(NgramTable* t) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(t.cap):
        t.vals[i] = -1
    t.fresh = 0


cdef inline int64_t table_id(NgramTable* t, uint64_t k1, uint64_t k2) noexcept nogil:
    """The id of the pair (``k1``, ``k2``): the one it got before, else the next fresh one."""
    cdef Py_ssize_t slot = <Py_ssize_t>(mix(k1, k2) & t.mask)
    while t.vals[slot] != -1 and (t.key1[slot] != k1 or t.key2[slot] != k2):
        slot = <Py_ssize_t>((slot + 1) & t.mask)
    if t.vals[slot] == -1:
        t.key1[slot] = k1
        t.key2[slot] = k2
        t.vals[slot] = t.fresh
        t.fresh += 1
    return t.vals[slot]


cdef inline void table_free(NgramTable* t) noexcept nogil:
    free(t.key1)
    free(t.key2)
    free(t.vals)

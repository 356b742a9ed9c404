# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""sacrebleu 2.6.0's TER edit count (``lib_ter.translation_edit_rate``) in C, over integer word ids.

Every step follows ``sacrebleu/metrics/lib_ter.py`` line for line, so the counts are the same:
the beam edit distance around the pseudo-diagonal (same beam width rule, same preference order
sub/no-op, deletion, insertion), the flipped trace and its alignment, the shift candidates in
``_find_shifted_pairs`` order with the same filters, the same ranking tuple with first-found winning
ties, and the same limits (shift size 10, distance 50, 1,000 candidates). sacrebleu's row cache is
only a speed-up (a row depends on the hypothesis prefix alone); here the rows of the last
hypothesis are kept and recomputed from the first differing word on.

Words are mapped to integer ids per segment pair; two ids are equal exactly when the strings are.
"""

from libc.math cimport ceil, floor
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy

ctypedef long long i64

cdef i64 INF = 10000000000000000  # sacrebleu's _INT_INFINITY
cdef enum:
    OP_NOP = 0
    OP_SUB = 1
    OP_INS = 2
    OP_DEL = 3
    OP_UNDEF = 4
    MAX_SHIFT_SIZE = 10
    MAX_SHIFT_DIST = 50
    BEAM_WIDTH = 25
    MAX_SHIFT_CANDIDATES = 1000


cdef struct Beam:
    int n           # hypothesis words (every shifted hypothesis has as many)
    int m           # reference words
    const int* ref
    int* lo         # per row: first column inside the beam
    int* hi         # per row: one past the last column inside the beam
    Py_ssize_t* off # per row: where column ``lo`` is stored
    i64* cost
    unsigned char* op
    int* rowhyp     # the hypothesis whose rows 1..valid are stored
    int valid


cdef inline i64 cell(const Beam* b, int i, int j) noexcept nogil:
    """Cost of cell (i, j); outside the beam a cell is sacrebleu's untouched infinity."""
    if j < b.lo[i] or j >= b.hi[i]:
        return INF
    return b.cost[b.off[i] + j - b.lo[i]]


cdef int beam_init(Beam* b, const int* ref, int m, int n) noexcept nogil:
    cdef double ratio = (<double>m) / n if n > 0 else 1.0
    cdef int width = BEAM_WIDTH
    cdef int i, j, pd
    cdef Py_ssize_t total = 0
    if BEAM_WIDTH < ratio / 2:
        width = <int>ceil(ratio / 2 + BEAM_WIDTH)
    b.n = n
    b.m = m
    b.ref = ref
    b.valid = 0
    b.lo = <int*>malloc((n + 1) * sizeof(int))
    b.hi = <int*>malloc((n + 1) * sizeof(int))
    b.off = <Py_ssize_t*>malloc((n + 1) * sizeof(Py_ssize_t))
    b.rowhyp = <int*>malloc((n + 1) * sizeof(int))
    b.cost = NULL
    b.op = NULL
    if b.lo == NULL or b.hi == NULL or b.off == NULL or b.rowhyp == NULL:
        return -1
    b.lo[0] = 0
    b.hi[0] = m + 1
    for i in range(1, n + 1):
        pd = <int>floor(i * ratio)
        b.lo[i] = pd - width if pd - width > 0 else 0
        b.hi[i] = pd + width if pd + width < m + 1 else m + 1
        if i == n:
            b.hi[i] = m + 1
        if b.hi[i] < b.lo[i]:
            b.hi[i] = b.lo[i]
    for i in range(n + 1):
        b.off[i] = total
        total += b.hi[i] - b.lo[i]
    b.cost = <i64*>malloc((total + 1) * sizeof(i64))
    b.op = <unsigned char*>malloc((total + 1) * sizeof(unsigned char))
    if b.cost == NULL or b.op == NULL:
        return -1
    for j in range(m + 1):  # the first row: one insertion per reference word
        b.cost[j] = j
        b.op[j] = OP_INS
    return 0


cdef void beam_free(Beam* b) noexcept nogil:
    free(b.lo)
    free(b.hi)
    free(b.off)
    free(b.rowhyp)
    free(b.cost)
    free(b.op)


cdef i64 beam_distance(Beam* b, const int* hyp) noexcept nogil:
    """Edit distance of ``hyp`` to the reference; rows of the common prefix with the last call are kept."""
    cdef int n = b.n
    cdef int p = 0
    cdef int i, j, lo, hi, w
    cdef Py_ssize_t base
    cdef i64 c, v
    cdef unsigned char o, osub
    cdef i64 csub
    while p < b.valid and hyp[p] == b.rowhyp[p]:
        p += 1
    for i in range(p + 1, n + 1):
        lo = b.lo[i]
        hi = b.hi[i]
        base = b.off[i] - lo
        w = hyp[i - 1]
        for j in range(lo, hi):
            if j == 0:
                b.cost[base] = cell(b, i - 1, 0) + 1
                b.op[base] = OP_DEL
                continue
            if w == b.ref[j - 1]:
                csub = 0
                osub = OP_NOP
            else:
                csub = 1
                osub = OP_SUB
            # sacrebleu's order: no-op/substitution, then deletion, then insertion; strict "<" keeps the first.
            c = INF
            o = OP_UNDEF
            v = cell(b, i - 1, j - 1) + csub
            if c > v:
                c = v
                o = osub
            v = cell(b, i - 1, j) + 1
            if c > v:
                c = v
                o = OP_DEL
            v = (b.cost[base + j - 1] if j - 1 >= lo else INF) + 1
            if c > v:
                c = v
                o = OP_INS
            b.cost[base + j] = c
            b.op[base + j] = o
    for i in range(p, n):
        b.rowhyp[i] = hyp[i]
    b.valid = n
    return cell(b, n, b.m)


cdef int beam_trace(const Beam* b, unsigned char* trace) noexcept nogil:
    """The trace of the last computed hypothesis, first operation first; returns its length."""
    cdef int i = b.n
    cdef int j = b.m
    cdef int k = 0
    cdef int a, z
    cdef unsigned char o
    while i > 0 or j > 0:
        if j < b.lo[i] or j >= b.hi[i]:
            return -1
        o = b.op[b.off[i] + j - b.lo[i]]
        trace[k] = o
        k += 1
        if o == OP_SUB or o == OP_NOP:
            i -= 1
            j -= 1
        elif o == OP_INS:
            j -= 1
        elif o == OP_DEL:
            i -= 1
        else:
            return -1
    a = 0
    z = k - 1
    while a < z:
        o = trace[a]
        trace[a] = trace[z]
        trace[z] = o
        a += 1
        z -= 1
    return k


cdef inline int put(int* out, int pos, const int* w, int n, int a, int b) noexcept nogil:
    """Append Python's ``w[a:b]`` (clamped like a slice) to ``out`` at ``pos``; returns the new end."""
    if a < 0:
        a = 0
    if b > n:
        b = n
    while a < b:
        out[pos] = w[a]
        pos += 1
        a += 1
    return pos


cdef void perform_shift(const int* w, int n, int start, int length, int target, int* out) noexcept nogil:
    """``lib_ter._perform_shift`` with its three cases and slice semantics."""
    cdef int pos = 0
    if target < start:
        pos = put(out, pos, w, n, 0, target)
        pos = put(out, pos, w, n, start, start + length)
        pos = put(out, pos, w, n, target, start)
        pos = put(out, pos, w, n, start + length, n)
    elif target > start + length:
        pos = put(out, pos, w, n, 0, start)
        pos = put(out, pos, w, n, start + length, target)
        pos = put(out, pos, w, n, start, start + length)
        pos = put(out, pos, w, n, target, n)
    else:
        pos = put(out, pos, w, n, 0, start)
        pos = put(out, pos, w, n, start + length, length + target)
        pos = put(out, pos, w, n, start, start + length)
        pos = put(out, pos, w, n, length + target, n)


cdef struct Work:
    unsigned char* trace
    int* align
    int* ref_err    # prefix sums
    int* hyp_err    # prefix sums
    int* shifted


cdef int find_shift(Beam* b, int* words, Work* wk, int* checked, i64* delta, int* best_out) noexcept nogil:
    """``lib_ter._shift``: the best shift of ``words`` (written to ``best_out``); -1 on a broken trace."""
    cdef int n = b.n
    cdef int m = b.m
    cdef i64 pre = beam_distance(b, words)
    cdef int k, t, op, ph, pr, sh, sr, length, off, idx, prev, a
    cdef i64 score
    cdef bint has_best = False
    cdef i64 best_score = 0
    cdef int best_len = 0, best_sh = 0, best_idx = 0
    cdef bint stop = False
    if pre >= INF:
        return -1
    k = beam_trace(b, wk.trace)
    if k < 0:
        return -1
    # trace_to_alignment over the flipped trace (insertions and deletions swapped).
    ph = -1
    pr = -1
    wk.hyp_err[0] = 0
    wk.ref_err[0] = 0
    for t in range(k):
        op = wk.trace[t]
        if op == OP_NOP or op == OP_SUB:
            ph += 1
            pr += 1
            wk.align[pr] = ph
            wk.hyp_err[ph + 1] = wk.hyp_err[ph] + (op == OP_SUB)
            wk.ref_err[pr + 1] = wk.ref_err[pr] + (op == OP_SUB)
        elif op == OP_DEL:  # flipped: an insertion
            ph += 1
            wk.hyp_err[ph + 1] = wk.hyp_err[ph] + 1
        else:  # OP_INS, flipped: a deletion
            pr += 1
            wk.align[pr] = ph
            wk.ref_err[pr + 1] = wk.ref_err[pr] + 1
    for sh in range(n):
        if stop:
            break
        for sr in range(m):
            if stop:
                break
            if sr - sh > MAX_SHIFT_DIST or sh - sr > MAX_SHIFT_DIST:
                continue
            length = 0
            while words[sh + length] == b.ref[sr + length] and length < MAX_SHIFT_SIZE:
                length += 1
                # one candidate (sh, sr, length), as _shift's loop body
                if wk.hyp_err[sh + length] - wk.hyp_err[sh] != 0 and wk.ref_err[sr + length] - wk.ref_err[sr] != 0:
                    a = wk.align[sr]
                    if not (sh <= a and a < sh + length):
                        prev = -1
                        for off in range(-1, length):
                            if sr + off == -1:
                                idx = 0
                            elif sr + off < m:
                                idx = wk.align[sr + off] + 1
                            else:
                                break
                            if idx == prev:
                                continue
                            prev = idx
                            perform_shift(words, n, sh, length, idx, wk.shifted)
                            score = beam_distance(b, wk.shifted)
                            if score >= INF:
                                return -1
                            score = pre - score
                            checked[0] += 1
                            # (score, length, -start_h, -idx) compared as a tuple; ties keep the first
                            if (not has_best or score > best_score
                                    or (score == best_score and (length > best_len
                                        or (length == best_len and (sh < best_sh
                                            or (sh == best_sh and idx < best_idx)))))):
                                has_best = True
                                best_score = score
                                best_len = length
                                best_sh = sh
                                best_idx = idx
                        if checked[0] >= MAX_SHIFT_CANDIDATES:
                            stop = True
                            break
                if n == sh + length or m == sr + length:
                    break
    if not has_best:
        delta[0] = 0
        memcpy(best_out, words, n * sizeof(int))
    else:
        delta[0] = best_score
        perform_shift(words, n, best_sh, best_len, best_idx, best_out)
    return 0


cdef i64 edit_count(const int* hyp, int n, const int* ref, int m) noexcept nogil:
    """``translation_edit_rate``'s edit count (shifts plus edit distance); -1 where sacrebleu would raise."""
    cdef Beam b
    cdef Work wk
    cdef int* words
    cdef int* nxt
    cdef int* tmp
    cdef int checked = 0
    cdef i64 shifts = 0
    cdef i64 delta = 0
    cdef i64 result = -1
    if m == 0:
        return n
    if beam_init(&b, ref, m, n) != 0:
        beam_free(&b)
        return -2
    wk.trace = <unsigned char*>malloc(n + m + 1)
    wk.align = <int*>malloc((m + 1) * sizeof(int))
    wk.ref_err = <int*>malloc((m + 1) * sizeof(int))
    wk.hyp_err = <int*>malloc((n + 1) * sizeof(int))
    wk.shifted = <int*>malloc((n + 1) * sizeof(int))
    words = <int*>malloc((n + 1) * sizeof(int))
    nxt = <int*>malloc((n + 1) * sizeof(int))
    if (wk.trace != NULL and wk.align != NULL and wk.ref_err != NULL and wk.hyp_err != NULL
            and wk.shifted != NULL and words != NULL and nxt != NULL):
        memcpy(words, hyp, n * sizeof(int))
        while True:
            if find_shift(&b, words, &wk, &checked, &delta, nxt) != 0:
                result = -1
                break
            if checked >= MAX_SHIFT_CANDIDATES or delta <= 0:
                result = beam_distance(&b, words)
                result = -1 if result >= INF else shifts + result
                break
            shifts += 1
            tmp = words
            words = nxt
            nxt = tmp
    else:
        result = -2
    free(wk.trace)
    free(wk.align)
    free(wk.ref_err)
    free(wk.hyp_err)
    free(wk.shifted)
    free(words)
    free(nxt)
    beam_free(&b)
    return result


def translation_edit_rate(list words_hyp, list words_ref):
    """``(edits, reference length)`` as ``lib_ter.translation_edit_rate``; ``None`` where it would raise."""
    cdef dict ids = {}
    cdef Py_ssize_t n = len(words_hyp)
    cdef Py_ssize_t m = len(words_ref)
    cdef int* buf
    cdef Py_ssize_t i
    cdef i64 edits
    if m == 0:
        return n, 0
    buf = <int*>malloc((n + m + 1) * sizeof(int))
    if buf == NULL:
        raise MemoryError()
    try:
        for i in range(m):
            buf[n + i] = <int>ids.setdefault(words_ref[i], len(ids))
        for i in range(n):
            buf[i] = <int>ids.setdefault(words_hyp[i], len(ids))
        with nogil:
            edits = edit_count(buf, <int>n, buf + n, <int>m)
    finally:
        free(buf)
    if edits == -2:
        raise MemoryError()
    if edits < 0:
        return None
    return edits, m

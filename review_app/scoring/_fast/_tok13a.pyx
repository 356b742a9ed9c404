# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""sacrebleu 2.6.0's ``Tokenizer13a`` (BLEU's default tokenizer) in C: the same string for every line.

``Tokenizer13a.__call__`` strips ``<skipped>`` and line breaks and replaces four HTML entities (here the same
``str.replace`` calls, in the same order), then ``TokenizerRegexp`` applies four ``re.sub`` rules to
`` line `` and joins the words with single spaces. Here the text is copied once into a ``Py_UCS4`` buffer and
each rule is one pass from buffer to buffer: ``re.sub`` tries the pattern at each position left to right and
goes on after a match (never inside it); every pattern here is two fixed characters (the first rule one), so a
pass tests the pair at each position and skips the pair it replaced. ``[0-9]`` is ASCII only (``re``'s range,
not ``\\d``) and ``[^0-9]`` any other code point, line breaks and surrogates included. The closing
``" ".join(line.split())`` splits where ``str.split`` does: at ``Py_UNICODE_ISSPACE`` characters, all of
Unicode's whitespace (``\\x1c``-``\\x1f``, ``\\x85``, ``\\xa0``, ``\\u2028``, ``\\u3000``…), not ASCII's only.
"""

from libc.stdlib cimport free, malloc


cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)
    object PyUnicode_FromObject(object obj)  # a str subclass's text as a str; TypeError for a non-str
    int PyUnicode_4BYTE_KIND
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch) noexcept nogil  # what str.split() splits at (a pure table look-up)


# The first rule's class, r"[\{-\~\[-\` -\&\(-\+\:-\@\/]": {-~ [-` space-& (-+ :-@ / (all ASCII).
cdef unsigned char SPACED[128]
cdef int _c
for _c in range(128):
    SPACED[_c] = (0x7B <= _c <= 0x7E or 0x5B <= _c <= 0x60 or 0x20 <= _c <= 0x26 or 0x28 <= _c <= 0x2B
                  or 0x3A <= _c <= 0x40 or _c == 0x2F)

cdef enum:
    SPACE = 0x20
    PERIOD = 0x2E
    COMMA = 0x2C
    DASH = 0x2D


cdef inline bint is_digit(Py_UCS4 c) noexcept nogil:
    return 0x30 <= c <= 0x39  # [0-9]


cdef inline bint is_mark(Py_UCS4 c) noexcept nogil:
    return c == PERIOD or c == COMMA  # [\.,]


cdef Py_ssize_t spaced(const Py_UCS4* src, Py_ssize_t n, Py_UCS4* dst) noexcept nogil:
    """``re.sub(r"([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])", r" \\1 ", src)``: each class character between spaces."""
    cdef Py_ssize_t i, o = 0
    cdef Py_UCS4 c
    for i in range(n):
        c = src[i]
        if c < 128 and SPACED[c]:
            dst[o] = SPACE
            dst[o + 1] = c
            dst[o + 2] = SPACE
            o += 3
        else:
            dst[o] = c
            o += 1
    return o


cdef inline bint pair_matches(int rule, Py_UCS4 first, Py_UCS4 second) noexcept nogil:
    """Whether rule 1, 2 or 3's two-character pattern matches ``first`` then ``second``."""
    if rule == 1:
        return is_mark(second) and not is_digit(first)  # ([^0-9])([\.,])
    if rule == 2:
        return is_mark(first) and not is_digit(second)  # ([\.,])([^0-9])
    return second == DASH and is_digit(first)  # ([0-9])(-)


cdef Py_ssize_t pair_rule(int rule, const Py_UCS4* src, Py_ssize_t n, Py_UCS4* dst) noexcept nogil:
    """``re.sub`` of rule 1 (``r"\1 \2 "``), 2 (``r" \1 \2"``) or 3 (``r"\1 \2 "``): a match's two characters
    each get a space after them, or (rule 2) before them; the pass goes on after a match, never inside it."""
    cdef Py_ssize_t i = 0, o = 0
    while i + 1 < n:
        if pair_matches(rule, src[i], src[i + 1]):
            if rule == 2:
                dst[o] = SPACE
                dst[o + 1] = src[i]
                dst[o + 2] = SPACE
                dst[o + 3] = src[i + 1]
            else:
                dst[o] = src[i]
                dst[o + 1] = SPACE
                dst[o + 2] = src[i + 1]
                dst[o + 3] = SPACE
            o += 4
            i += 2
        else:
            dst[o] = src[i]
            o += 1
            i += 1
    if i < n:
        dst[o] = src[i]
        o += 1
    return o


cdef Py_ssize_t single_spaced(const Py_UCS4* src, Py_ssize_t n, Py_UCS4* dst) noexcept nogil:
    """``" ".join(src.split())``: ``str.split``'s whitespace is ``Py_UNICODE_ISSPACE``."""
    cdef Py_ssize_t i, o = 0
    cdef bint gap = False  # whitespace seen since the last word character
    cdef Py_UCS4 c
    for i in range(n):
        c = src[i]
        if Py_UNICODE_ISSPACE(c):
            gap = True
        else:
            if gap and o > 0:
                dst[o] = SPACE
                o += 1
            gap = False
            dst[o] = c
            o += 1
    return o


cdef str tokenize_rules(str line, int only):
    """``TokenizerRegexp.__call__(line)`` (``only`` = -1), or rule ``only`` (0-3) alone, without the join."""
    cdef Py_ssize_t n = len(line)
    cdef Py_ssize_t i = 0, size, capacity, marks = 0, dashes = 0, pad = 1 if only < 0 else 0
    cdef Py_UCS4* text = <Py_UCS4*>malloc((n + 2) * sizeof(Py_UCS4))
    cdef Py_UCS4* a = NULL
    cdef Py_UCS4* b = NULL
    cdef Py_UCS4* swap
    cdef Py_UCS4 ch
    cdef int rule
    if text == NULL:
        raise MemoryError()
    try:
        if pad:
            text[0] = SPACE  # TokenizerRegexp gets f" {line} "
        i = pad
        for ch in line:
            text[i] = ch
            marks += is_mark(ch)
            dashes += ch == DASH
            i += 1
        if pad:
            text[i] = SPACE
        size = n + 2 * pad
        # The first rule triples a character at most; the others add two characters a match, and each match
        # holds a different period or comma (the second and third rule) or dash (the fourth): none adds any.
        capacity = 3 * size + 4 * marks + 2 * dashes + 1
        a = <Py_UCS4*>malloc(capacity * sizeof(Py_UCS4))
        b = <Py_UCS4*>malloc(capacity * sizeof(Py_UCS4))
        if a == NULL or b == NULL:
            raise MemoryError()
        if only < 0 or only == 0:
            size = spaced(text, size, a)
        else:
            for i in range(size):
                a[i] = text[i]
        # each rule reads a and writes b; rules that cannot match (no mark, no dash) leave a as it is
        for rule in range(1, 4):
            if (only < 0 or only == rule) and (dashes if rule == 3 else marks):
                size = pair_rule(rule, a, size, b)
                swap = a
                a = b
                b = swap
        if only < 0:
            size = single_spaced(a, size, b)
            swap = a
            a = b
            b = swap
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, a, size)
    finally:
        free(text)
        free(a)
        free(b)


def tokenize(line):
    """``Tokenizer13a()(line)``: sacrebleu 2.6.0's 13a tokens joined by single spaces."""
    if type(line) is not str:
        line = PyUnicode_FromObject(line)  # a str subclass (str's own methods, as sacrebleu's calls get)
    return tokenize_str(line)


cdef str tokenize_str(str line):
    line = line.replace("<skipped>", "")
    if "\n" in line:
        line = line.replace("-\n", "")
        line = line.replace("\n", " ")
    if "&" in line:
        line = line.replace("&quot;", '"')
        line = line.replace("&amp;", "&")
        line = line.replace("&lt;", "<")
        line = line.replace("&gt;", ">")
    return tokenize_rules(line, -1)


def apply_rule(int index, str line not None):
    """``re.sub(pattern, template, line)`` for ``TokenizerRegexp``'s rule ``index`` (0-3) alone (for tests)."""
    if not 0 <= index <= 3:
        raise ValueError(f"no rule {index}")
    return tokenize_rules(line, index)

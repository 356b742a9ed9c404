"""The checks engine's shortcuts change no finding: real corpora checked with and without them.

The shortcuts live in ``checks/textutil.py``: protected spans cached per line, a cheap literal
pre-test before the domain pattern's scan, and ``mask_protected`` returning the line itself when
nothing is protected. The reference versions below are the plain definitions (no cache, no
pre-test, always a copy); both runs must give identical findings on every line.
"""

from __future__ import annotations

import random

import pytest
import regex
from shared_data import SHARED_CORPORA

from review_app.checks import Context, run_lines, textutil
from review_app.checks import numbers as numbers_check
from review_app.checks import script as script_check

# (file of MT lines, target language, reference file or None), all relative to ../shared/corpora
CORPORA = [
    ("izvestia-2025/mt.yandex.en.txt", "en", None),
    ("compare-mt-ted-sk-en/ted.sys1.detok.eng", "en", "compare-mt-ted-sk-en/ted.ref.detok.eng"),
    ("mlqe-pe-ru-en/dev/dev.mt", "en", "mlqe-pe-ru-en/dev/dev.pe"),
    ("wmt21-newstest-en-ru/txt/newstest2021.en-ru.hyp.Online-Y.ru", "ru",
     "wmt21-newstest-en-ru/txt/newstest2021.en-ru.ref.A.ru"),
    ("textberg-de-fr-dev/dev.google.fr", "fr", None),
]


def _reference_protected(line: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    if "://" in line or "www." in line:
        spans.extend(m.span() for m in textutil.URL_RE.finditer(line))
    if "@" in line or "#" in line:
        spans.extend(m.span() for m in textutil.EMAIL_RE.finditer(line))
    if "." in line:
        spans.extend(m.span() for m in textutil.DOMAIN_RE.finditer(line) if not textutil.in_spans(m.start(), spans))
    return tuple(sorted(spans))


def _reference_mask(line: str, fill: str = " ") -> str:
    chars = list(line)
    for start, end in _reference_protected(line):
        chars[start:end] = fill * (end - start)
    return "".join(chars)


@pytest.mark.parametrize(("mt", "lang", "ref"), CORPORA)
def test_findings_unchanged_by_engine_shortcuts(mt: str, lang: str, ref: str | None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if not (SHARED_CORPORA / mt).is_file():
        pytest.skip(f"shared corpus file {mt} not found")
    lines = (SHARED_CORPORA / mt).read_text(encoding="utf-8").splitlines()
    refs = (SHARED_CORPORA / ref).read_text(encoding="utf-8").splitlines() if ref else None
    context = Context(target_lang=lang, reference_lines=refs)
    fast = run_lines(lines, context)
    monkeypatch.setattr(textutil, "_protected", _reference_protected)
    for module in (textutil, numbers_check, script_check):
        monkeypatch.setattr(module, "mask_protected", _reference_mask)
    plain = run_lines(lines, context)
    assert fast == plain
    assert fast, "a real corpus without any finding would make this comparison empty"


# The plain e-mail pattern: tried from every position, so a long run of an address's characters after an "@" was
# scanned once per position (time growing with the square of its length).
PLAIN_EMAIL_RE = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])[@#]\w+")


def test_the_e_mail_pattern_finds_what_the_plain_one_finds() -> None:
    """Tried only where a run of an address's characters starts or the last match ended, with its parts taken whole,
    it finds the same spans as the plain pattern: on lines of those characters drawn at random, on an address right
    after a hashtag ("#john.doe@mail.com": the address starts where the hashtag's match ended), and on a long run."""
    rng = random.Random(3)
    lines = ["#john.doe@mail.com", "write to a.b+c@mail.example.org.", "a@b" + "-" * 300 + "x y", "x@@y.z"]
    for alphabet in ("ab.-+@#_ x1é.", "a.@#-", "a@.b#@ -"):
        lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(5000)]
    for line in lines:
        assert [m.span() for m in textutil.EMAIL_RE.finditer(line)] == \
            [m.span() for m in PLAIN_EMAIL_RE.finditer(line)], line

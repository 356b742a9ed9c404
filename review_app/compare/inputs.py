"""N systems' outputs on one source and reference(s), brought onto one common list of segments.

Line-parallel files are read as they are. Documents are first split into sentences and each
system is aligned to the (first) reference; the systems' links are then merged on the reference
side, so every compared segment is one run of reference sentences that no system splits, and
each system's MT for it is what that system's alignment linked to those reference sentences.
MT sentences a system links to no reference become segments of their own (empty reference), so
each system's corpus score counts them, as ``score`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from review_app.align.srcattach import attach_source
from review_app.errors import InputError
from review_app.model import AlignedSegment, Sentence
from review_app.pipeline import align_sentences, load_sentences, sentences_from_text
from review_app.text.parallel import file_side, parallel_columns, text_side


@dataclass(frozen=True, slots=True)
class SystemInput:
    """A system's name and the file holding its output."""

    name: str
    path: str


@dataclass(slots=True)
class CompareCorpus:
    """Every system's hypotheses on the same segments, the reference stream(s), the source if given."""

    names: list[str]
    hypotheses: list[list[str]]
    references: list[list[str]]
    sources: list[str] | None = None
    paths: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, hyps in zip(self.names, self.hypotheses, strict=True):
            if len(hyps) != len(self.references[0]):
                raise ValueError(f"{name}: {len(hyps)} segments for {len(self.references[0])} references")

    @property
    def size(self) -> int:
        """Number of segments."""
        return len(self.references[0]) if self.references else 0

    def system(self, name: str) -> list[str]:
        """Hypotheses of system ``name``."""
        return self.hypotheses[self.names.index(name)]


def default_names(paths: Sequence[str]) -> list[str]:
    """File names without the dot-separated parts every file shares at the start and at the end.

    ``newstest2021.en-ru.hyp.Online-Y.ru`` next to ``newstest2021.en-ru.hyp.NiuTrans.ru`` gives
    ``Online-Y``; when that leaves names empty or equal, the whole file names are used.
    """
    names = [Path(p).name for p in paths]
    parts = [name.split(".") for name in names]
    shortest = min(len(p) for p in parts)
    head = 0
    while head < shortest - 1 and len({tuple(p[: head + 1]) for p in parts}) == 1:
        head += 1
    tail = 0
    while tail < shortest - head - 1 and len({tuple(p[len(p) - tail - 1:]) for p in parts}) == 1:
        tail += 1
    short = [".".join(p[head: len(p) - tail]) for p in parts]
    if len(paths) > 1 and all(short) and len(set(short)) == len(short):
        return short
    return names


def _split_spec(spec: str) -> tuple[str | None, str]:
    """``NAME=PATH`` → (NAME, PATH); an existing file named with ``=`` stays a path. A name may hold
    ``=`` itself: the split whose right side is an existing file wins, else the first ``=``."""
    if "=" not in spec or Path(spec).exists():
        return None, spec
    cuts = [i for i, ch in enumerate(spec) if ch == "="]
    cut = next((i for i in cuts if Path(spec[i + 1:]).is_file()), cuts[0])
    name, path = spec[:cut].strip(), spec[cut + 1:]
    return (name, path) if name and path else (None, spec)


def parse_systems(specs: Sequence[str]) -> list[SystemInput]:
    """``NAME=PATH`` or ``PATH`` arguments as named systems; names must be distinct."""
    named: list[tuple[str | None, str]] = []
    for spec in specs:
        named.append(_split_spec(spec))
    defaults = default_names([path for _, path in named])
    systems = [SystemInput(name or default, path) for (name, path), default in zip(named, defaults, strict=True)]
    seen: set[str] = set()
    for system in systems:
        if system.name in seen:
            raise InputError(system.path, f"two systems are named {system.name!r}; name them with NAME=PATH")
        seen.add(system.name)
    if len(systems) < 2:
        raise InputError(None, "compare needs at least two systems")
    return systems


def load_segmented(systems: Sequence[SystemInput], refs: Sequence[str], src: str | None) -> CompareCorpus:
    """Line-parallel systems, references and source: line i of every file is segment i."""
    paths = [*(system.path for system in systems), *refs, *([src] if src is not None else [])]
    columns = parallel_columns([file_side(path) for path in paths])
    hyps, references = columns[:len(systems)], columns[len(systems):len(systems) + len(refs)]
    sources = columns[-1] if src is not None else None
    if not hyps[0]:
        raise InputError(systems[0].path, "empty input: no lines")
    return CompareCorpus([s.name for s in systems], hyps, references, sources,
                         {s.name: s.path for s in systems})


def load_documents(
    systems: Sequence[SystemInput], refs: Sequence[str], src: str | None, lang: str = "en",
    src_lang: str | None = None,
) -> CompareCorpus:
    """Documents: each system aligned to the reference, then merged onto common segments."""
    if len(refs) > 1:
        raise InputError(refs[1], "several references need --segmented (line-parallel files)")
    ref = load_sentences(refs[0], lang)
    aligned = [align_sentences(load_sentences(s.path, lang), ref, score=False) for s in systems]
    src_sentences = load_sentences(src, src_lang or "en") if src is not None else None
    corpus = _merged([s.name for s in systems], aligned, ref, src_sentences)
    corpus.paths = {s.name: s.path for s in systems}
    return corpus


def _merged(
    names: list[str], aligned: Sequence[Sequence[AlignedSegment]], ref: list[Sentence], src: list[Sentence] | None
) -> CompareCorpus:
    """Common segments of the systems' alignments, the source attached through the reference."""
    units, texts = merge_alignments(aligned, len(ref))
    references = [" ".join(ref[j].text for j in unit) for unit in units]
    sources = None
    if src:
        pivots = [AlignedSegment(mt=text, ref=text, src=None, mt_ids=[ref[j].id for j in unit],
                                 ref_ids=[ref[j].id for j in unit])
                  for text, unit in zip(references, units, strict=True)]
        attach_source(pivots, ref, src)
        sources = [p.src or "" for p in pivots]
    return CompareCorpus(names, texts, [references], sources)


def merge_alignments(
    aligned: Sequence[Sequence[AlignedSegment]], ref_count: int
) -> tuple[list[list[int]], list[list[str]]]:
    """Common segments of several systems' alignments to one reference.

    Returns the reference sentence indices of each common segment and, per system, its MT text per
    segment. Reference sentences that one system links together stay together for all; a system's
    MT linked to no reference sentence becomes its own segment right after where it occurred.
    """
    parent = list(range(ref_count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for segments in aligned:
        for seg in segments:
            for a, b in zip(seg.ref_ids, seg.ref_ids[1:], strict=False):
                parent[find(b)] = find(a)
    # Monotonic links make every group a contiguous run; number the runs in reference order.
    unit_of: list[int] = []
    for j in range(ref_count):
        unit_of.append(0 if j == 0 else unit_of[-1] + (find(j) != find(j - 1)))
    count = (unit_of[-1] + 1) if unit_of else 0
    # Slots: each common unit, then any MT-only segments that follow it (slot key (unit, k)).
    pieces: dict[tuple[int, int, int], dict[int, list[str]]] = {}
    for k, segments in enumerate(aligned):
        last, extra = -1, 0
        for seg in segments:
            if seg.ref_ids:
                last, extra = unit_of[seg.ref_ids[0]], 0
                key = (last, 0, 0)
            else:
                extra += 1
                key = (last, k + 1, extra)
            if seg.mt:
                pieces.setdefault(key, {}).setdefault(k, []).append(seg.mt)
    keys = sorted(set(pieces) | {(u, 0, 0) for u in range(count)})
    members: list[list[int]] = [[] for _ in range(count)]
    for j, u in enumerate(unit_of):
        members[u].append(j)
    units = [members[u] if sub == 0 else [] for u, sub, _ in keys]
    texts = [[" ".join(pieces.get(key, {}).get(k, [])) for key in keys] for k in range(len(aligned))]
    return units, texts


def corpus_from_texts(
    names: Sequence[str], systems: Sequence[str], ref: str, src: str | None = None, *, segmented: bool = False,
    lang: str = "en", src_lang: str | None = None,
) -> CompareCorpus:
    """The same as :func:`load_corpus` for texts already read (uploads, documents in the store)."""
    if len(names) < 2 or len(names) != len(systems):
        raise InputError(None, "compare needs at least two systems")
    if len(set(names)) != len(names):
        raise InputError(None, "two systems have the same name")
    if segmented:
        sides = [text_side("reference", ref)] + [text_side(n, text) for n, text in zip(names, systems, strict=True)]
        refs, *hyps = parallel_columns(sides + ([text_side("source", src)] if src is not None else []))
        sources = hyps.pop() if src is not None else None
        if not refs:
            raise InputError("reference", "empty input: no lines")
        return CompareCorpus(list(names), hyps, [refs], sources)
    ref_sentences = sentences_from_text(ref, lang)
    if not ref_sentences:
        raise InputError("reference", "empty input: no sentences found")
    aligned = []
    for name, text in zip(names, systems, strict=True):
        sentences = sentences_from_text(text, lang)
        if not sentences:
            raise InputError(name, "empty input: no sentences found")
        aligned.append(align_sentences(sentences, ref_sentences, score=False))
    return _merged(list(names), aligned, ref_sentences, sentences_from_text(src, src_lang or "en") if src else None)


def load_corpus(
    systems: Sequence[SystemInput], refs: Sequence[str], src: str | None = None, *, segmented: bool = False,
    lang: str = "en", src_lang: str | None = None,
) -> CompareCorpus:
    """The systems on common segments: line-parallel (``segmented``) or documents aligned first."""
    if not refs:
        raise InputError("--ref", "at least one reference is needed")
    if segmented:
        return load_segmented(systems, refs, src)
    return load_documents(systems, refs, src, lang, src_lang)


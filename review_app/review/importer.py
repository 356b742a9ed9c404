"""Import a document into the store: texts → sentences → aligned, scored segments → QA findings → store.

Used by the app's import form, the demo loader and scripts alike; no UI here, only an optional
``progress(fraction, message)`` callback. Every problem with the input is an :class:`InputError`
with a one-line message (empty text, undecodable or oversized upload, line counts that differ
in segmented mode), raised before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable

from review_app.align.uncertain import add_uncertain
from review_app.checks import Context, check_segments, parse_glossary
from review_app.checks.base import GlossaryEntry
from review_app.errors import InputError
from review_app.model import AlignedSegment
from review_app.pipeline import add_sentence_scores, align_sentences, sentences_from_text
from review_app.store import Actor, DocumentInfo, Store
from review_app.text.ingest import decode_bytes
from review_app.text.parallel import line_segment, parallel_rows, text_side

MAX_BYTES = 50 * 1024 * 1024
REF_KINDS: tuple[str, ...] = ("reference", "post-edit")

ImportProgress = Callable[[float, str], None]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(size: int, label: str, limit: int = MAX_BYTES) -> None:
    """Refuse inputs over ``limit`` bytes before reading them."""
    if size > limit:
        raise InputError(label, f"is {_megabytes(size)}, over the {_megabytes(limit)} limit; "
                         "split it into smaller documents")


def decode_upload(data: bytes, label: str, limit: int = MAX_BYTES) -> str:
    """Text of an uploaded file: size-checked, then decoded (UTF-8/16/32 with BOM) with line ends normalised."""
    check_size(len(data), label, limit)
    return decode_bytes(data, label)


def _checked_text(text: str | None, label: str, limit: int) -> str:
    if text is None or not text.strip():
        raise InputError(label, "empty input: paste or upload some text")
    check_size(len(text.encode("utf-8")), label, limit)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def build_segments(
    mt: str, ref: str, src: str | None = None, *, lang: str = "en", src_lang: str | None = None,
    segmented: bool = False,
) -> list[AlignedSegment]:
    """Aligned, sacrebleu-scored segments: sentence-aligned documents, or line pairs in segmented mode."""
    return build_aligned(mt, ref, src, lang=lang, src_lang=src_lang, segmented=segmented)[0]


def build_aligned(
    mt: str, ref: str, src: str | None = None, *, lang: str = "en", src_lang: str | None = None,
    segmented: bool = False,
) -> tuple[list[AlignedSegment], dict[str, list[str]]]:
    """:func:`build_segments` and the input sentences they were built from, by side (``mt``, ``ref``, ``src``),
    each list indexed by the segments' sentence ids (what the store keeps so reviewers can re-cut segments)."""
    if segmented:
        sides = [text_side("MT", mt), text_side("reference", ref)]
        sides += [text_side("source", src)] if src is not None else []
        rows = list(parallel_rows(sides))
        segments = [line_segment(i, row[0], row[1], row[2] if src is not None else None) for i, row in enumerate(rows)]
        add_sentence_scores(segments, statistics=True)  # the store keeps the statistics too
        # Sentence i is line i (a blank line's id is on no segment: it is no sentence).
        lines = {side: [row[k] for row in rows] for k, side in enumerate(("mt", "ref", "src")[: len(sides)])}
        return segments, lines
    mt_sentences = sentences_from_text(mt, lang, label="MT")
    ref_sentences = sentences_from_text(ref, lang, label="reference")
    src_sentences = sentences_from_text(src, src_lang or lang, label="source") if src else None
    sentences = {"mt": [s.text for s in mt_sentences], "ref": [s.text for s in ref_sentences]}
    if src_sentences:
        sentences["src"] = [s.text for s in src_sentences]
    return align_sentences(mt_sentences, ref_sentences, src_sentences, statistics=True), sentences


def import_document(
    store: Store,
    project_id: int,
    *,
    name: str,
    mt_text: str | None,
    ref_text: str | None,
    src_text: str | None = None,
    system: str | None = None,
    ref_kind: str = "reference",
    segmented: bool = False,
    actor: Actor,
    progress: ImportProgress | None = None,
    limit: int = MAX_BYTES,
) -> DocumentInfo:
    """Segment, align, score and check one document and store it with its findings."""
    report = progress or (lambda _fraction, _message: None)
    project = store.project(project_id)
    name = (name or "").strip()
    if not name:
        raise InputError("document name", "give the document a name")
    twin = next((d for d in store.documents(project_id, archived=None) if d.name == name), None)
    if twin is not None:  # archived documents keep their names: a restore must never clash
        archived = "an archived" if twin.archived_at is not None else "a"
        raise InputError("document name", f"the project already has {archived} document named {name!r}")
    if ref_kind not in REF_KINDS:
        raise InputError("reference kind", f"must be one of {', '.join(REF_KINDS)}")
    mt = _checked_text(mt_text, "MT", limit)
    ref = _checked_text(ref_text, ref_kind, limit)
    src = _checked_text(src_text, "source", limit) if src_text is not None and src_text.strip() else None
    glossary = project_glossary(project.glossary)

    report(0.05, "Splitting and aligning sentences, scoring with sacrebleu…")
    segments, sentences = build_aligned(mt, ref, src, lang=project.tgt_lang, src_lang=project.src_lang,
                                        segmented=segmented)
    if not segments:
        raise InputError("MT", "no sentences found")
    report(0.6, f"Running QA checks on {len(segments)} segments…")
    # Lines that recur in the project's other documents are page furniture: the chrome check's evidence, read from
    # the documents' stored line keys (not their texts).
    repeated = store.repeated_lines(project_id, [s.mt for s in segments])
    context = Context(target_lang=project.tgt_lang, source_lang=project.src_lang, glossary=glossary,
                      repeated=repeated)
    findings = add_uncertain(segments, check_segments(segments, context))
    report(0.85, "Saving to the database…")
    document = store.add_document(project_id, name, segments, findings, system=system, ref_kind=ref_kind,
                                  segmented=segmented, mt_text=mt, ref_text=ref, src_text=src, sentences=sentences,
                                  repeated=repeated, glossary=project.glossary or "", actor=actor)
    report(1.0, f"Imported {document.segments} segments with {sum(map(len, findings))} findings")
    return document


def project_glossary(text: str | None, label: str = "glossary") -> list[GlossaryEntry]:
    """The project's glossary entries (none when it has no glossary); ``label`` names it in errors."""
    return parse_glossary(text, label) if text and text.strip() else []

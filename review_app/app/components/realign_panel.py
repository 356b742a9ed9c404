"""Correcting the alignment from the Review and Document pages: the link at a glance, the segment's sentences
beside its neighbours' with their numbers, and the operations (merge, move, split, detach, confirm the link,
the next uncertain link) from buttons and keys.

Every operation is a widget callback that first saves the text typed in the editor (as every action does:
:func:`review_app.app.components.actions.act`), refuses while a neighbour it would touch holds text this
session could not save, passes the versions the page showed (a change someone made since is refused with the
store's message), then shows the segment that holds the acted-on sentences and carries the operation's event,
so the panel's Undo reverts it. The store checks the role again; here controls are only disabled.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from review_app.app.components.actions import (
    forget_editor,
    holds_unsaved_text,
    save_before_acting,
    segment_label,
)
from review_app.app.components.context import acting_account, flash, guarded
from review_app.app.components.history_panel import sentence_numbers
from review_app.store import RealignResult, SegmentFilter, SegmentRow, Store, User
from review_app.vocab import NO_VALUE

Sentences = dict[str, list[tuple[int, str | None]]]  # side -> (0-based id, text or None when not kept)
Operation = Callable[[User, dict[int, int]], RealignResult]
Show = Callable[[int], None]  # make a segment the current one (the page's own way)
Side = Literal["mt", "ref"]
End = Literal["first", "last"]
SIDES: tuple[Side, ...] = ("mt", "ref")
ENDS: tuple[End, ...] = ("first", "last")

# The operations' keys, in the style of the status keys (Alt+Shift+…): arrows and Home/End for the neighbours.
KEYS = {"merge-previous": "Alt+Shift+Up", "merge-next": "Alt+Shift+Down",
        "mt-first": "Alt+Shift+Left", "mt-last": "Alt+Shift+Right",
        "ref-first": "Alt+Shift+Home", "ref-last": "Alt+Shift+End",
        "split": "Alt+Shift+S", "confirm": "Alt+Shift+L", "next-uncertain": "Alt+Shift+N"}
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Alt+Shift+↑ / ↓", "merge the segment with the previous / next one"),
    ("Alt+Shift+← / →", "move the first MT sentence to the previous segment / the last to the next"),
    ("Alt+Shift+Home / End", "move the first reference sentence to the previous segment / the last to the next"),
    ("Alt+Shift+S", "split the segment where chosen under “Split or detach”"),
    ("Alt+Shift+L", "confirm the link as it is"),
    ("Alt+Shift+N", "next uncertain link"),
)
STYLE = ("<style>.st-key-align-ops kbd,.st-key-align-moves kbd{display:none}"
         ".align-table{width:100%;border-collapse:collapse;font-size:.85rem;line-height:1.4}"
         ".align-table td,.align-table th{border-bottom:1px solid rgba(128,128,128,.25);padding:.2rem .35rem;"
         "vertical-align:top;text-align:left}"
         ".align-table tr.current td{background:rgba(37,99,235,.09)}"
         ".align-sid{display:inline-block;min-width:2.6rem;color:#475569;font-size:.75rem;"
         "font-variant-numeric:tabular-nums}"
         ".align-uncertain{color:#b45309;font-weight:600}.align-confirmed{color:#15803d}</style>")
_SIDE_WORDS = {"mt": "MT", "ref": "reference", "src": "source"}


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """A segment with the segments before and after it, as the page showed them, and their sentences."""

    previous: SegmentRow | None
    segment: SegmentRow
    next: SegmentRow | None
    sentences: Mapping[int, Sentences]
    uncertain: frozenset[int]  # which of the document's segments have an uncertain link (open finding)

    @property
    def rows(self) -> list[SegmentRow]:
        """The segments in document order."""
        return [r for r in (self.previous, self.segment, self.next) if r is not None]

    def versions(self) -> dict[int, int]:
        """The versions shown: what an operation must find unchanged."""
        return {r.id: r.version for r in self.rows}


def uncertain_ids(store: Store, document_id: int) -> frozenset[int]:
    """The document's segments whose link is still uncertain."""
    return frozenset(store.segment_ids(document_id, SegmentFilter(uncertain=True)))


def neighbourhood(store: Store, segment: SegmentRow, uncertain: frozenset[int]) -> Neighbourhood:
    """Read the segment's neighbours and the sentences of all three."""
    previous = store.segment_by_position(segment.document_id, segment.position - 1) if segment.position else None
    following = store.segment_by_position(segment.document_id, segment.position + 1)
    ids = [r.id for r in (previous, segment, following) if r is not None]
    return Neighbourhood(previous, segment, following, store.link_sentences(ids), uncertain)


def link_note_html(row: SegmentRow, uncertain: bool) -> str:
    """Who vouches for the link, escaped: "confirmed by NAME" (a reviewer confirmed or set it), else the aligner's
    confidence, flagged when the link is uncertain."""
    if row.confirmed_by and not uncertain:
        return f'<span class="align-confirmed">✓ confirmed by {html.escape(row.confirmed_by)}</span>'
    flag = ' <span class="align-uncertain">⚠ uncertain</span>' if uncertain else ""
    return f"confidence {row.confidence:.2f}{flag}"


def link_html(row: SegmentRow, uncertain: bool) -> str:
    """The link at a glance, escaped: its type (1-1, 2-1, 1-0 …), then :func:`link_note_html`."""
    return f"<strong>{html.escape(row.link)}</strong> · {link_note_html(row, uncertain)}"


def _sentences_html(sentences: Sentences, side: str) -> str:
    parts = [f'<div><span class="align-sid">{_SIDE_WORDS[side] if side == "mt" else "ref"} {i + 1}</span>'
             f'{html.escape(text) if text is not None else "<em>(text not kept)</em>"}</div>'
             for i, text in sentences.get(side, [])]
    return "".join(parts) or NO_VALUE


def table_html(near: Neighbourhood, lang: str, ref_label: str) -> str:
    """The segment between its neighbours: number, link, and each side's sentences with their numbers (1-based,
    in the document), all escaped."""
    lang_attr = html.escape(lang, quote=True)
    rows = []
    for row in near.rows:
        sentences = near.sentences.get(row.id, {})
        current = ' class="current"' if row.id == near.segment.id else ""
        rows.append(f"<tr{current}><td>{row.position + 1}</td><td>{link_html(row, row.id in near.uncertain)}</td>"
                    f'<td lang="{lang_attr}">{_sentences_html(sentences, "mt")}</td>'
                    f'<td lang="{lang_attr}">{_sentences_html(sentences, "ref")}</td></tr>')
    return (f'<table class="align-table"><tr><th>#</th><th>link</th><th>MT sentences</th>'
            f"<th>{html.escape(ref_label)} sentences</th></tr>{''.join(rows)}</table>")


def _shown_after(store: Store, acted_on: int, result: RealignResult) -> int:
    """The part that carries the operation's event: the acted-on segment when it is still there, else the part
    that took its sentences (the store puts the event there: undo it there)."""
    if acted_on in result.segment_ids:
        return acted_on
    for part in result.segment_ids:
        newest = store.events(segment_id=part, limit=1)
        if newest and newest[0].id == result.event_id:
            return part
    return result.segment_ids[0]


def operate(store: Store, near: Neighbourhood, reviewer: User | None, run: Operation, show: Show) -> None:
    """Callback of an operation on ``near.segment``: save the typed text, check the neighbours hold none unsaved,
    run ``run(account, versions shown)``, reload the editors it rewrote, show the part carrying its event."""
    segment = near.segment
    prefix = f"{segment_label(segment)}: "
    expected = save_before_acting(store, segment, reviewer, prefix)
    if expected is None:
        return
    waiting = [r for r in near.rows if r.id != segment.id and holds_unsaved_text(r.id)]
    if waiting:
        flash("error", f"{prefix}nothing changed — {segment_label(waiting[0]).lower()} holds text you typed that is "
                       "not saved: open it, keep or discard your text, then try again")
        return
    who = acting_account(reviewer, prefix)
    if who is None:
        return
    versions = near.versions()
    versions[segment.id] = expected
    result: RealignResult | None = guarded(lambda: run(who, versions), prefix=prefix)
    if result is None:
        return
    for segment_id in {*versions, *result.segment_ids}:  # rewritten or gone: loaded afresh when shown
        forget_editor(segment_id)
    show(_shown_after(store, segment.id, result))


def confirm(store: Store, segment: SegmentRow, reviewer: User | None) -> None:
    """Callback of "Confirm link": save the typed text, then confirm the link at the version shown."""
    prefix = f"{segment_label(segment)}: "
    version = save_before_acting(store, segment, reviewer, prefix)
    if version is None:
        return
    who = acting_account(reviewer, prefix)
    if who is None:
        return
    if guarded(lambda: store.confirm_link(segment.id, actor=who, expected_version=version), prefix=prefix):
        forget_editor(segment.id)


@dataclass(frozen=True, slots=True)
class Tools:
    """What the alignment section needs from its page."""

    store: Store
    reviewer: User | None
    show: Show  # make a segment current (Review: the cursor; Document: the selected row)
    go_to: Callable[[int | None], None]  # callback of "next uncertain link": leave the segment (saving) for it


def alignment_section(tools: Tools, near: Neighbourhood, lang: str, ref_label: str) -> None:
    """The link, the count of open uncertain links, the operations' buttons (with their keys), the segment beside
    its neighbours, and the split and detach choices."""
    store, reviewer, segment = tools.store, tools.reviewer, near.segment
    st.html(STYLE)
    uncertain = segment.id in near.uncertain
    count = len(near.uncertain)
    open_links = f"{count} uncertain link{'s' if count != 1 else ''} open in this document" if count else \
        "no uncertain link open in this document"
    st.html(f'<div style="font-size:.9rem"><strong>Alignment</strong>: link {link_html(segment, uncertain)} · '
            f"{open_links}</div>")
    target = store.next_uncertain(segment.document_id, segment.position)
    target_id = target.id if target is not None and target.id != segment.id else None
    can = reviewer is not None

    def keys(name: str, enabled: bool = True) -> str | None:
        return KEYS[name] if can and enabled else None

    def button(where: DeltaGenerator, label: str, name: str, enabled: bool, hint: str,
               on_click: Callable[..., None], args: Sequence[object]) -> None:
        where.button(label, key=f"align-{name}-{segment.id}", disabled=not (can and enabled), width="stretch",
                     shortcut=keys(name, enabled), help=f"{hint} ({KEYS[name].replace('+', ' + ')})",
                     on_click=on_click, args=tuple(args))

    def run(operation: Operation) -> tuple[object, ...]:
        return store, near, reviewer, operation, tools.show

    ops_box, moves_box = st.container(key="align-ops"), st.container(key="align-moves")
    ops, moves = ops_box.columns([0.8, 0.8, 1.1, 1.3], gap="small"), moves_box.columns(4, gap="small")
    has_previous, has_next = near.previous is not None, near.next is not None
    button(ops[0], "Merge ↑", "merge-previous", has_previous,
           "Merge this segment with the previous one into one segment", operate,
           run(lambda who, v: store.merge_segments(segment.id, "previous", actor=who, versions=v)))
    button(ops[1], "Merge ↓", "merge-next", has_next, "Merge this segment with the next one into one segment", operate,
           run(lambda who, v: store.merge_segments(segment.id, "next", actor=who, versions=v)))
    button(ops[2], "✓ Confirm link", "confirm", uncertain or segment.confirmed_by is None,
           "The link is right as the aligner made it: its “alignment uncertain” finding resolves", confirm,
           (store, segment, reviewer))
    ops[3].button("Next uncertain link ▶", key=f"align-next-uncertain-{segment.id}", disabled=target_id is None,
               width="stretch", shortcut=KEYS["next-uncertain"] if target_id is not None else None,
               help="The next segment of the document whose link is uncertain (saves what you typed; "
                    f"{KEYS['next-uncertain'].replace('+', ' + ')})",
               on_click=tools.go_to, args=(target_id,))
    for column, side in enumerate(SIDES):
        ids = segment.mt_ids if side == "mt" else segment.ref_ids
        label, words = ("MT", "MT") if side == "mt" else ("ref", ref_label)
        button(moves[2 * column], f"↑ First {label}", f"{side}-first", bool(ids) and has_previous,
               f"Move the segment's first {words} sentence to the end of the previous segment", operate,
               run(_move(store, segment.id, side, "first")))
        button(moves[2 * column + 1], f"Last {label} ↓", f"{side}-last", bool(ids) and has_next,
               f"Move the segment's last {words} sentence to the start of the next segment", operate,
               run(_move(store, segment.id, side, "last")))
    st.html(table_html(near, lang, ref_label))
    _split_and_detach(tools, near, ref_label)


def _move(store: Store, segment_id: int, side: Side, end: End) -> Operation:
    return lambda who, versions: store.move_sentence(segment_id, side, end, actor=who, versions=versions)


def _detach(store: Store, segment_id: int, side: Side, end: End) -> Operation:
    return lambda who, versions: store.detach_sentence(segment_id, side, end, actor=who, versions=versions)


def _split(store: Store, segment_id: int, mt: int, ref: int, src: int | None) -> Operation:
    return lambda who, versions: store.split_segment(segment_id, mt=mt, ref=ref, src=src, actor=who,
                                                     versions=versions)


def cut_label(ids: Sequence[int], k: int) -> str:
    """A cut of a side's sentences as the reviewer reads it: ``5–6 | 7`` (1-based numbers; "—" for an empty part)."""
    return f"{sentence_numbers(ids[:k])} | {sentence_numbers(ids[k:])}"


def _cut_format(ids: Sequence[int]) -> Callable[[int], str]:
    return lambda k: cut_label(ids, k)


def default_cut(count: int) -> int:
    """Where a side is cut until the reviewer chooses: after the first half (one sentence stays in the first part)."""
    return count // 2 if count >= 2 else count


def _split_and_detach(tools: Tools, near: Neighbourhood, ref_label: str) -> None:
    store, reviewer, segment = tools.store, tools.reviewer, near.segment
    can = reviewer is not None
    sentences = len(segment.mt_ids) + len(segment.ref_ids)
    form = f"align-split-open-{segment.id}"
    # Open for an uncertain link of several sentences, else closed; then as the reviewer leaves it.
    st.session_state.setdefault(form, segment.id in near.uncertain and sentences > 2)
    with st.expander("Split or detach", key=form, on_change="rerun"):
        tail = f"{segment.id}-{segment.version}"  # a new arrangement: new choices
        cuts: dict[str, int | None] = {}
        for side, name in (("mt", "MT"), ("ref", ref_label.capitalize()), ("src", "Source")):
            ids = list(getattr(segment, f"{side}_ids"))
            if side == "src":
                if not ids:
                    cuts[side] = None
                    continue
                cuts[side] = st.segmented_control(
                    "Source: the first part takes", list(range(len(ids) + 1)), default=None,
                    key=f"align-cut-src-{tail}", format_func=_cut_format(ids),
                    help="None chosen: the source is cut where the MT is, in proportion")
                continue
            if not ids:
                cuts[side] = 0
                continue
            cuts[side] = st.segmented_control(
                f"{name}: the first part takes", list(range(len(ids) + 1)), default=default_cut(len(ids)),
                key=f"align-cut-{side}-{tail}", required=True, format_func=_cut_format(ids))
        mt, ref = int(cuts["mt"] or 0), int(cuts["ref"] or 0)
        valid = (mt + ref > 0) and (len(segment.mt_ids) - mt + len(segment.ref_ids) - ref > 0)
        if sentences < 2:
            st.caption("One sentence: nothing to split.")
        elif not valid:
            st.caption("Each part needs an MT or a reference sentence: choose another cut.")
        st.button("Split here", key=f"align-split-{segment.id}", disabled=not (can and valid),
                  shortcut=KEYS["split"] if can and valid else None, type="primary", on_click=operate,
                  args=(store, near, reviewer, _split(store, segment.id, mt, ref, cuts["src"]), tools.show))
        st.caption("Detach a sentence into a segment of its own (1-0 or 0-1), before or after this one; "
                   "merge joins it back.")
        detach = st.container(key="align-detach", horizontal=True)
        for side in SIDES:
            held = segment.mt_ids if side == "mt" else segment.ref_ids
            for end in ENDS:
                detach.button(
                    f"Detach {end} {'MT' if side == 'mt' else 'ref'} sentence", width="stretch",
                    key=f"align-detach-{side}-{end}-{segment.id}", disabled=not (can and held and sentences > 1),
                    on_click=operate, args=(store, near, reviewer, _detach(store, segment.id, side, end), tools.show))

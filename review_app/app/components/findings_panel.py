"""QA findings (apply, dismiss, apply to all similar) and MQM annotations of the current segment."""

from __future__ import annotations

import streamlit as st

from review_app.app.components.actions import act
from review_app.app.components.batch_preview import batch_preview, batch_undo
from review_app.app.components.glossary_offer import glossary_offer
from review_app.app.components.held_text import WORDS_MT_PREFIX, expander_key, held, reset_choices, sent, text_box
from review_app.app.components.safe import md
from review_app.store import AnnotationInfo, FindingInfo, SegmentDetail, Store, User
from review_app.text.diff import legend_html
from review_app.text.phrases import tag_tokens
from review_app.vocab import MQM_CATEGORIES as CATEGORIES
from review_app.vocab import SEVERITIES, SEVERITY_BADGES


def _describe_fix(f: FindingInfo) -> str:
    if f.suggestion is None:
        return "no automatic fix"
    if f.suggestion == "":
        return f"fix: delete “{md(f.quote)}”" if len(f.quote) < 80 else "fix: delete this text"
    return f"fix: “{md(f.quote)}” → “{md(f.suggestion)}”"


def findings_section(store: Store, detail: SegmentDetail, reviewer: User | None) -> None:
    """Each finding with its fix; open ones get Apply fix / Dismiss / Apply to all similar."""
    segment = detail.segment
    st.subheader(f"QA findings ({segment.open_findings} open)", anchor=False)
    if not detail.findings:
        st.caption("The checks found nothing in this segment.")
    first_fix = True  # the first applicable fix answers Alt+Shift+F (Alt+F opens the browser's menu)
    first_dismiss = True  # the first open finding answers Alt+Shift+D
    for f in detail.findings:
        with st.container(border=True):
            state = "" if f.state == "open" else f" · *{f.state_label}*"
            st.markdown(
                f":{SEVERITY_BADGES.get(f.severity, 'gray')}-badge[{f.severity}] **{md(f.check)}** · "
                f"{md(f.category)} — {md(f.message)}  \n{_describe_fix(f)}{state}"
            )
            glossary_offer(store, segment, f, reviewer)
            batch_undo(store, f"similar-{f.id}", reviewer)  # the batch this finding's "apply to all" wrote
            if f.state != "open":
                continue
            placeable = f.id in detail.placeable
            # Two halves: a button with its shortcut chip needs about 180 px, and the panel is ~500 px at 1280 px.
            a, b = st.columns(2)
            shortcut = "Alt+Shift+F" if first_fix and placeable and reviewer else None
            first_fix = first_fix and shortcut is None
            dismiss_keys = "Alt+Shift+D" if first_dismiss and reviewer else None
            first_dismiss = first_dismiss and dismiss_keys is None
            a.button(
                "Apply fix", key=f"apply-{f.id}", disabled=not reviewer or not placeable, width="stretch",
                shortcut=shortcut,
                help=None if placeable or f.suggestion is None else
                "The flagged text was changed in the corrected text: edit it by hand or dismiss.",
                on_click=act, args=(store, segment, reviewer,
                                    lambda who, v, fid=f.id: store.apply_fix(fid, actor=who, expected_version=v)),
            )
            b.button(
                "Dismiss", key=f"dismiss-{f.id}", disabled=not reviewer, width="stretch", shortcut=dismiss_keys,
                on_click=act, args=(store, segment, reviewer,
                                    lambda who, v, fid=f.id: store.dismiss_finding(fid, actor=who,
                                                                                   expected_version=v)),
            )
            similar = store.similar_count(f.id) if f.suggestion is not None else 0
            if similar > 1:
                st.button(
                    f"Apply this fix to all {similar} similar findings in the document…", key=f"apply-all-{f.id}",
                    disabled=not reviewer, help="Shows every segment it changes first; applied as one batch, one undo.",
                    on_click=_open_similar, args=(segment.id, f.id),
                )
            if st.session_state.get(_similar_key(segment.id)) == f.id:
                batch_preview(store, store.plan_fix_to_similar(f.id), key=f"similar-{f.id}", reviewer=reviewer,
                              on_close=lambda: st.session_state.pop(_similar_key(segment.id), None), segment=segment)


def _similar_key(segment_id: int) -> str:
    """Session key: the finding whose "apply to all similar" preview is open on this segment."""
    return f"similar-preview-{segment_id}"


def _open_similar(segment_id: int, finding_id: int) -> None:
    st.session_state[_similar_key(segment_id)] = finding_id


def unique_labels(words: list[str]) -> list[str]:
    """The words as pill labels, each repeated word told apart by trailing zero-width spaces.

    The browser side of ``st.pills`` tells options apart by their label: two identical words
    ("One Belt— One Road") would both select the last one, so the span would not be the one
    the reviewer chose. The marks are invisible; the offsets stay those of the word clicked.
    """
    seen: dict[str, int] = {}
    out = []
    for word in words:
        seen[word] = seen.get(word, 0) + 1
        out.append(word + "\u200b" * (seen[word] - 1))
    return out


def _words(text: str) -> list[tuple[int, int, str]]:
    """The MT's chips: its words and, each on its own, its punctuation marks (offsets into the MT)."""
    return tag_tokens(text)


def _removed_key(segment_id: int) -> str:
    return f"ann-removed-{segment_id}"


def _describe_tag(a: AnnotationInfo) -> str:
    """A tag as one Markdown line: severity, category, the tagged text, note, rater (all escaped)."""
    span = f"on “{md(a.quote)}”" if a.quote else "on the whole segment"
    note = f" — note: *{md(a.comment)}*" if a.comment else ""
    return (f":{SEVERITY_BADGES.get(a.severity, 'gray')}-badge[{a.severity}] **{md(a.category)}** {span}"
            f"{note} · by {md(a.reviewer)}, {a.created_at:%Y-%m-%d %H:%M} UTC")


def _remove(store: Store, a: AnnotationInfo, who: User, version: int) -> object:
    result = store.delete_annotation(a.id, actor=who, expected_version=version)
    st.session_state[_removed_key(a.segment_id)] = a  # offered for undo while it is the newest change
    return result


def _restore_removed(store: Store, segment_id: int, who: User, version: int) -> object:
    result = store.undo_last(segment_id, actor=who, expected_version=version)
    st.session_state.pop(_removed_key(segment_id), None)
    return result


def _newest_change_removed(store: Store, segment_id: int, annotation_id: int) -> bool:
    """Whether the segment's newest change (comments aside) is the removal of this tag: then "undo
    last" brings exactly this tag back, nothing else."""
    newest = next((e for e in store.events(segment_id=segment_id, limit=20) if e.kind != "comment"), None)
    removed = (newest.before.get("annotation") or {}) if newest and newest.kind == "delete-annotation" else {}
    return removed.get("id") == annotation_id


def annotations_section(store: Store, detail: SegmentDetail, reviewer: User | None) -> None:
    """The segment's MQM tags, each with its text, category, severity, note and rater (remove where
    the store allows it; the latest removal can be undone), and a form to tag selected MT words."""
    segment = detail.segment
    st.subheader(f"MQM tags ({len(detail.annotations)})", anchor=False)
    st.html(legend_html())  # how the MT box marks tags (underlined, colour and line per severity) and findings
    if not detail.annotations:
        st.caption("No MQM tag on this segment yet.")
    for a in detail.annotations:
        text, button = st.columns([6, 1], vertical_alignment="center")
        text.markdown(_describe_tag(a))
        allowed = store.can_delete_annotation(a, reviewer)
        button.button("Remove", key=f"del-ann-{a.id}", disabled=not allowed, width="stretch",
                      help=None if allowed or not reviewer else f"{md(a.reviewer)}'s tag: removing it needs an admin",
                      on_click=act, args=(store, segment, reviewer,
                                          lambda who, v, tag=a: _remove(store, tag, who, v)))
    removed = st.session_state.get(_removed_key(segment.id))
    if removed is not None and reviewer and _newest_change_removed(store, segment.id, removed.id):
        text, button = st.columns([6, 1], vertical_alignment="center")
        text.caption(f"Removed: {_describe_tag(removed)}")
        button.button("↶ Undo", key=f"ann-restore-{segment.id}", width="stretch",
                      help="Put the removed tag back (as it was, with its rater).",
                      on_click=act, args=(store, segment, reviewer,
                                          lambda who, v: _restore_removed(store, segment.id, who, v)))
    words = _words(segment.mt)
    labels = unique_labels([w[2] for w in words])
    form = expander_key(f"ann-comment-{segment.id}")
    # Open or closed as the reviewer left it, whatever the page above it draws this time: the state is the
    # widget's (a keyed, tracked expander), set once here; an ``expanded`` argument that changed with the
    # tags would make it another widget and close it.
    st.session_state.setdefault(form, not detail.annotations)
    st.session_state[f"{WORDS_MT_PREFIX}{segment.id}"] = segment.mt  # what the chosen words' positions index
    with st.expander("Annotate an error", key=form, on_change="rerun"):
        chosen = st.pills("Select the error's words or punctuation in the MT (first to last; none: the whole segment)",
                          list(range(len(words))), format_func=labels.__getitem__, selection_mode="multi",
                          key=f"ann-words-{segment.id}") if words else []
        left, right = st.columns([1, 1])
        left.selectbox("Category (MQM typology)", CATEGORIES, key=f"ann-cat-{segment.id}")
        text_box("Comment", f"ann-comment-{segment.id}", draw=right.text_input)  # kept when the reviewer leaves
        st.session_state.setdefault(f"ann-sev-{segment.id}", "minor")  # the default, as state: it may be given back
        severity = st.segmented_control("Severity", SEVERITIES, key=f"ann-sev-{segment.id}")
        if chosen:
            st.caption(f"Span: “{md(segment.mt[words[min(chosen)][0]:words[max(chosen)][1]])}”")
        st.button(
            "Add annotation", key=f"ann-add-{segment.id}", disabled=not reviewer or not severity,
            on_click=act, args=(store, segment, reviewer,
                                lambda who, v: _annotate(store, segment.id, segment.mt, v, who)),
        )


def _annotate(store: Store, segment_id: int, mt: str, version: int, who: User) -> object:
    """Add the annotation described by the form's widgets (read now: a value typed just before the click counts)."""
    state = st.session_state
    comment = held(f"ann-comment-{segment_id}") or ""
    words = _words(mt)
    chosen = [i for i in state.get(f"ann-words-{segment_id}") or [] if i < len(words)]
    start = words[min(chosen)][0] if chosen else None
    end = words[max(chosen)][1] if chosen else None
    result = store.add_annotation(
        segment_id, category=state.get(f"ann-cat-{segment_id}") or CATEGORIES[0],
        severity=state.get(f"ann-sev-{segment_id}") or "minor", start=start, end=end,
        comment=comment, actor=who, expected_version=version,
    )
    reset_choices(segment_id)  # the form starts afresh for the next error (nothing of it kept when the reviewer leaves)
    sent(f"ann-comment-{segment_id}", comment)
    state[f"ann-comment-{segment_id}"] = ""
    return result

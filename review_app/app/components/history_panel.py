"""The history of a segment in words: who changed what, before → after.

Each event of the log becomes one entry: a headline ("edited the text", "applied the
dash-in-compound fix", "undid the edit by ann") and the changes it made — changed phrases of the
text as word-diff pairs (``'Earlier,' → 'Previously,'``), the status in the app's labels, finding
states, MQM annotations added or removed, comments. An undo says what it reverted: the undone
change, as that change was made. Every text comes from users or files, so it is escaped
(:func:`entry_html`) or shown as a plain table cell (:func:`entry_text`), never as Markdown.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from review_app.store import EventInfo, FindingInfo, Store
from review_app.text.diff import DEL_STYLE, INS_STYLE, changed_phrases
from review_app.vocab import NO_VALUE, STATUS_LABELS

QUOTE_CHARS = 80  # a quoted phrase longer than this is shortened in the middle
MAX_PHRASES = 4  # changed phrases listed per text change; the rest are counted
# What an event did, as a headline; what the undo of it undid, as a noun.
_HEADLINES = {"edit": "edited the text", "status": "set the status", "apply-fix": "applied the {check} fix",
              "apply-fix-all": "applied the {check} fix to all similar findings",
              "apply-check-fixes": "applied every open {note} fix", "apply-edit-all": "applied an edit everywhere",
              "batch": "changed in a batch", "dismiss": "dismissed a finding", "annotate": "annotated",
              "delete-annotation": "deleted an annotation", "comment": "commented",
              "confirm-link": "confirmed the link"}
_NOUNS = {"edit": "the edit", "status": "the status change", "apply-fix": "the {check} fix",
          "apply-fix-all": "the {check} fix of all similar findings", "apply-check-fixes": "every open {note} fix",
          "apply-edit-all": "the edit applied everywhere", "batch": "the batch change",
          "dismiss": "the dismissal of a finding", "annotate": "the annotation",
          "delete-annotation": "the deletion of an annotation", "confirm-link": "the confirmation of the link"}
# A correction of the alignment: what it did (headline) and what its undo undid (noun), filled by _realigned.
_REALIGN = {"merge-segments": ("merged {with}", "the merge {with}"),
            "split-segment": ("split: {cut}", "the split ({cut})"),
            "move-sentence": ("moved the {sentence} to the {to} segment", "the move of the {sentence}"),
            "detach-sentence": ("detached the {sentence} into a segment of its own",
                                "the detachment of the {sentence}")}
_SIDES = {"mt": "MT", "ref": "reference", "src": "source"}
_SHORT_SIDES = {"mt": "MT", "ref": "ref", "src": "source"}


@dataclass(frozen=True, slots=True)
class Change:
    """One thing an event changed.

    ``form``: "text" (a changed phrase of user text: ``before`` → ``after``, either may be empty),
    "value" (``what``: ``before`` → ``after``, such as the status), "item" (``what`` added when
    ``before`` is None, removed when ``after`` is None, such as an annotation), "comment" (``after``
    is its text) or "note" (``what`` alone)."""

    form: str
    what: str = ""
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One event in words."""

    event: EventInfo
    headline: str
    changes: tuple[Change, ...]


def _shorten(text: str) -> str:
    if len(text) <= QUOTE_CHARS:
        return text
    half = QUOTE_CHARS // 2
    return f"{text[:half]}…{text[-half:]}"


def _fill(template: str, details: Mapping[str, Any]) -> str:
    check = details.get("check") or "QA"  # older events may not name it
    note = details.get("note") or check
    return template.format(check=check, note=note)


def sentence_numbers(ids: Sequence[int]) -> str:
    """0-based sentence ids as the app shows them: 1-based, a run as a range (``5–7``), none as "—"."""
    if not ids:
        return NO_VALUE
    numbers = [i + 1 for i in ids]
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _realigned(kind: str, before: Mapping[str, Any], after: Mapping[str, Any], noun: bool) -> str:
    """A correction of the alignment in words, from what the reviewer asked (``after["operation"]``) and the
    segments before and after (an event without the first, written before it was recorded, says less)."""
    asked: Mapping[str, Any] = after.get("operation") or {}
    old: list[Mapping[str, Any]] = before.get("segments") or []
    new: list[Mapping[str, Any]] = after.get("segments") or []
    acted = next((s for s in old if s.get("id") == asked.get("segment")), None)
    side, end = str(asked.get("side", "")), str(asked.get("end", ""))
    ids = [int(i) for i in (acted or {}).get(f"{side}_ids") or []]
    chosen = (ids[0] if end == "first" else ids[-1]) if ids else None
    sentence = (f"{end} {_SIDES.get(side, side)} sentence" + (f" ({chosen + 1})" if chosen is not None else "")
                if side and end else "a sentence")
    cut = ", ".join(f"{_SHORT_SIDES[s]} {sentence_numbers(new[0].get(f'{s}_ids') or [])} | "
                    f"{sentence_numbers(new[1].get(f'{s}_ids') or [])}"
                    for s in ("mt", "ref", "src") if len(new) == 2 and any(p.get(f"{s}_ids") for p in new))
    direction = asked.get("direction")
    values = {"with": f"with the {direction} segment" if direction else "of two segments",
              "cut": cut or "in two", "sentence": sentence, "to": "previous" if end == "first" else "next"}
    headline, what = _REALIGN[kind]
    return (what if noun else headline).format(**values)


def _links(segments: Sequence[Mapping[str, Any]]) -> str:
    """Segments as numbers with their links: ``11 (1-1) + 12 (1-0)``."""
    return " + ".join(f"{int(s.get('position', 0)) + 1} ({s.get('link')})" for s in segments)


def _annotation(data: Mapping[str, Any]) -> str:
    where = f" on '{_shorten(str(data['quote']))}'" if data.get("quote") else ""
    comment = f" ({_shorten(str(data['comment']))})" if data.get("comment") else ""
    return f"{data.get('severity')} {data.get('category')}{where}{comment}"


def _finding(finding_id: str, findings: Mapping[int, FindingInfo], check: object) -> str:
    found = findings.get(int(finding_id)) if finding_id.isdigit() else None
    if found is None:  # not looked up (a log of many segments) or gone (a glossary term removed)
        return f"a {check} finding" if check else "a finding"
    return f"{found.check} finding on '{_shorten(found.quote)}'" if found.quote else f"{found.check} finding"


def _carried_states(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """The findings whose state a correction of the alignment changed (its ``items``: where each finding was, in
    which state): by id, (before, after); the history counts them (mostly the links' "alignment uncertain")."""
    old = (before.get("items") or {}).get("findings") or {}
    new = (after.get("items") or {}).get("findings") or {}
    return {i: (str(old[i][3]), str(new[i][3])) for i in old if i in new and old[i][3] != new[i][3]}


def changes(before: Mapping[str, Any], after: Mapping[str, Any],
            findings: Mapping[int, FindingInfo]) -> tuple[Change, ...]:
    """What an event's ``before``/``after`` changed, in the order a reader wants: text, status, findings,
    annotations, comments."""
    out: list[Change] = []
    if before.get("segments") or after.get("segments"):  # a correction of the alignment: the links before → after
        out.append(Change("value", "segments", _links(before.get("segments") or []),
                          _links(after.get("segments") or [])))
    if "corrected" in before or "corrected" in after:
        pairs = changed_phrases(str(before.get("corrected") or ""), str(after.get("corrected") or ""))
        out += [Change("text", before=_shorten(a), after=_shorten(b)) for a, b in pairs[:MAX_PHRASES]]
        if len(pairs) > MAX_PHRASES:
            out.append(Change("note", f"and {len(pairs) - MAX_PHRASES} more changes"))
    if "status" in before or "status" in after:
        old, new = str(before.get("status")), str(after.get("status"))
        out.append(Change("value", "status", STATUS_LABELS.get(old, old), STATUS_LABELS.get(new, new)))
    old_states, new_states = before.get("findings") or {}, after.get("findings") or {}
    carried = Counter(states for finding_id, states in _carried_states(before, after).items()
                      if finding_id not in old_states and finding_id not in new_states)
    out += [Change("note", f"{n} finding{'s' if n != 1 else ''} {old} → {new}") for (old, new), n in carried.items()]
    for finding_id in dict.fromkeys([*old_states, *new_states]):
        out.append(Change("value", _finding(str(finding_id), findings, after.get("check") or before.get("check")),
                          str(old_states.get(finding_id)),
                          str(new_states.get(finding_id))))
    old_note, new_note = before.get("annotation"), after.get("annotation")
    if old_note or new_note:
        out.append(Change("item", "MQM annotation", _annotation(old_note) if old_note else None,
                          _annotation(new_note) if new_note else None))
    if isinstance(after.get("comment"), Mapping):
        out.append(Change("comment", after=_shorten(str(after["comment"].get("text", "")))))
    return tuple(out)


def describe(event: EventInfo, by_id: Mapping[int, EventInfo], findings: Mapping[int, FindingInfo]) -> Entry:
    """The event in words; ``by_id`` holds the events an undo may name (the undone one says what was undone)."""
    if event.kind == "undo":
        target = by_id.get(event.undoes) if event.undoes is not None else None
        if target is None:
            headline = "undid a change"
        else:
            noun = (_realigned(target.kind, target.before, target.after, noun=True) if target.kind in _REALIGN
                    else _fill(_NOUNS.get(target.kind, target.kind), target.after))
            headline = f"undid {noun} by {target.actor}"
        # The undo's after is the undone change's before: the change is told as it was made.
        return Entry(event, headline, changes(event.after, event.before, findings))
    headline = (_realigned(event.kind, event.before, event.after, noun=False) if event.kind in _REALIGN
                else _fill(_HEADLINES.get(event.kind, event.kind), event.after))
    told = changes(event.before, event.after, findings)
    if event.kind == "status":  # "set the status: to review → corrected"
        told = tuple(Change(c.form, "", c.before, c.after) if c.what == "status" else c for c in told)
    return Entry(event, headline, told)


def _change_text(change: Change) -> str:
    if change.form == "text":
        old, new = f"'{change.before}'", f"'{change.after}'"
        return f"{old} → {new}" if change.before and change.after else f"added {new}" if change.after \
            else f"removed {old}"
    if change.form == "value":
        return (f"{change.what}: " if change.what else "") + f"{change.before} → {change.after}"
    if change.form == "item":
        return f"added {change.what} {change.after}" if change.before is None \
            else f"removed {change.what} {change.before}"
    if change.form == "comment":
        return f"“{change.after}”"
    return change.what


def changes_text(entry: Entry) -> str:
    """The entry's changes as plain text (a table cell): ``'Earlier,' → 'Previously,'; status: …``."""
    return "; ".join(_change_text(c) for c in entry.changes)


def entry_text(entry: Entry) -> str:
    """The entry as one line of plain text: ``edited the text: 'Earlier,' → 'Previously,'``."""
    told = changes_text(entry)
    return f"{entry.headline}: {told}" if told else entry.headline


def _change_html(change: Change) -> str:
    if change.form != "text":
        return html.escape(_change_text(change))
    deleted = f'<del style="{DEL_STYLE}">{html.escape(change.before or "")}</del>'
    inserted = f'<ins style="{INS_STYLE}">{html.escape(change.after or "")}</ins>'
    return f"{deleted} → {inserted}" if change.before and change.after else f"added {inserted}" if change.after \
        else f"removed {deleted}"


def entry_html(entry: Entry) -> str:
    """The entry as escaped HTML: when and who, the headline, and the changes (text changes as a word diff)."""
    event = entry.event
    told = "; ".join(_change_html(c) for c in entry.changes)
    return (f'<div style="margin:.15rem 0 .45rem 0;line-height:1.45">'
            f'<span style="opacity:.65;font-size:.85em">{event.at:%Y-%m-%d %H:%M} UTC · {html.escape(event.actor)}'
            f'</span><br>{html.escape(entry.headline)}{": " + told if told else ""}</div>')


def segment_history(store: Store, segment_id: int, *, limit: int = 50) -> None:
    """The history of one segment, newest first, in an expander: what each change did, before → after."""
    with st.expander("History of this segment"):
        events = store.events(segment_id=segment_id, limit=10_000)  # all of them: an undo names an older one
        if not events:
            st.caption("No changes yet.")
            return
        by_id = {e.id: e for e in events}
        findings = {f.id: f for f in store.segment_detail(segment_id).findings}
        st.html("".join(entry_html(describe(e, by_id, findings)) for e in events[:limit]))
        if len(events) > limit:
            st.caption(f"The newest {limit} of {len(events)} changes.")

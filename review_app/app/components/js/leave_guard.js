// The corrected-text editor's guard (see leave_guard.py): nothing typed is lost on the way out.
//
// 1. A keyboard shortcut pressed inside the editor (Alt+Down, Ctrl+Enter, ...) first takes the
//    focus out of the box: Streamlit sends a text area's value only when it loses focus, so
//    without this the shortcut's button would run before, and without, the typed text.
// 2. A click on another page's link while the text the box just gave up is still being saved waits
//    for that save's run to end: Streamlit would otherwise finish the Review run after the switch
//    and take the reviewer back to Review.
// 3. Every keystroke is kept as a draft in this browser's localStorage until the store holds
//    that text (those typed before the guard was installed or had learnt of the segment shown too, as
//    that segment's: never under another); a reload, a closed tab, an
//    expired session or a crash leaves the draft, which the next render of that segment reports to
//    Python to be offered back.
//    The comment boxes of the segment (held_text.KEPT_BOXES, named in the data) are kept the same way until the
//    store has their text, and a copy is given back to its box when the box shows nothing.
// 4. An editor whose code the browser loaded after the page had run again shows nothing where the page drew text
//    (held_text.py): once the page is quiet, the guard asks for a run, which puts the text back on screen.
const EDITOR = 'textarea[aria-label="Corrected text"]';
const EDITOR_CLASS = "st-key-editor-";
const GUARDED = "review-app-guarded";  // leave_guard.py's GUARDED_CLASS
const EDITOR_HOLDER = `[class*="${EDITOR_CLASS}"]`;
const PREFIX = "review_app:draft:";
const BOX_PREFIX = "review_app:box:";
const REFOCUS = "review_app:refocus";
// Editing chords that stay inside the box (Ctrl/Cmd without Alt).
const EDITING = new Set(["a", "c", "v", "x", "z", "y", "arrowleft", "arrowright", "arrowup", "arrowdown",
                         "backspace", "delete", "home", "end", "shift", "control", "meta", "alt"]);

function draftKey(scope, segment) {
    return `${PREFIX}${scope}:${segment}`;
}

function isEditor(node) {
    return node instanceof HTMLTextAreaElement && node.matches(EDITOR);
}

const NAV_LINK = '[data-testid="stSidebarNav"] a, [data-testid="stSidebarNavLink"]';

function scriptState() {
    return document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state");
}

function replayWhenSaved(guard, link) {
    // Wait for the save's run to start and end (or give up after a few seconds), then click again.
    const started = Date.now();
    let seenRunning = false;
    const poll = () => {
        const running = scriptState() === "running";
        seenRunning = seenRunning || running;
        const waited = Date.now() - started;
        if ((running || (!seenRunning && waited < 1500)) && waited < 8000) {
            setTimeout(poll, 40);
            return;
        }
        guard.replaying = true;
        try {
            link.click();
        } finally {
            guard.replaying = false;
        }
    };
    setTimeout(poll, 40);
}

function install(guard) {
    document.documentElement.classList.add(GUARDED);  // the editor takes clicks from now on (leave_guard.py)
    document.addEventListener("focusout", (event) => {
        const box = event.target;
        if (isEditor(box) && guard.data && box.value !== guard.data.saved) guard.savingSince = Date.now();
    }, true);
    document.addEventListener("click", (event) => {
        const link = event.target instanceof Element ? event.target.closest(NAV_LINK) : null;
        if (!link || guard.replaying) return;
        const saving = guard.savingSince && Date.now() - guard.savingSince < 3000;
        if (!saving && scriptState() !== "running") return;
        guard.savingSince = 0;
        event.preventDefault();
        event.stopImmediatePropagation();
        replayWhenSaved(guard, link);
    }, true);
    window.addEventListener("keydown", (event) => {
        // Any text box (the editor, a comment, an MQM note): its text reaches the server before the key acts.
        const box = event.target;
        if (!(box instanceof HTMLTextAreaElement) || !(event.altKey || event.ctrlKey || event.metaKey)) return;
        const key = (event.key || "").toLowerCase();
        if (!event.altKey && EDITING.has(key)) return;
        if (["shift", "control", "meta", "alt"].includes(key)) return;
        if (isEditor(box)) sessionStorage.setItem(REFOCUS, "1");  // the next segment's editor gets the focus
        box.blur();
    }, true);
    document.addEventListener("input", (event) => {
        if (isEditor(event.target)) keepDraft(guard, event.target);
        else keepBox(guard, event.target);
    }, true);
}

function boxSegment(box) {
    // The segment whose editor this is: Streamlit marks the box's holder with its key, editor-<segment id>.
    const holder = box.closest(EDITOR_HOLDER);
    const name = holder ? [...holder.classList].find((c) => c.startsWith(EDITOR_CLASS)) : undefined;
    return name ? Number(name.slice(EDITOR_CLASS.length)) : null;
}

function keepDraft(guard, box) {
    const data = guard.data;
    if (!data || data.readonly) return;
    // The editor of a segment this run's guard has not reached yet (the page draws the new segment's box
    // before the guard learns of it): kept at the guard's next render (keepTyped), never as another segment's.
    const shown = boxSegment(box);
    if (shown !== null && shown !== data.segment) return;
    localStorage.setItem(draftKey(data.scope, data.segment), JSON.stringify(
        {text: box.value, base: data.version, saved: data.saved, at: new Date().toISOString()}));
}

function boxDraftKey(scope, key) {
    return `${BOX_PREFIX}${scope}:${key}`;
}

function keepBox(guard, node) {
    // A comment box of the segment shown: its text is kept until the store has it (an emptied box keeps nothing).
    const data = guard.data;
    if (!data || data.readonly || !data.boxes) return;
    if (!(node instanceof HTMLTextAreaElement || node instanceof HTMLInputElement)) return;
    const key = Object.keys(data.boxes).find((name) => node.closest(`.st-key-${name}`));
    if (!key) return;
    const storeKey = boxDraftKey(data.scope, key);
    if (node.value === "") localStorage.removeItem(storeKey);
    else localStorage.setItem(storeKey, JSON.stringify({text: node.value, at: new Date().toISOString()}));
}

function readKept(storeKey) {
    // A copy this browser keeps (a draft, a comment box's text), or null; an unreadable one is dropped.
    const raw = localStorage.getItem(storeKey);
    if (!raw) return null;
    try {
        return JSON.parse(raw);
    } catch (_error) {
        localStorage.removeItem(storeKey);
        return null;
    }
}

function settleBoxes(guard) {
    // Give a comment box back the text typed before a reload (or a closed tab, an expired session); forget a copy
    // the store has (the comment was added).
    const data = guard.data;
    if (data.readonly) return;
    guard.boxesOffered = guard.boxesOffered || {};
    const given = [];  // one trigger for all of them: a second one in the same moment would replace the first
    for (const [key, shown] of Object.entries(data.boxes || {})) {
        const storeKey = boxDraftKey(data.scope, key);
        const copy = readKept(storeKey);
        if (!copy) continue;
        if (typeof copy.text !== "string" || copy.text === (data.sent || {})[key]) {
            localStorage.removeItem(storeKey);
            continue;
        }
        const box = document.querySelector(`.st-key-${key} textarea, .st-key-${key} input`);
        if (shown !== "" || (box && box === document.activeElement) || guard.boxesOffered[storeKey] === copy.at) {
            continue;  // the box holds text (this copy's or newer), is being typed in, or was given it once
        }
        guard.boxesOffered[storeKey] = copy.at;
        given.push({key, text: copy.text});
    }
    if (given.length) guard.trigger("boxes", given);
}

function keepTyped(guard) {
    // Keys typed after the page drew the editor but before this render of the guard reached no listener
    // (the guard's script not installed yet) or were typed into the box of a segment the guard had not
    // reached: the box holds them, and the page may be reloaded before the next keystroke. Only a box
    // with the focus (being typed in: a box left has sent its text; one an action changed may show the
    // new text a moment after this render).
    const box = document.querySelector(EDITOR);
    const data = guard.data;
    if (box && box === document.activeElement && box.value !== data.saved
        && !localStorage.getItem(draftKey(data.scope, data.segment))) {
        keepDraft(guard, box);
    }
}

const REDRAW_WAIT_MS = 10000;  // how long an editor still being loaded is looked for

function typingElsewhere() {
    const node = document.activeElement;
    return (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) && !isEditor(node);
}

function redraw(guard, since) {
    const data = guard.data;
    const box = document.querySelector(EDITOR);
    // Wait for the editor, and for a quiet page: a run under way, or one the reviewer's typing in another box
    // will ask for, puts the text back by itself (an extra run then would race with the reviewer's).
    if (!box || boxSegment(box) !== data.segment || scriptState() === "running" || typingElsewhere()) {
        if (Date.now() - since < REDRAW_WAIT_MS) guard.redrawTimer = setTimeout(() => redraw(guard, since), 100);
        return;
    }
    // Once per text drawn: should the box be empty for another reason, one run is all it costs.
    const drawn = `${data.segment}:${data.version}:${data.shown}`;
    if (box.value === "" && data.shown !== "" && box !== document.activeElement && guard.redrawn !== drawn) {
        guard.redrawn = drawn;
        guard.trigger("redraw", true);
    }
}

function settle(guard) {
    settleBoxes(guard);
    const data = guard.data;
    const key = draftKey(data.scope, data.segment);
    const box = document.querySelector(EDITOR);
    if (sessionStorage.getItem(REFOCUS) && box && !box.disabled) {
        sessionStorage.removeItem(REFOCUS);
        box.focus();
        box.setSelectionRange(box.value.length, box.value.length);
    }
    const draft = readKept(key);
    if (!draft) return;
    if (draft.text === data.saved || draft.text === data.settled || data.discard === draft.at) {
        // Saved (shown saved, or saved by this session and changed since), or discarded: nothing left to keep.
        localStorage.removeItem(key);
        return;
    }
    if (box && box.value === draft.text) return;  // being typed right now: not a leftover
    if (data.offered !== draft.at) guard.trigger("draft", draft);
}

export default function (component) {
    const guard = window.__reviewAppLeaveGuard ?? (window.__reviewAppLeaveGuard = {});
    guard.data = component.data;
    guard.trigger = component.setTriggerValue;
    if (!guard.installed) {
        guard.installed = true;
        install(guard);
    }
    keepTyped(guard);
    // After the page has drawn the editor of this run.
    const timer = setTimeout(() => settle(guard), 50);
    clearTimeout(guard.redrawTimer);
    guard.redrawTimer = setTimeout(() => redraw(guard, Date.now()), 50);
    return () => {
        clearTimeout(timer);
        clearTimeout(guard.redrawTimer);
    };
}

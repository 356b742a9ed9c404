// The press guard (see press_guard.py): a press on a button acts exactly once, whatever rerun it overlaps.
//
// A click is a press and a release on the same element at the same place. A rerun drawn while the
// mouse button is down (a message above the buttons, a header that wraps, a row that grows) moves the
// pressed button or replaces its element; the release then lands elsewhere and the browser sends no
// click: the action is lost without a word.
//
// 1. A press on a button (or an expander's header) while a text box has the focus keeps the focus in the
//    box until the click:
//    Streamlit sends a box's text when it loses focus, so the press would otherwise send the text in a
//    rerun of its own, drawn while the button is held. At the click the box gives up the focus first, so
//    the text and the button's click reach the server together, in one rerun.
// 2. A press whose button a rerun moved or replaced, released where the button was when it was pressed,
//    clicks the button drawn now for the same widget (same key, same label), once. A release away from
//    where the button was is a cancelled press, as in any browser.
const TEXT_INPUTS = new Set(["text", "search", "number", "email", "url", "password"]);
const KEYED = '[class*="st-key-"]';
const CONTROL = "button, summary";  // what a click acts on: buttons, and an expander's header

function isTextBox(node) {
    if (node instanceof HTMLTextAreaElement) return !node.readOnly;
    return node instanceof HTMLInputElement && TEXT_INPUTS.has(node.type) && !node.readOnly
        && node.getAttribute("role") !== "combobox";
}

function control(event) {
    return event.target instanceof Element ? event.target.closest(CONTROL) : null;
}

function pressedControl(event) {
    const target = control(event);
    return target && !target.disabled && event.button === 0 ? target : null;
}

function widgetKey(target) {
    // Streamlit marks a keyed widget's element with the class st-key-<key>.
    const holder = target.closest(KEYED);
    return holder ? [...holder.classList].find((name) => name.startsWith("st-key-")) : undefined;
}

function label(target) {
    return target.innerText.replace(/\s+/g, "");
}

function drawnNow(press) {
    // The visible control of the same widget with the same label (a tooltip may hold a hidden copy).
    return [...document.querySelectorAll(`.${CSS.escape(press.key)} :is(${CONTROL})`)]
        .find((c) => label(c) === press.label && c.getClientRects().length > 0);
}

function moved(press) {
    if (!press.target.isConnected) return true;
    const now = press.target.getBoundingClientRect();
    return Math.abs(now.x - press.rect.x) > 1 || Math.abs(now.y - press.rect.y) > 1;
}

function inside(rect, x, y) {
    return x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom;
}

function install(guard) {
    // 1. The focus stays in the text box while a control is pressed; the click takes it out first.
    document.addEventListener("mousedown", (event) => {
        const box = document.activeElement;
        const target = pressedControl(event);
        if (!target || !isTextBox(box)) return;
        // The box's own buttons (a number input's steppers, a help icon) act on the box: left alone.
        const widget = box.closest('[data-testid="stElementContainer"]');
        if (widget && widget.contains(target)) return;
        event.preventDefault();
    }, true);
    document.addEventListener("click", (event) => {
        const target = control(event);
        if (!target) return;
        if (guard.released) guard.released.clicked = true;  // the browser's own click: nothing to make up for
        const box = document.activeElement;
        if (isTextBox(box) && !box.closest('[data-testid="stElementContainer"]')?.contains(target)) {
            box.blur();  // Streamlit queues the text; the button's click joins it in the same rerun
        }
    }, true);
    // 2. A press whose control a rerun moved or replaced.
    document.addEventListener("pointerdown", (event) => {
        const target = pressedControl(event);
        const key = target ? widgetKey(target) : undefined;
        guard.press = target && key
            ? {target, key, label: label(target), rect: target.getBoundingClientRect(), clicked: false}
            : null;
    }, true);
    document.addEventListener("pointerup", (event) => {
        const press = guard.press;
        guard.press = null;
        guard.released = press;
        if (!press) return;
        const {clientX: x, clientY: y} = event;
        // After the click that follows this release, if the browser sends one.
        setTimeout(() => {
            if (press.clicked || !inside(press.rect, x, y) || !moved(press)) return;
            const now = drawnNow(press);
            if (now && !now.disabled) now.click();
        }, 0);
    }, true);
}

export default function () {
    const guard = window.__reviewAppPressGuard ?? (window.__reviewAppPressGuard = {});
    if (!guard.installed) {
        guard.installed = true;
        install(guard);
    }
}

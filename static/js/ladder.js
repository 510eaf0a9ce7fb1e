// Ladder niceties on top of htmx. Every page works without this file: the
// "Move earlier/later" buttons are plain forms, and dragging is only a shortcut.
"use strict";

(() => {
  // htmx replaces the region a clicked button lives in, which would drop keyboard
  // focus to the top of the page. Put it back on the same control, or, if that
  // control is now disabled (a step moved to the top), on its step's title.
  let focusKey = null;
  let focusStep = null;

  document.addEventListener("htmx:beforeRequest", () => {
    const active = document.activeElement;
    focusKey = active?.dataset?.focusKey ?? null;
    focusStep = active?.dataset?.focusStep ?? null;
  });

  document.addEventListener("htmx:afterSettle", () => {
    if (!focusKey) return;
    const same = document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
    if (same && !same.disabled) {
      same.focus();
    } else if (focusStep) {
      document.querySelector(`#step-${CSS.escape(focusStep)} .step-card__title`)?.focus();
    }
    focusKey = focusStep = null;
  });

  // Drag a step by its handle (mouse, pen or touch). On release the new order is
  // posted by the ladder's reorder form, whose hidden inputs follow the items.
  function enableDrag(list) {
    const form = document.getElementById(list.dataset.reorderForm);
    if (!form) return;
    for (const handle of list.querySelectorAll(".drag-handle")) handle.hidden = false;

    list.addEventListener("pointerdown", (event) => {
      const handle = event.target.closest(".drag-handle");
      if (!handle) return;
      const item = handle.closest("li");
      const before = [...list.children].indexOf(item);
      event.preventDefault();
      item.classList.add("is-dragging");

      // Listen on the document, not the handle: moving the item in the DOM releases
      // any pointer capture, and the release must still end the drag.
      const move = (e) => {
        // Near the top or bottom edge, scroll, so a long ladder can be crossed.
        const edge = 48;
        if (e.clientY < edge) window.scrollBy(0, -16);
        else if (e.clientY > window.innerHeight - edge) window.scrollBy(0, 16);
        const over = document.elementFromPoint(e.clientX, e.clientY)?.closest("li");
        if (!over || over === item || over.parentElement !== list) return;
        const box = over.getBoundingClientRect();
        list.insertBefore(item, e.clientY > box.top + box.height / 2 ? over.nextSibling : over);
      };
      const end = () => {
        document.removeEventListener("pointermove", move);
        document.removeEventListener("pointerup", end);
        document.removeEventListener("pointercancel", end);
        item.classList.remove("is-dragging");
        if ([...list.children].indexOf(item) !== before) htmx.trigger(form, "ladder-reorder");
      };
      document.addEventListener("pointermove", move);
      document.addEventListener("pointerup", end);
      document.addEventListener("pointercancel", end);
    });
  }

  // Registered now, before htmx starts on DOMContentLoaded (both scripts are deferred,
  // htmx first), so this runs for the page and again for each swapped-in ladder.
  if (typeof htmx !== "undefined") {
    htmx.onLoad((root) => {
      const lists = root.matches?.("[data-reorder-form]") ? [root] : [];
      lists.push(...(root.querySelectorAll?.("[data-reorder-form]") ?? []));
      lists.forEach(enableDrag);
    });
  }
})();

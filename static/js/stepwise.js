// Small progressive enhancements. Every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Pre-fill an unset time zone picker with the browser's own zone, if we list it.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const select of document.querySelectorAll("select[data-browser-timezone]")) {
    if (select.value === "" && zone && select.querySelector(`option[value="${CSS.escape(zone)}"]`)) {
      select.value = zone;
    }
  }
});

// A figure already in a box (the planned minutes, a suggested ladder's numbers) is
// selected when the box gets focus, so typing replaces it: a click used to leave the
// caret after it, and 20 followed by 25 became 2025. Delegated from the document, so
// forms swapped in by htmx get it too.
let selectedByFocus = null;
document.addEventListener("focusin", (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.matches("[data-select-on-focus]") && input.value !== "") {
    input.select();
    selectedByFocus = input;
  }
});
// The mouseup that ends the focusing click would put the caret back at the click point.
document.addEventListener("mouseup", (event) => {
  if (event.target === selectedByFocus) {
    event.preventDefault();
  }
  selectedByFocus = null;
});

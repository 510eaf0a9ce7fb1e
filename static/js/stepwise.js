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

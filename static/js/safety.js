// Small helpers for the safety plan pages. Everything works without this file:
// the print buttons stay hidden (the browser's own Print works), the link can be
// copied by hand.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }

  for (const button of document.querySelectorAll("[data-copy]")) {
    const input = document.getElementById(button.dataset.copy);
    const said = document.querySelector("[data-copy-said]");
    if (!input || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(input.value);
        if (said) said.textContent = "Copied. Paste it somewhere only you can see.";
      } catch {
        input.select();
        if (said) said.textContent = "Select the link above and copy it.";
      }
    });
  }
});

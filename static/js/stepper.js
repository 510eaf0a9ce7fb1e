// − and + around a number field (templates/forms/widgets/stepper.html). The field
// works alone; this shows the buttons and makes them count, within the field's own
// min and max, so the server's bounds and the buttons' agree.
"use strict";

(() => {
  const say = (text) => document.dispatchEvent(new CustomEvent("stepwise:say", { detail: text }));

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-stepper-step]");
    const input = button?.closest("[data-stepper]")?.querySelector("input");
    if (!input) return;
    const step = Number(button.dataset.stepperStep);
    const min = input.min === "" ? -Infinity : Number(input.min);
    const max = input.max === "" ? Infinity : Number(input.max);
    const now = Number.parseInt(input.value, 10);
    // An empty field counts from nothing: + gives 1, − gives 0.
    const next = Number.isNaN(now) ? Math.max(step, 0) : now + step;
    input.value = String(Math.min(max, Math.max(min, next)));
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    // The buttons keep focus, so a screen reader would not hear the new number.
    say(input.value);
  });

  // Registered before htmx starts (both deferred, htmx first): runs for the page and
  // for each swapped-in form.
  const show = (root) => {
    for (const button of root.querySelectorAll?.("[data-stepper] [data-stepper-step]") ?? []) {
      button.hidden = false;
    }
  };
  if (typeof htmx !== "undefined") htmx.onLoad(show);
  else document.addEventListener("DOMContentLoaded", () => show(document));
})();

// After htmx swaps in new content, keyboard focus must not fall to the page body
// (the button pressed was usually inside the content replaced), and what happened
// must be heard. Every page works without this file: without JavaScript nothing is
// swapped; each form posts and the page loads again.
//
// Where focus goes, first that applies:
//  1. it stayed on something still on the page (htmx keeps a control with the same
//     id; [autofocus] in the new content is focused by htmx itself): leave it;
//  2. the element marked data-focus-after-swap in the new content (a confirmation);
//  3. the first field the server marked invalid (its message is read with it);
//  4. the new content's first heading, else the new content itself.
// What is heard: the text of [data-announce] in the new content, said by the one
// live region in templates/base.html, which is never inside swapped content (a live
// region that arrives with its own text is often not read at all).
"use strict";

(() => {
  const region = () => document.getElementById("swap-said");
  let clearing = null;

  function say(text) {
    const live = region();
    if (!live || !text) return;
    // Emptied first, then filled a moment later, so saying the same words twice
    // ("Saved.") is heard twice.
    live.textContent = "";
    clearTimeout(clearing);
    clearing = setTimeout(() => {
      live.textContent = text;
    }, 50);
  }

  const find = (root, selector) => (root.matches(selector) ? root : root.querySelector(selector));
  const words = (element) => element.textContent.replace(/\s+/g, " ").trim();

  function focusTarget(root) {
    return (
      find(root, "[data-focus-after-swap]") ??
      find(root, '[aria-invalid="true"]') ??
      find(root, "h1, h2, h3, h4") ??
      root
    );
  }

  function placeFocus(root) {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const target = focusTarget(root);
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) {
      // Focusable by script only: not added to the Tab order.
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
    const calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ block: "nearest", behavior: calm ? "auto" : "smooth" });
  }

  document.addEventListener("htmx:afterSettle", (event) => {
    const root = event.target;
    if (!(root instanceof Element) || !root.isConnected) return;
    const news = find(root, "[data-announce]");
    if (news) say(words(news));
    placeFocus(root);
  });

  // Other scripts speak through the same region (static/js/stepper.js).
  document.addEventListener("stepwise:say", (event) => say(String(event.detail)));
})();

// Exit this page: the button at the top of every page, or Shift pressed three times,
// swaps Stepwise for a neutral website. Learned from the GOV.UK Design System's
// "Exit this page" component, researched with survivors of domestic abuse.
//
// Without this file the button is still a plain link to the same place. With it, the
// page is *replaced* (location.replace), so the browser's Back button does not return.
"use strict";

(() => {
  const PRESSES = 3;
  const WAIT_MS = 5000; // longer than this between two presses starts the count again
  const WORDS = {
    leaving: "Loading.",
    twoMore: "Shift, press 2 more times to exit.",
    oneMore: "Shift, press 1 more time to exit.",
    timedOut: "Exit this page timed out.",
  };

  const root = document.querySelector("[data-exit-this-page]");
  const button = root && root.querySelector("a.exit-this-page__button");
  if (!button) {
    return;
  }

  let count = 0;
  let countTimer = null;
  let messageTimer = null;
  // True from a Shift keydown until something other than Shift happens. A Shift used to
  // type a capital (Shift down, H, Shift up) never counts, in whichever order the
  // keys come back up.
  let shiftAlone = false;
  let overlay = null;

  const status = document.createElement("span");
  status.className = "visually-hidden";
  // A polite live region, not role="status": the page keeps its one status role
  // for what the person just did ("Kept as a win."), and this only counts presses.
  status.setAttribute("aria-live", "polite");
  root.appendChild(status);

  const indicator = document.createElement("span");
  indicator.className = "exit-this-page__indicator";
  indicator.setAttribute("aria-hidden", "true");
  for (let i = 0; i < PRESSES; i += 1) {
    const light = document.createElement("span");
    light.className = "exit-this-page__light";
    indicator.appendChild(light);
  }
  button.appendChild(indicator);

  function showCount() {
    indicator.classList.toggle("exit-this-page__indicator--visible", count > 0);
    indicator.querySelectorAll(".exit-this-page__light").forEach((light, index) => {
      light.classList.toggle("exit-this-page__light--on", index < count);
    });
  }

  function clearTimers() {
    window.clearTimeout(countTimer);
    window.clearTimeout(messageTimer);
    countTimer = null;
    messageTimer = null;
  }

  function startAgain({ announce }) {
    const wasCounting = count > 0;
    clearTimers();
    count = 0;
    showCount();
    status.textContent = announce && wasCounting ? WORDS.timedOut : "";
    if (status.textContent) {
      messageTimer = window.setTimeout(() => {
        status.textContent = "";
      }, WAIT_MS);
    }
  }

  function leave() {
    clearTimers();
    status.textContent = "";
    // Hide everything at once, for eyes, screen readers and the Tab key alike, in case
    // the next site is slow to arrive.
    document.body.classList.add("exit-this-page--leaving");
    overlay = document.createElement("div");
    overlay.className = "exit-this-page-overlay";
    overlay.setAttribute("role", "alert");
    document.body.appendChild(overlay);
    // Text after insertion: screen readers announce a change more reliably.
    overlay.textContent = WORDS.leaving;
    // Take any offline copy of the safety plan with us (static/js/offline.js), but
    // never let it hold the person here for more than a moment.
    const forgotten = window.StepwiseOffline ? window.StepwiseOffline.forget() : null;
    const waited = new Promise((resolve) => window.setTimeout(resolve, 500));
    Promise.race([Promise.resolve(forgotten).catch(() => {}), waited]).then(() => {
      window.location.replace(button.href);
    });
  }

  button.addEventListener("click", (event) => {
    // Also for Ctrl/Cmd-click: a new tab would leave this one showing.
    event.preventDefault();
    leave();
  });

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Shift") {
        if (!event.repeat) {
          shiftAlone = true;
        }
        return;
      }
      // Any other key (typing, or Shift held for a capital) breaks the sequence.
      shiftAlone = false;
      if (count > 0) {
        startAgain({ announce: false });
      }
    },
    true,
  );

  document.addEventListener(
    "keyup",
    (event) => {
      if (event.key !== "Shift") {
        return;
      }
      const counts = shiftAlone && !event.isComposing;
      shiftAlone = false;
      if (!counts) {
        return;
      }
      count += 1;
      showCount();
      if (count >= PRESSES) {
        count = 0;
        leave();
        return;
      }
      window.clearTimeout(messageTimer);
      status.textContent = count === 1 ? WORDS.twoMore : WORDS.oneMore;
      window.clearTimeout(countTimer);
      countTimer = window.setTimeout(() => startAgain({ announce: true }), WAIT_MS);
    },
    true,
  );

  // Shift-click (selecting text) is not a press of Shift on its own.
  document.addEventListener(
    "pointerdown",
    () => {
      shiftAlone = false;
    },
    true,
  );

  // A browser may restore this page from its cache (another tab's Back, say): give the
  // person a usable page, not the blank one shown while leaving.
  window.addEventListener("pageshow", () => {
    document.body.classList.remove("exit-this-page--leaving");
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    startAgain({ announce: false });
  });
})();

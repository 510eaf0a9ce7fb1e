// The breathing pacer. Without this file the page still reads the counts in words.
// Under prefers-reduced-motion the circle is never shown or moved (see grounding.css):
// the pacer is the phase and the count, in text only.
"use strict";

(() => {
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  const LIMITS = { inhale: [2, 10], hold: [0, 10], exhale: [2, 12] };

  function count(settings, pacer, name) {
    const [low, high] = LIMITS[name];
    // A hold only when its box is ticked (without the settings form, as the server said).
    const withHold = settings?.elements.with_hold;
    if (name === "hold" && withHold && !withHold.checked) return 0;
    const typed = Number.parseInt(settings?.elements[name]?.value ?? "", 10);
    const value = Number.isFinite(typed) ? typed : Number.parseInt(pacer.dataset[name], 10);
    return Math.min(high, Math.max(low, value));
  }

  function setupPacer(pacer) {
    const circle = pacer.querySelector("[data-pacer-circle]");
    const phaseText = pacer.querySelector("[data-pacer-phase]");
    const countText = pacer.querySelector("[data-pacer-count]");
    const toggle = pacer.querySelector("[data-pacer-toggle]");
    const sound = pacer.querySelector("[data-pacer-sound]");
    const speak = pacer.querySelector("[data-pacer-speak]");
    const settings = document.querySelector("[data-pacer-settings]");
    let timer = null;
    let audio = null;

    // Counts are read at the start of every round, so a changed setting applies
    // from the next breath without a reload.
    const phases = () =>
      [
        ["in", "Breathe in", count(settings, pacer, "inhale")],
        ["hold", "Hold", count(settings, pacer, "hold")],
        ["out", "Breathe out", count(settings, pacer, "exhale")],
      ].filter(([, , seconds]) => seconds > 0);

    function tone() {
      // Sound only when the person ticked the box; never by default.
      if (!sound.checked) return;
      audio ??= new AudioContext();
      const now = audio.currentTime;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = 392;
      gain.gain.setValueAtTime(0.0001, now);
      gain.gain.exponentialRampToValueAtTime(0.06, now + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.6);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(now);
      oscillator.stop(now + 0.65);
    }

    function showPhase([kind, label, seconds]) {
      phaseText.textContent = `${label} for ${seconds}`;
      pacer.dataset.phase = kind;
      if (!reduceMotion.matches) {
        // CSSOM, not a style attribute: allowed by our Content Security Policy.
        circle.style.transitionDuration = `${seconds}s`;
        circle.classList.toggle("pacer__circle--full", kind !== "out");
      }
      tone();
    }

    function start() {
      let round = phases();
      let index = 0;
      let left = round[0][2];
      showPhase(round[0]);
      countText.textContent = left;
      timer = window.setInterval(() => {
        left -= 1;
        if (left <= 0) {
          index += 1;
          if (index >= round.length) {
            round = phases();
            index = 0;
          }
          left = round[index][2];
          showPhase(round[index]);
        }
        countText.textContent = left;
      }, 1000);
      toggle.textContent = "Pause";
    }

    function stop() {
      window.clearInterval(timer);
      timer = null;
      phaseText.textContent = "Paused. Start again whenever you like.";
      countText.textContent = "";
      delete pacer.dataset.phase;
      circle.style.transitionDuration = "1s";
      circle.classList.remove("pacer__circle--full");
      toggle.textContent = "Start breathing";
    }

    // Keep the counts in words in step with what is typed, before any reload.
    settings?.addEventListener("input", () => {
      for (const name of Object.keys(LIMITS)) {
        for (const span of document.querySelectorAll(`[data-count="${name}"]`)) {
          span.textContent = count(settings, pacer, name);
        }
      }
      const holdStep = document.querySelector("[data-hold-step]");
      if (holdStep) holdStep.hidden = count(settings, pacer, "hold") === 0;
    });

    // The phase is read out only when the person asks for it.
    speak.addEventListener("change", () => {
      phaseText.setAttribute("aria-live", speak.checked ? "polite" : "off");
    });

    toggle.addEventListener("click", () => (timer ? stop() : start()));
    pacer.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-pacer]").forEach(setupPacer);
  });
})();

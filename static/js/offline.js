// The offline copy of the safety plan and the grounding tools, kept only when the
// person asks for it on this device ("Keep a copy on this phone" on the safety plan).
// The choice lives here, in the browser: the copy *is* the cache, and no cache means
// the service worker (/sw.js, planner/views/offline.py) answers nothing from it.
//
// The copy goes away when the person turns it off, signs out (here, before the form
// is sent; the sign-out response's Clear-Site-Data header backs this up) or uses
// Exit this page (static/js/exit.js calls StepwiseOffline.forget()).
"use strict";

(() => {
  const CACHE = "stepwise-offline-v1";
  const PREFIX = "stepwise-offline";
  const script = document.currentScript;
  const supported =
    Boolean(script) && window.isSecureContext && "serviceWorker" in navigator && "caches" in window;
  const WORDS = {
    kept: "A copy is kept on this phone. Your plan and the grounding tools open without a connection.",
    notKept: "The copy could not be saved, so nothing was kept on this phone. You can try again.",
    removed: "The copy was removed from this phone.",
  };

  // Set while the person wants a copy, so a refresh still in flight when they turn it
  // off (or leave) never writes the copy back.
  let wanted = false;

  async function forget() {
    wanted = false;
    if (!supported) return;
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(PREFIX)).map((name) => caches.delete(name)));
    const registrations = await navigator.serviceWorker.getRegistrations();
    await Promise.all(registrations.map((registration) => registration.unregister()));
  }

  window.StepwiseOffline = { forget };
  if (!supported) return;

  // The static files a page needs (styles, scripts, icons, images), ours only.
  function filesOf(doc) {
    const staticUrl = new URL(script.dataset.static, window.location.href);
    const found = [];
    for (const node of doc.querySelectorAll(
      "link[rel~='stylesheet'][href], link[rel~='icon'][href], script[src], img[src]",
    )) {
      const url = new URL(node.getAttribute("href") || node.getAttribute("src"), window.location.href);
      if (url.origin === staticUrl.origin && url.pathname.startsWith(staticUrl.pathname)) {
        found.push(url.origin + url.pathname);
      }
    }
    return found;
  }

  async function save(pages) {
    wanted = true;
    await navigator.serviceWorker.register(script.dataset.worker, { scope: "/" });
    await navigator.serviceWorker.ready;
    // 1. Fetch everything first, so a failure leaves no half copy behind.
    const files = new Set(filesOf(document));
    const kept = [];
    for (const page of pages) {
      const response = await fetch(page, { credentials: "same-origin", cache: "no-cache" });
      if (!response.ok || response.redirected) throw new Error(`Could not fetch ${page}`);
      const html = await response.clone().text();
      filesOf(new DOMParser().parseFromString(html, "text/html")).forEach((file) => files.add(file));
      kept.push([page, response]);
    }
    for (const file of files) {
      const response = await fetch(file, { cache: "no-cache" });
      if (!response.ok) throw new Error(`Could not fetch ${file}`);
      kept.push([file, response]);
    }
    // 2. Then write the copy, unless the person changed their mind meanwhile.
    if (!wanted) return;
    const cache = await caches.open(CACHE);
    await Promise.all(kept.map(([url, response]) => cache.put(url, response)));
    if (!wanted) await caches.delete(CACHE);
  }

  // Sign-out: clear the copy before the form goes, then send it.
  const logoutPath = new URL(script.dataset.logout, window.location.href).pathname;
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || new URL(form.action).pathname !== logoutPath) return;
    event.preventDefault();
    const waited = new Promise((resolve) => window.setTimeout(resolve, 1000));
    Promise.race([forget().catch(() => {}), waited]).then(() => form.submit());
  });

  // The control on the safety plan page.
  const control = document.querySelector("[data-offline-copy]");
  if (!control) return;
  const keep = control.querySelector("[data-offline-keep]");
  const remove = control.querySelector("[data-offline-remove]");
  const said = control.querySelector("[data-offline-said]");
  const pages = control.dataset.offlinePages.split(" ");

  function show(isKept) {
    keep.hidden = isKept;
    remove.hidden = !isKept;
  }

  control.hidden = false;
  caches.has(CACHE).then((isKept) => {
    show(isKept);
    // Visiting the plan online refreshes the copy, so it never falls far behind.
    if (isKept) save(pages).catch(() => {});
  });

  keep.addEventListener("click", async () => {
    keep.disabled = true;
    try {
      await save(pages);
      show(true);
      remove.focus();
      said.textContent = WORDS.kept;
    } catch {
      await forget().catch(() => {});
      show(false);
      said.textContent = WORDS.notKept;
    } finally {
      keep.disabled = false;
    }
  });

  remove.addEventListener("click", async () => {
    await forget();
    show(false);
    keep.focus();
    said.textContent = WORDS.removed;
  });
})();

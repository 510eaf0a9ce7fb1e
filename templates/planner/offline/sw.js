// Stepwise's service worker: the offline copy of the safety plan and the grounding
// tools. It never writes to a cache. Only the person's "Keep a copy on this phone"
// (static/js/offline.js) fills the cache, and turning it off, signing out or Exit
// this page deletes it. Without that cache, every request goes to the network as if
// this worker were not here. Rendered by planner/views/offline.py.
"use strict";

const CACHE = "stepwise-offline-v1";
const PAGES = {{ pages|safe }};
const STATIC_URL = {{ static_url|safe }};

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function isKept(request) {
  if (request.method !== "GET") return false;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.startsWith(STATIC_URL)) return true;
  return request.mode === "navigate" && PAGES.includes(url.pathname);
}

async function networkThenCopy(request) {
  try {
    return await fetch(request);
  } catch (error) {
    // Offline: the copy, if the person kept one on this device; otherwise the
    // browser's own offline page.
    if (await caches.has(CACHE)) {
      const cache = await caches.open(CACHE);
      const url = new URL(request.url);
      const kept = await cache.match(url.origin + url.pathname, { ignoreVary: true });
      if (kept) return kept;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  if (isKept(event.request)) {
    event.respondWith(networkThenCopy(event.request));
  }
});

// The course's service worker, written into the site by hooks/offline_hook.py from
// hooks/templates/sw.js at every build: do not edit the copy in site/.
//
// Install: store every file the course needs (all of them, or nothing), a few at a time.
// Activate: drop this site's older versions. Fetch: same-origin GETs under the site root come
// from the store first, the network otherwise. Everything is relative to where sw.js sits, so
// the course works from any static host and any sub-path (/course/).
{% if precache %}
const VERSION = {{ version | tojson }};
const FILES = {{ files | tojson(indent=0) }};
const FALLBACK = {{ fallback | tojson }};
{% else %}
// `mkdocs serve`: no offline store, so authors always see their latest edit. This worker
// only removes what a build of the course stored on this origin before.
const VERSION = null;
const FILES = [];
const FALLBACK = null;
{% endif %}
const ROOT = new URL("./", self.location).href;
const PREFIX = `exosome-cme-offline ${ROOT} `; // one course per root, even on a shared origin
const CACHE = PREFIX + VERSION;
// Files fetched at once: small batches leave the connection to the pages the learner opens
// while the copy downloads (a phone on a hospital network has little to spare).
const BATCH = 4;

async function download(cache, file) {
  const url = new URL(file, ROOT);
  let problem;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      // A redirected response cannot answer a navigation: keep only its body and headers.
      const stored = response.redirected
        ? new Response(await response.blob(), { headers: response.headers })
        : response;
      await cache.put(url, stored);
      return;
    } catch (error) {
      problem = error;
    }
  }
  throw problem;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    if (VERSION !== null) {
      const cache = await caches.open(CACHE);
      try {
        for (let start = 0; start < FILES.length; start += BATCH) {
          await Promise.all(FILES.slice(start, start + BATCH).map((file) => download(cache, file)));
        }
      } catch (error) {
        await caches.delete(CACHE); // half a course is no offline course; retried next visit
        throw error;
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The page asks whether the whole course is stored (offline.js shows it in the footer).
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "offline-status" || !event.ports[0]) return;
  event.waitUntil((async () => {
    let stored = 0;
    if (VERSION !== null && (await caches.has(CACHE))) {
      stored = (await (await caches.open(CACHE)).keys()).length;
    }
    event.ports[0].postMessage({ version: VERSION, ready: VERSION !== null && stored >= FILES.length });
  })());
});

// Where a file may be stored: pages by folder ("modules/x/"), whatever the link said. A page
// asked for without its final slash ("modules/x") is sent to the address with it, as a web
// server does: the page's relative links, and the scope Material keeps the learner's choices
// under (dark mode), are only right there.
function candidates(request) {
  const url = new URL(request.url);
  url.hash = "";
  const found = [{ key: url.href }];
  if (request.mode === "navigate" && url.search) {
    url.search = "";
    found.push({ key: url.href });
  }
  if (url.pathname.endsWith("/index.html")) {
    url.pathname = url.pathname.slice(0, -"index.html".length);
    found.push({ key: url.href });
  } else if (!url.pathname.endsWith("/") && !/\.[^/]*$/.test(url.pathname)) {
    url.pathname += "/";
    const moved = new URL(request.url);
    moved.pathname = url.pathname;
    found.push({ key: url.href, redirect: moved.href });
  }
  return found;
}

async function respond(event) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  for (const { key, redirect } of candidates(request)) {
    const hit = await cache.match(key, { ignoreVary: true });
    if (hit && redirect && request.mode === "navigate") return Response.redirect(redirect, 301);
    if (hit) return hit;
  }
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      event.waitUntil(cache.put(request, response.clone()).catch(() => {}));
    }
    return response;
  } catch (error) {
    if (request.mode === "navigate" && FALLBACK) {
      const page = await cache.match(new URL(FALLBACK, ROOT).href);
      if (page) return page;
    }
    throw error;
  }
}

if (VERSION !== null) {
  self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET" || !request.url.startsWith(ROOT)) return;
    if (request.headers.has("range")) return; // partial content: leave it to the network
    event.respondWith(respond(event));
  });
}

// Offline use: registers the course's service worker (sw.js at the site root, written by
// hooks/offline_hook.py) and, once the whole course is stored in this browser, says so in
// one quiet line of the footer. Does nothing where service workers are unavailable (file://,
// plain http on a non-local host, old browsers, or when a policy blocks them).

import { siteRoot } from "./site.js";

const LINE_CLASS = "course-offline-status";
let ready = false;

function supported() {
  const container = navigator.serviceWorker;
  return Boolean(container && typeof container.register === "function") &&
    /^https?:$/.test(window.location.protocol);
}

// Material swaps the footer on instant navigation, so the line is put back on every page.
function showLine(doc = document) {
  if (!ready) return;
  const footer = doc.querySelector(".md-footer-meta .md-copyright") || doc.querySelector(".md-footer-meta");
  if (!footer || footer.querySelector(`.${LINE_CLASS}`)) return;
  const line = doc.createElement("div");
  line.className = LINE_CLASS;
  line.textContent = "Available offline";
  footer.append(line);
}

function askStatus(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 5000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.postMessage({ type: "offline-status" }, [channel.port2]);
  });
}

async function register() {
  const root = siteRoot();
  try {
    await navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname });
    const registration = await navigator.serviceWorker.ready;
    if (!registration.active) return;
    const status = await askStatus(registration.active);
    ready = Boolean(status && status.ready);
    showLine();
  } catch {
    // Not offline-capable here; the course works online exactly as before.
  }
}

if (supported()) {
  if (window.document$) window.document$.subscribe(() => showLine());
  // After the page and its assets, so the download never competes with the first paint.
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}

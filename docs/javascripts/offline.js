// Offline use: registers the course's service worker (sw.js at the site root, written by
// hooks/offline_hook.py), which stores the whole course, and says so in one quiet line of the
// footer once it is stored. Does nothing where service workers are unavailable (file://, plain
// http on a non-local host, old browsers, or when a policy blocks them).
//
// The copy never competes with the page the learner opened: nothing is registered before the
// page's load event, and then only once the browser is idle. Where the download would cost the
// learner (the browser asks to save data, a mobile-data or 2G connection: Network Information
// API), the course is not downloaded unasked: the footer offers a button instead, and a
// learner who pressed it once keeps the copy, kept up to date, on later visits.

import { onEveryPage, siteRoot } from "./site.js";

const LINE_CLASS = "course-offline-status";
// What the footer line says: nothing yet, the offer, the download under way, or done.
let state = "none";

function supported() {
  const container = navigator.serviceWorker;
  return Boolean(container && typeof container.register === "function") &&
    /^https?:$/.test(window.location.protocol);
}

// Why the copy is not downloaded unasked here, as the footer says it; "" when it may be.
function heldBack() {
  const connection = navigator.connection;
  if (!connection) return "";
  if (connection.saveData) return "your browser is saving data";
  if (connection.metered || connection.type === "cellular") return "you are on mobile data";
  if (/(^|-)2g$/.test(connection.effectiveType || "")) return "your connection is slow";
  return "";
}
let reason = "";

function lineContent(doc) {
  if (state === "ready") return ["Available offline"];
  if (state === "downloading") return ["Saving the course for offline use…"];
  if (state !== "offer") return [];
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "course-offline-save";
  button.textContent = "Save the course for offline use";
  button.addEventListener("click", () => {
    state = "downloading";
    showLine(doc);
    const line = doc.querySelector(`.${LINE_CLASS}`);
    if (line) {
      line.setAttribute("role", "status"); // "Available offline" is announced when it comes
      line.tabIndex = -1; // focus moves from the button that is gone to the line that replaced it
      line.focus();
    }
    register();
  });
  return [button, ` (${reason}, so it was not downloaded automatically)`];
}

// Material swaps the footer on instant navigation, so the line is put back on every page.
function showLine(doc = document) {
  const footer = doc.querySelector(".md-footer-meta .md-copyright") || doc.querySelector(".md-footer-meta");
  if (!footer) return;
  let line = footer.querySelector(`.${LINE_CLASS}`);
  const content = lineContent(doc);
  if (!content.length) {
    line?.remove();
    return;
  }
  if (!line) {
    line = doc.createElement("div");
    line.className = LINE_CLASS;
    footer.append(line);
  }
  if (line.dataset.state !== state) {
    line.dataset.state = state;
    line.replaceChildren(...content);
  }
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
    if (status && status.ready) state = "ready";
    else if (state === "downloading") state = "offer"; // it failed: the learner may try again
    showLine();
  } catch {
    // Not offline-capable here; the course works online exactly as before.
    if (state === "downloading") {
      state = "none";
      showLine();
    }
  }
}

async function start() {
  reason = heldBack();
  if (!reason) return register();
  const root = siteRoot();
  const earlier = await navigator.serviceWorker.getRegistration(root.href).catch(() => null);
  if (earlier) return register(); // the learner asked for the copy on an earlier visit
  state = "offer";
  showLine();
}

// After the load event, once the browser has nothing more urgent to do (at most 5 s later);
// where requestIdleCallback is missing (Safari), 1 s after the load event.
function whenIdle(go) {
  const later = () => (window.requestIdleCallback
    ? window.requestIdleCallback(go, { timeout: 5000 })
    : window.setTimeout(go, 1000));
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
}

// Every page the learner opens asks whether a new build was published (the browser compares
// sw.js, about 2 KB compressed, byte for byte; a new one installs, takes over and the next
// page opened is the new build). The browser checks by itself only when a page loads, and
// Material's instant navigation loads none: without this an open browser kept the old course.
let views = 0;
function checkForUpdate() {
  views += 1;
  if (views === 1) return; // this page's own load was checked by the browser
  navigator.serviceWorker.getRegistration(siteRoot().href)
    .then((registration) => registration?.update())
    .catch(() => {}); // offline, or the host is down: the stored course goes on serving
}

if (supported()) {
  onEveryPage(() => {
    showLine();
    checkForUpdate();
  });
  whenIdle(start);
}

// Material for MkDocs downloads the whole search index (about 55 KB compressed) and its search
// worker (12 KB) on every first visit, before anyone has searched: more than the rest of a page.
// This script holds both back until the learner reaches for search (focuses the search box,
// opens it with the search button or a keyboard shortcut) or arrives with a search term in the
// address (?q= to search, ?h= to highlight). Material then goes on exactly as it would have,
// showing "Initializing search" for the moment the index takes to arrive.
//
// It is a classic script, not an ES module, because it must run before Material's bundle
// (modules run after it); main.html loads it just before the bundle.
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const WORKER = /\/workers\/search\.[^/]*\.js$/;
  const waiting = [];
  let wanted = false;

  const pathOf = (url) => new URL(String(url), window.location.href).pathname;

  function want() {
    if (wanted) return;
    wanted = true;
    for (const go of waiting.splice(0)) go();
  }

  // Material asks for the index with XMLHttpRequest; its send() waits here until search is wanted.
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.courseSearchIndex = INDEX.test(pathOf(url));
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (wanted || !this.courseSearchIndex) return send.call(this, body);
    waiting.push(() => {
      if (this.readyState === XMLHttpRequest.OPENED) send.call(this, body);
    });
  };

  // Material talks to its worker only once the index has arrived, so a stand-in that starts the
  // real worker on the first message defers the worker's download along with the index.
  const RealWorker = window.Worker;
  if (RealWorker) {
    class WorkerOnDemand extends EventTarget {
      #args;
      #worker = null;

      constructor(url, options) {
        super();
        // Resolved now: Material's address is relative to this page, and instant navigation
        // may have moved to another page by the time the worker starts.
        this.#args = [new URL(String(url), window.location.href).href, options];
      }

      postMessage(...message) {
        this.#start().postMessage(...message);
      }

      terminate() {
        this.#worker?.terminate();
      }

      #start() {
        if (!this.#worker) {
          this.#worker = new RealWorker(...this.#args);
          this.#worker.addEventListener("message", (event) =>
            this.dispatchEvent(new MessageEvent("message", { data: event.data })));
          this.#worker.addEventListener("error", () => this.dispatchEvent(new Event("error")));
        }
        return this.#worker;
      }
    }

    const Worker = function Worker(url, options) {
      return WORKER.test(pathOf(url)) ? new WorkerOnDemand(url, options) : new RealWorker(url, options);
    };
    Worker.prototype = RealWorker.prototype;
    window.Worker = Worker;
  }

  const params = new URLSearchParams(window.location.search);
  if (params.has("q") || params.has("h")) want();
  // Capturing listeners on the document survive Material's instant navigation, which swaps
  // the page's content but not the document.
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.matches("[data-md-component=search-query]")) want();
  }, true);
  document.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.id === "__search" && event.target.checked) want();
  }, true);
})();

// The shell's router: keeps the address bar and the kernel's view in step.
// A click on a link to a kit view, and the browser's Back and Forward, become a message
// to the kernel instead of a new page (and a new kernel). The kernel answers by setting
// `href` (with `mode` push or replace) once the new view is on screen.

const BEAT_MS = 20000;

function sameView(url, routes) {
  return url.origin === window.location.origin && routes.includes(url.pathname);
}

function here() {
  return window.location.pathname + window.location.search;
}

function focusView(el, seq) {
  // The new view's widgets render a moment after the message: wait for its heading.
  let tries = 0;
  const find = () => {
    const view = document.querySelector(`.pgkit-view-${seq}`);
    const heading = view && view.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      window.scrollTo(0, 0);
      document.body.classList.remove("pgkit-navigating");
    } else if (tries++ < 100) {
      window.setTimeout(find, 30);
    } else {
      document.body.classList.remove("pgkit-navigating");
    }
  };
  find();
}

function start(model) {
  const onClick = (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) {
      return;
    }
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.hasAttribute("download") ||
        (link.target && link.target !== "_self")) {
      return;
    }
    const url = new URL(link.href, window.location.href);
    if (!sameView(url, model.get("routes"))) {
      return;
    }
    if (url.pathname + url.search === here() && url.hash) {
      return; // a jump within the view
    }
    event.preventDefault();
    document.body.classList.add("pgkit-navigating");
    model.send({ type: "go", href: url.pathname + url.search });
  };
  const onPop = () => {
    if (here() === model.get("href")) {
      return; // a jump to a #fragment (or back from one) within the view on screen
    }
    document.body.classList.add("pgkit-navigating");
    model.send({ type: "back", href: here() });
  };
  const beat = () => model.send({ type: "beat" });
  const onVisible = () => {
    if (document.visibilityState === "visible") {
      beat();
    }
  };
  const onShown = () => {
    const href = model.get("href");
    if (href && href !== here()) {
      if (model.get("mode") === "push") {
        window.history.pushState({ pgkit: true }, "", href);
      } else {
        window.history.replaceState({ pgkit: true }, "", href);
      }
    }
    if (model.get("title")) {
      document.title = model.get("title");
    }
    if (model.get("lang")) {
      document.documentElement.lang = model.get("lang");
    }
    if (model.get("mode") !== "initial") {
      focusView(document, model.get("seq"));
    }
  };
  document.addEventListener("click", onClick);
  window.addEventListener("popstate", onPop);
  document.addEventListener("visibilitychange", onVisible);
  const timer = window.setInterval(beat, BEAT_MS);
  model.on("change:seq", onShown);
  onShown();
  beat();
  return () => {
    document.removeEventListener("click", onClick);
    window.removeEventListener("popstate", onPop);
    document.removeEventListener("visibilitychange", onVisible);
    window.clearInterval(timer);
    model.off("change:seq", onShown);
  };
}

export default {
  // Once per model, not per view: the router is shown once and has no looks of its own.
  initialize({ model }) {
    return start(model);
  },
};

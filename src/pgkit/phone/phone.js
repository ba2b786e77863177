/* The phone page's one script (pgkit.phone): keeps the seat current and saves drafts.
   Without it every form still works (a post and a redirect); with it nothing reloads.
   - every few seconds it asks /meedoen/stand and replaces only the sections that changed,
     never one the visitor is still filling in;
   - a section that is new goes on top, so a phone never scrolls to find its task;
   - forms post in the background; a form marked data-autosave="1" also posts on every
     change, so a draft is never lost;
   - it rests while the tab is hidden, stops when the meeting is closed, and after the
     longest a meeting lasts (the same limit as every kernel refresh, live/refresh.py). */
(function () {
  "use strict";
  var seat = document.getElementById("pgkit-seat");
  if (!seat) { return; }
  var every = Number(seat.dataset.every) * 1000;
  // The form token in a header as well: behind the hub, a sign-in cookie on a script's
  // request only counts with it.
  var headers = {"X-Pgkit-Achtergrond": "1", "X-Xsrftoken": seat.dataset.token};
  var until = Date.now() + Number(seat.dataset.max) * 1000;
  var live = document.querySelector(".pgkit-live");
  var order = [];  // part ids, newest first
  var held = {};   // part id -> true while the visitor has unsaved input there
  var timer = null;
  var stopped = seat.dataset.closed === "1";

  function sections() {
    return Array.prototype.slice.call(seat.querySelectorAll(":scope > section[data-part]"));
  }
  sections().forEach(function (s) { order.push(s.dataset.part); });

  function heading(section) {
    var h = section.querySelector("h2");
    return h ? h.textContent : "";
  }

  function apply(reply) {
    if (reply.again) { location.reload(); return; }
    (reply.hold || []).forEach(function (part) { held[part] = "loaded"; });
    var focused = document.activeElement && document.activeElement.id;
    var old = {};
    sections().forEach(function (s) { old[s.dataset.part] = s; });
    var fresh = [];
    reply.sections.forEach(function (item) {
      if (order.indexOf(item.part) < 0) {
        order.unshift(item.part);
        fresh.push(item.part);
      }
    });
    var wanted = {};
    reply.sections.forEach(function (item) { wanted[item.part] = item; });
    var told = [];
    order = order.filter(function (part) { return wanted[part]; });
    // The header stays first; every other part in the order it first appeared, newest on top.
    var parts = order.filter(function (p) { return p === "kop"; })
      .concat(order.filter(function (p) { return p !== "kop"; }));
    parts.forEach(function (part) {
      var item = wanted[part];
      var now = old[part];
      // Unsaved input stays, unless this is the answer to that very form's post.
      var keep = now && (now.dataset.key === item.key || (held[part] && reply.part !== part));
      var node = now;
      if (!keep) {
        var box = document.createElement("div");
        box.innerHTML = item.html;
        node = box.firstElementChild;
        if (now) { now.replaceWith(node); }
        if (fresh.indexOf(part) >= 0 && part !== "kop" && part !== "wachten") {
          told.push(heading(node));
        }
      }
      seat.appendChild(node);
    });
    Object.keys(old).forEach(function (part) {
      if (!wanted[part]) { old[part].remove(); delete held[part]; }
    });
    if (focused) {
      var again = document.getElementById(focused);
      if (again && document.activeElement !== again) { again.focus({preventScroll: true}); }
    }
    if (told.length && live) {
      // A screen reader hears what appeared (a question, a role), not every redraw.
      live.textContent = told.map(function (title) {
        return seat.dataset.new.replace("{title}", title);
      }).join(" ");
    }
    if (reply.closed) { stop(); }
  }

  function stop() {
    stopped = true;
    if (timer) { clearTimeout(timer); timer = null; }
  }

  function busy() {
    var a = document.activeElement;
    return a && seat.contains(a) && (a.tagName === "TEXTAREA" || a.tagName === "INPUT" &&
                                     a.type === "text");
  }

  function tick() {
    timer = null;
    if (stopped) { return; }
    if (Date.now() > until) {
      stop();
      var note = document.createElement("div");
      note.className = "pgkit-notice pgkit-warn";
      note.setAttribute("role", "alert");
      note.textContent = seat.dataset.expired;
      seat.insertBefore(note, seat.firstChild);
      return;
    }
    if (document.hidden || busy()) { later(); return; }
    fetch(seat.dataset.state, {credentials: "same-origin", cache: "no-store",
                               headers: headers})
      .then(function (r) { return r.json(); })
      .then(apply)
      .catch(function () { /* a lost connection: the next beat tries again */ })
      .then(later);
  }

  function later() {
    if (!stopped && !timer) { timer = setTimeout(tick, every); }
  }

  function send(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var part = form.closest("section").dataset.part;
    return fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                               headers: headers})
      .then(function (r) { return r.json(); })
      .then(function (reply) {
        delete held[part];
        reply.part = part;
        apply(reply);
      })
      .catch(function () {
        // The plain post still saves it (and says what is wrong, if anything).
        if (submitter && submitter.name) {
          var field = document.createElement("input");
          field.type = "hidden";
          field.name = submitter.name;
          field.value = submitter.value;
          form.appendChild(field);
        }
        form.submit();
      });
  }

  seat.addEventListener("submit", function (event) {
    event.preventDefault();
    send(event.target, event.submitter);
  });
  seat.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form) { return; }
    if (form.dataset.autosave === "1") { send(form, null); return; }
    held[form.closest("section").dataset.part] = "typed";  // keep it until it is sent
  });
  var typing = null;
  seat.addEventListener("input", function (event) {
    var form = event.target.form;
    if (!form || form.dataset.autosave !== "1" || event.target.tagName !== "TEXTAREA") {
      return;
    }
    clearTimeout(typing);
    typing = setTimeout(function () { send(form, null); }, 1500);
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !stopped) {
      if (timer) { clearTimeout(timer); timer = null; }
      tick();
    }
  });
  if (!stopped) { later(); }
})();

/* piiguard review console: small progressive enhancements, no build step, no network. */
(function () {
  "use strict";

  // Times: the page carries UTC (with an explicit marker); shown in the browser's zone.
  function localTimes() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    document.querySelectorAll("time[data-utc]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when.getTime())) { return; }
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      var offset = -when.getTimezoneOffset();
      var sign = offset >= 0 ? "+" : "-";
      offset = Math.abs(offset);
      var text = when.getFullYear() + "-" + pad(when.getMonth() + 1) + "-" + pad(when.getDate()) +
        " " + pad(when.getHours()) + ":" + pad(when.getMinutes()) +
        " UTC" + sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
      el.title = el.textContent.trim() + (zone ? " · " + zone : "");
      el.textContent = text;
    });
  }

  // Review form: say exactly what will be recorded before it is.
  function reviewSummary() {
    var form = document.getElementById("review-form");
    var out = document.getElementById("review-summary");
    if (!form || !out) { return; }
    var update = function () {
      var chosen = form.querySelector("input[name=disposition]:checked");
      var note = form.querySelector("#note");
      if (!chosen) { out.textContent = out.dataset.none; out.classList.remove("ready"); return; }
      var text = out.dataset.will + ": " + chosen.dataset.label + " · " + out.dataset.reviewer;
      if (note && note.value.trim()) { text += " · " + out.dataset.noted; }
      out.textContent = text;
      out.classList.add("ready");
    };
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }

  // Keyboard: j / k next / previous row in the queue, Enter opens it, n next unreviewed,
  // r jumps to the review form; never while typing in a field.
  function shortcuts() {
    document.addEventListener("keydown", function (ev) {
      var target = ev.target;
      if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
      var rows = Array.prototype.slice.call(document.querySelectorAll("[data-row-link]"));
      var current = rows.findIndex(function (r) { return r.classList.contains("current"); });
      var move = function (to) {
        if (!rows.length) { return; }
        if (current >= 0) { rows[current].classList.remove("current"); }
        to = Math.max(0, Math.min(rows.length - 1, to));
        rows[to].classList.add("current");
        rows[to].scrollIntoView({ block: "nearest" });
      };
      var go = function (selector) {
        // The last match: a page's own link (the session page's skips the open session)
        // comes after the top bar's.
        var links = document.querySelectorAll(selector);
        var link = links.length ? links[links.length - 1] : null;
        if (link) { window.location.assign(link.getAttribute("href")); }
      };
      if (ev.key === "j") { move(current + 1); }
      else if (ev.key === "k") { move(current - 1); }
      else if (ev.key === "Enter" && current >= 0) { window.location.assign(rows[current].dataset.rowLink); }
      else if (ev.key === "n") { go("a[data-key=next-unreviewed]"); }
      else if (ev.key === "]") { go("a[data-key=next]"); }
      else if (ev.key === "[") { go("a[data-key=previous]"); }
      else if (ev.key === "r") {
        var first = document.querySelector("#review-form input[name=disposition]");
        if (first) { first.focus(); ev.preventDefault(); }
      } else { return; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes();
    reviewSummary();
    shortcuts();
  });
})();

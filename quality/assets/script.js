// Filters for the quality report. Everything it reads comes from data-* attributes written by the
// generator (escaped there); it never builds HTML from page text, so hostile pages stay inert.
// State lives in the URL fragment as "#f:key=value&…" (open=1 expands the reports shown), so a
// filtered view can be bookmarked or opened by a test; other fragments are plain anchors.
(function () {
  "use strict";
  var selects = Array.prototype.slice.call(document.querySelectorAll("#filters select[data-filter]"));
  var q = document.getElementById("q");
  var reports = Array.prototype.slice.call(document.querySelectorAll("details.rep"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#index tr.ix"));

  function current() {
    var f = {};
    selects.forEach(function (s) { if (s.value !== "") f[s.getAttribute("data-filter")] = s.value; });
    if (q.value.trim() !== "") f.q = q.value.trim();
    return f;
  }

  function matches(el, f) {
    for (var i = 0; i < selects.length; i++) {
      var key = selects[i].getAttribute("data-filter");
      if (!(key in f)) continue;
      var v = el.getAttribute("data-" + key) || "";
      if (selects[i].getAttribute("data-multi")) {
        if (v.split(" ").indexOf(f[key]) < 0) return false;
      } else if (v !== f[key]) {
        return false;
      }
    }
    return true;
  }

  function apply(open) {
    var f = current();
    var needle = (f.q || "").toLowerCase();
    var shown = {};
    rows.forEach(function (tr) {
      var ok = matches(tr, f) && (needle === "" || tr.textContent.toLowerCase().indexOf(needle) >= 0);
      tr.hidden = !ok;
      if (ok) shown[tr.getAttribute("data-ref")] = true;
    });
    var ids = [], hlVisible = 0;
    reports.forEach(function (d) {
      var ok = !!shown[d.id];
      d.hidden = !ok;
      if (ok) {
        ids.push(d.getAttribute("data-id"));
        hlVisible += d.querySelectorAll("td.hl").length;
        if (open) d.open = true;
      }
    });
    document.getElementById("shown").textContent = ids.length + " of " + reports.length + " report(s) shown";
    document.getElementById("none").hidden = ids.length > 0;
    // Self-check for tests and for the curious: what the browser actually drew.
    var sc = document.getElementById("selfcheck");
    var expected = 0;
    reports.forEach(function (d) { expected += parseInt(d.getAttribute("data-highlighted"), 10) || 0; });
    sc.setAttribute("data-visible", String(ids.length));
    sc.setAttribute("data-visible-ids", ids.join(" "));
    sc.setAttribute("data-index-visible", String(rows.filter(function (r) { return !r.hidden; }).length));
    sc.setAttribute("data-highlighted", String(document.querySelectorAll("details.rep td.hl").length));
    sc.setAttribute("data-highlighted-visible", String(hlVisible));
    sc.setAttribute("data-highlighted-expected", String(expected));
    sc.setAttribute("data-filters", JSON.stringify(f));
    sc.setAttribute("data-ready", "1");
  }

  function writeHash() {
    var f = current(), parts = [];
    Object.keys(f).sort().forEach(function (k) { parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(f[k])); });
    try { history.replaceState(null, "", parts.length ? "#f:" + parts.join("&") : location.pathname + location.search); } catch (e) { /* file:// in some browsers */ }
  }

  function readHash() {
    var h = location.hash;
    if (h.indexOf("#f:") !== 0) return false;
    var f = {};
    h.slice(3).split("&").forEach(function (p) {
      var i = p.indexOf("=");
      if (i > 0) {
        try { f[decodeURIComponent(p.slice(0, i))] = decodeURIComponent(p.slice(i + 1)); } catch (e) { /* bad escape: ignore */ }
      }
    });
    selects.forEach(function (s) {
      var want = f[s.getAttribute("data-filter")] || "";
      var found = Array.prototype.some.call(s.options, function (o) { return o.value === want; });
      // A value the page does not offer still filters (it selects nothing): add it so it shows.
      if (!found && want !== "") { var o = document.createElement("option"); o.value = want; o.textContent = want + " (0)"; s.appendChild(o); }
      s.value = want;
    });
    q.value = f.q || "";
    apply(f.open === "1");
    return true;
  }

  function reveal(id) {
    var el = document.getElementById(id);
    if (!el) return;
    var d = el.closest ? el.closest("details.rep") : null;
    if (d) d.open = true;
    el.scrollIntoView({ block: "center" });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }

  document.getElementById("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  selects.forEach(function (s) { s.addEventListener("change", function () { apply(false); writeHash(); }); });
  q.addEventListener("input", function () { apply(false); writeHash(); });
  document.getElementById("reset").addEventListener("click", function () {
    selects.forEach(function (s) { s.value = ""; }); q.value = ""; apply(false); writeHash();
  });
  document.getElementById("expand").addEventListener("click", function () { reports.forEach(function (d) { if (!d.hidden) d.open = true; }); });
  document.getElementById("collapse").addEventListener("click", function () { reports.forEach(function (d) { d.open = false; }); });
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a") : null;
    if (!a) return;
    if (a.classList.contains("setf")) {
      ev.preventDefault();
      selects.forEach(function (s) { if (s.getAttribute("data-filter") === a.getAttribute("data-key")) s.value = a.getAttribute("data-value"); });
      apply(false); writeHash();
      document.getElementById("filters").scrollIntoView();
    } else if (a.classList.contains("jump") || a.classList.contains("goto")) {
      ev.preventDefault();
      reveal(a.getAttribute("href").slice(1));
    }
  });
  window.addEventListener("hashchange", function () { if (!readHash() && location.hash.length > 1) reveal(decodeURIComponent(location.hash.slice(1))); });
  if (!readHash()) apply(false);
})();

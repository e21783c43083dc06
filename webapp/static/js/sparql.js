/* The query page: run the query with fetch (JSON results), show a table with entity links.
 * Values reach the page through textContent only. */
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var box = document.getElementById("query");
  var out = document.getElementById("results");
  var status = document.getElementById("status");
  if (!form) return;

  function cell(term) {
    var td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri" && term.value.indexOf("https://w3id.org/ikg/") === 0) {
      var a = document.createElement("a");
      a.href = "/" + term.value.slice("https://w3id.org/ikg/".length);
      a.textContent = term.value.replace("https://w3id.org/ikg/", "");
      td.appendChild(a);
    } else {
      td.textContent = term.value + (term["xml:lang"] ? "@" + term["xml:lang"] : "");
    }
    return td;
  }

  function table(data) {
    var t = document.createElement("table");
    t.className = "grid";
    var head = document.createElement("tr");
    data.head.vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    var thead = document.createElement("thead");
    thead.appendChild(head);
    t.appendChild(thead);
    var body = document.createElement("tbody");
    data.results.bindings.forEach(function (row) {
      var tr = document.createElement("tr");
      data.head.vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  function run() {
    var query = box.value;
    var params = new URLSearchParams({ query: query });
    window.history.replaceState(null, "", "?" + params.toString());
    status.textContent = "…";
    var started = performance.now();
    fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: params.toString()
    }).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      return r.text().then(function (text) { return { ok: r.ok, type: type, text: text, truncated: r.headers.get("X-IKG-Truncated") }; });
    }).then(function (res) {
      var ms = Math.round(performance.now() - started);
      out.replaceChildren();
      if (!res.ok) {
        var err = document.createElement("p");
        err.className = "error";
        try { err.textContent = JSON.parse(res.text).message; } catch (e) { err.textContent = res.text.slice(0, 500); }
        out.appendChild(err);
        status.textContent = ms + " ms";
        return;
      }
      if (res.type.indexOf("json") >= 0) {
        var data = JSON.parse(res.text);
        if ("boolean" in data) { out.textContent = String(data.boolean); }
        else { out.appendChild(table(data)); }
        status.textContent = (data.results ? data.results.bindings.length + " rows · " : "") + ms + " ms" + (res.truncated ? " · " + res.truncated : "");
      } else {
        var pre = document.createElement("pre");
        pre.textContent = res.text;
        out.appendChild(pre);
        status.textContent = ms + " ms";
      }
    });
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  if (new URLSearchParams(window.location.search).get("query")) run();
})();

/* The SPARQL query page: a CodeMirror editor (SPARQL highlighting, completion of PREFIX
 * declarations and of the ontology's terms, Ctrl+Enter runs), the example gallery, and the answer
 * as a table, a network (vis-network), a chart (SVG drawn here) and downloads in every format.
 * The query is kept in the address (?query=) and the last 20 queries in localStorage.
 * Values reach the page through textContent, DOM properties and SVG attributes only, never innerHTML. */
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var box = document.getElementById("query");
  if (!form || !box) return;

  var lang = document.body.dataset.lang === "en" ? "en" : "zh";
  var T = {
    zh: {
      run: "运行", runHint: "Ctrl+Enter 运行", table: "表格", network: "网络图", chart: "图表", text: "结果",
      download: "下载：", rows: "{n} 行", triples: "{n} 个三元组", ms: "{n} 毫秒", running: "正在运行…",
      truncated: "结果已截断（{why}）：请缩小查询，或用下载链接获取。", cutAt: "只显示前 {n} 行", error: "查询出错",
      unreachable: "无法连接查询端点", noRows: "没有结果。", shownFirst: "表格只显示前 {n} 行，完整结果请下载。",
      recent: "最近的查询", noRecent: "还没有运行过查询。", clear: "清除", valueColumn: "数值列",
      graphSize: "{n} 个节点，{m} 条边。双击节点打开其页面。", firstRows: "只画出前 {n} 行。",
      barsFirst: "只显示前 {n} 项。", askTrue: "是（true）", askFalse: "否（false）", editor: "SPARQL 查询编辑器",
      colon: "：", klass: "类", objectProperty: "对象属性", datatypeProperty: "数据属性", scheme: "概念体系", prefix: "前缀",
      exportGraph: "导出子图：", exporting: "正在导出 {f}…", exportFailed: "导出失败"
    },
    en: {
      run: "Run", runHint: "Ctrl+Enter runs", table: "Table", network: "Network", chart: "Chart", text: "Result",
      download: "Download:", rows: "{n} rows", triples: "{n} triples", ms: "{n} ms", running: "Running…",
      truncated: "Results truncated ({why}): narrow the query, or use a download link.", cutAt: "cut at {n} rows", error: "The query failed",
      unreachable: "The query endpoint could not be reached", noRows: "No results.",
      shownFirst: "The table shows the first {n} rows; download for all of them.",
      recent: "Recent queries", noRecent: "No query run yet.", clear: "Clear", valueColumn: "Value column",
      graphSize: "{n} nodes, {m} edges. Double-click a node to open its page.", firstRows: "Only the first {n} rows are drawn.",
      barsFirst: "Only the first {n} are shown.", askTrue: "yes (true)", askFalse: "no (false)", editor: "SPARQL query editor",
      colon: ": ", klass: "class", objectProperty: "object property", datatypeProperty: "datatype property", scheme: "concept scheme", prefix: "prefix",
      exportGraph: "Export the subgraph:", exporting: "Exporting {f}…", exportFailed: "The export failed"
    }
  }[lang];

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k] === undefined ? "" : String(values[k]); });
  }

  var BASE = "https://w3id.org/ikg/";
  var PREFIXES = [
    ["ikg", "https://w3id.org/ikg/ontology#"], ["skos", "http://www.w3.org/2004/02/skos/core#"],
    ["rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"], ["rdfs", "http://www.w3.org/2000/01/rdf-schema#"],
    ["dcterms", "http://purl.org/dc/terms/"], ["prov", "http://www.w3.org/ns/prov#"],
    ["xsd", "http://www.w3.org/2001/XMLSchema#"], ["owl", "http://www.w3.org/2002/07/owl#"],
    ["org", "http://www.w3.org/ns/org#"], ["schema", "https://schema.org/"]
  ];
  var NS = {};
  PREFIXES.forEach(function (p) { NS[p[0]] = p[1]; });
  // Terms of the other vocabularies that the graph uses (the ikg terms come from ikg-terms.json).
  var VOCAB = {
    skos: ["prefLabel", "altLabel", "definition", "Concept"],
    rdf: ["type", "subject", "predicate", "object", "Statement"],
    rdfs: ["label", "comment", "subClassOf", "subPropertyOf", "domain", "range"],
    dcterms: ["title", "date", "source", "publisher", "identifier", "description", "isPartOf"],
    prov: ["wasDerivedFrom", "wasQuotedFrom", "startedAtTime", "endedAtTime", "value", "Entity", "Activity", "Plan"],
    xsd: ["integer", "decimal", "double", "string", "date", "dateTime", "gYear", "boolean"],
    owl: ["Class", "ObjectProperty", "DatatypeProperty", "Ontology", "versionInfo", "sameAs"]
  };
  var TERMS = {};
  Object.keys(VOCAB).forEach(function (p) { TERMS[p] = VOCAB[p].map(function (n) { return { name: n }; }); });

  var FORMATS = {
    table: [["json", "JSON", "json"], ["xml", "XML", "xml"], ["csv", "CSV", "csv"], ["tsv", "TSV", "tsv"]],
    graph: [["ttl", "Turtle", "ttl"], ["nt", "N-Triples", "nt"], ["jsonld", "JSON-LD", "jsonld"], ["rdfxml", "RDF/XML", "rdf"]]
  };
  var ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  var TABLE_ROWS = 5000;   // rows put in the table (the endpoint caps the answer itself)
  var GRAPH_ROWS = 2000;   // rows drawn in the network
  var BARS = 60;
  var RECENT_KEY = "ikg.sparql.recent";
  var RECENT_MAX = 20;
  var STYLE = {
    cluster: ["#d62728", "dot"], park: ["#1f77b4", "square"], platform: ["#2ca02c", "triangle"],
    company: ["#ff7f0e", "diamond"], action: ["#9467bd", "star"], policy: ["#8c564b", "box"],
    industry: ["#17becf", "ellipse"], region: ["#7f7f7f", "hexagon"], indicator: ["#bcbd22", "triangleDown"],
    value: ["#bcbd22", "dot"], doc: ["#34495e", "box"]
  };
  var SERIES = ["#0b61a4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // ------------------------------------------------------------------ the page's fixed parts

  document.querySelectorAll("[data-t]").forEach(function (node) {
    if (T[node.dataset.t]) node.textContent = T[node.dataset.t];
  });
  var statusLine = document.getElementById("status");
  var notice = document.getElementById("notice");
  var errorBox = document.getElementById("error");
  var resultBar = document.getElementById("result-bar");
  var downloads = document.getElementById("downloads");
  var tabs = document.getElementById("result-tabs");
  var panes = {
    table: document.getElementById("pane-table"), network: document.getElementById("pane-network"),
    chart: document.getElementById("pane-chart"), text: document.getElementById("pane-text")
  };
  var netBox = document.getElementById("sparql-network");
  var netInfo = document.getElementById("network-info");
  var recentList = document.getElementById("recent");
  var exportsBar = document.getElementById("subgraph-exports");
  var runButton = document.getElementById("run");

  // ------------------------------------------------------------------ the editor

  var editor = null;
  if (typeof CodeMirror !== "undefined") {
    editor = CodeMirror.fromTextArea(box, {
      mode: "sparql", lineNumbers: true, matchBrackets: true, indentUnit: 2, tabSize: 2, viewportMargin: Infinity,
      screenReaderLabel: T.editor,
      extraKeys: {
        "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); },
        "Ctrl-Space": function (cm) { cm.showHint({ completeSingle: false }); }
      },
      hintOptions: { hint: hint, completeSingle: false, closeCharacters: /[\s()\[\]{};>,]/ }
    });
    editor.on("inputRead", function (cm, change) {
      var typed = change.text.join("\n");
      if (typed.length !== 1 || !/[\w:\s-]/.test(typed)) return;
      setTimeout(function () {   // after this edit's cursorActivity, which would close a fresh hint
        if (!cm.state.completionActive && hint(cm)) cm.showHint({ completeSingle: false });
      }, 0);
    });
    form.classList.add("has-editor");
  } else {
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
    });
  }

  function getQuery() { return editor ? editor.getValue() : box.value; }
  function setQuery(text) {
    if (editor) { editor.setValue(text); editor.setCursor(editor.lineCount(), 0); } else box.value = text;
  }

  fetch(form.dataset.termsUrl, { headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      TERMS[data.prefix] = data.terms;
      form.dataset.terms = "ready";
      form.dataset.termCount = String(data.terms.length);
    })
    .catch(function () { form.dataset.termsFailed = "1"; });

  function hintItem(text, name, note, cls, pick) {
    return {
      text: text, className: cls, hint: pick,
      render: function (elt) {
        elt.appendChild(el("span", "hint-name", name));
        if (note) elt.appendChild(el("span", "hint-note", note));
      }
    };
  }

  function rank(items, typed, key) {
    var low = typed.toLowerCase();
    var starts = items.filter(function (x) { return key(x).toLowerCase().indexOf(low) === 0; });
    var inside = items.filter(function (x) { var k = key(x).toLowerCase(); return k.indexOf(low) > 0; });
    return starts.concat(inside);
  }

  /* The completions at the cursor: prefix declarations after PREFIX, terms after a known prefix. */
  function hint(cm) {
    var cur = cm.getCursor();
    var before = cm.getLine(cur.line).slice(0, cur.ch);
    var m = /(?:^|[\s}])PREFIX\s+([A-Za-z][\w.-]*)?(:?)$/i.exec(before);
    if (m) {
      var typed = m[1] || "";
      var from = CodeMirror.Pos(cur.line, cur.ch - typed.length - m[2].length);
      var list = rank(PREFIXES, typed, function (p) { return p[0]; }).map(function (p) {
        return hintItem(p[0] + ": <" + p[1] + ">", p[0] + ":", "<" + p[1] + ">", "hint-prefix");
      });
      return list.length ? { list: list, from: from, to: cur } : null;
    }
    m = /(?:^|[^\w:?$<"'@.-])([A-Za-z][\w-]*):([\w-]*)$/.exec(before);
    if (m && TERMS[m[1]]) {
      var prefix = m[1];
      var start = CodeMirror.Pos(cur.line, cur.ch - m[1].length - 1 - m[2].length);
      var items = rank(TERMS[prefix], m[2], function (t) { return t.name; }).map(function (t) {
        var kind = t.kind === "class" ? T.klass : (t.kind ? T[t.kind] : "");
        var label = t[lang] || t.zh || "";
        var note = [label, kind].filter(Boolean).join(" · ");
        var cls = "hint-term" + (t.kind === "class" || /^[A-Z]/.test(t.name) ? " hint-class" : " hint-property");
        return hintItem(prefix + ":" + t.name, prefix + ":" + t.name, note, cls, function (cm2, data, item) {
          cm2.replaceRange(item.text, data.from, data.to, "complete");
          declarePrefix(cm2, prefix);
        });
      });
      return items.length ? { list: items, from: start, to: cur } : null;
    }
    return null;
  }

  /* A picked term whose prefix the query does not declare gets its PREFIX line. */
  function declarePrefix(cm, prefix) {
    if (!NS[prefix] || new RegExp("PREFIX\\s+" + prefix + ":", "i").test(cm.getValue())) return;
    var at = 0;
    for (var i = 0; i < cm.lineCount(); i++) {
      var line = cm.getLine(i);
      if (/^\s*(PREFIX|BASE)\b/i.test(line)) at = i + 1;
      else if (/^\s*(#|$)/.test(line) && at === i) at = i + 1;
      else if (!/^\s*(#|$)/.test(line)) break;
    }
    cm.replaceRange("PREFIX " + prefix + ": <" + NS[prefix] + ">\n", CodeMirror.Pos(at, 0), undefined, "complete");
  }

  // ------------------------------------------------------------------ terms and values

  function shortForm(iri) {
    if (iri.indexOf(BASE + "id/") === 0) return iri.slice(BASE.length + 3);
    if (iri.indexOf(BASE + "doc/") === 0) return iri.slice(BASE.length);
    for (var i = 0; i < PREFIXES.length; i++) {
      var ns = PREFIXES[i][1];
      if (iri.indexOf(ns) === 0 && /^[\w-]*$/.test(iri.slice(ns.length))) return PREFIXES[i][0] + ":" + iri.slice(ns.length);
    }
    if (iri.indexOf(BASE) === 0) return iri.slice(BASE.length);
    return iri;
  }

  function pageOf(iri) {
    if (iri.indexOf(BASE + "id/") === 0 || iri.indexOf(BASE + "doc/") === 0) return "/" + iri.slice(BASE.length);
    return null;
  }

  function isVocab(iri) {
    return PREFIXES.some(function (p) { return iri.indexOf(p[1]) === 0; });
  }

  var NUMERIC = /^(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedInt|unsignedLong|unsignedShort|unsignedByte)$/;
  function isNumeric(term) {
    if (!term || term.type === "uri" || term.type === "bnode" || !term.datatype) return false;
    return term.datatype.indexOf(NS.xsd) === 0 && NUMERIC.test(term.datatype.slice(NS.xsd.length)) && isFinite(parseFloat(term.value));
  }
  function isYear(name, term) {
    if (!term || term.type === "uri") return false;
    if (term.datatype === NS.xsd + "gYear") return /^-?\d{1,4}/.test(term.value);
    return /year|年/i.test(name) && /^\d{4}$/.test(term.value);
  }

  function columns(vars, rows) {
    return vars.map(function (v) {
      var c = { name: v, bound: 0, uri: 0, vocab: 0, numeric: 0, year: 0, literal: 0 };
      rows.forEach(function (row) {
        var t = row[v];
        if (!t) return;
        c.bound++;
        if (t.type === "uri") { c.uri++; if (isVocab(t.value)) c.vocab++; }
        else if (t.type !== "bnode") { c.literal++; if (isNumeric(t)) c.numeric++; if (isYear(v, t)) c.year++; }
      });
      var all = function (n) { return c.bound > 0 && n === c.bound; };
      return { name: v, iri: all(c.uri), vocab: all(c.vocab), entity: all(c.uri) && !all(c.vocab),
               literal: all(c.literal), numeric: all(c.numeric) && !all(c.year), year: all(c.year) };
    });
  }

  function cell(term) {
    var td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      var href = pageOf(term.value);
      var node = el(href ? "a" : "span", href ? "entity" : "iri", shortForm(term.value));
      if (href) node.href = href;
      node.title = term.value;
      td.appendChild(node);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
      td.className = "muted";
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.lang = term["xml:lang"];
      if (isNumeric(term)) td.className = "num";
    }
    return td;
  }

  // ------------------------------------------------------------------ running

  var current = null;   // {kind, vars, rows, cols, drawn: {network, chart}}
  var runs = 0;
  var network = null;

  function run(text) {
    text = text === undefined ? getQuery() : text;
    if (!text.trim()) return;
    if (editor && editor.state.completionActive) editor.closeHint();
    keepInAddress(text);
    remember(text);
    var ticket = ++runs;
    var started = performance.now();
    form.dataset.state = "running";
    statusLine.textContent = T.running;
    runButton.disabled = true;
    fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", Accept: ACCEPT },
      body: new URLSearchParams({ query: text }).toString()
    }).then(function (r) {
      return r.text().then(function (body) {
        return {
          ok: r.ok, status: r.status, type: r.headers.get("Content-Type") || "", body: body,
          rows: r.headers.get("X-IKG-Rows"), truncated: r.headers.get("X-IKG-Truncated")
        };
      });
    }).then(function (res) {
      if (ticket !== runs) return;
      show(res, text, Math.round(performance.now() - started));
    }).catch(function (err) {
      if (ticket !== runs) return;
      clear();
      showError(T.unreachable + (err && err.message ? ": " + err.message : ""));
      statusLine.textContent = "";
    }).then(function () {
      if (ticket !== runs) return;
      runButton.disabled = false;
      form.dataset.state = "done";
    });
  }

  function clear() {
    current = null;
    if (network) { network.destroy(); network = null; }
    window.ikgSparql.network = null;
    window.ikgSparql.nodes = null;
    window.ikgSparql.edges = null;
    delete netBox.dataset.ready;
    delete netBox.dataset.nodes;
    Object.keys(panes).forEach(function (k) { panes[k].hidden = true; });
    panes.table.replaceChildren();
    panes.chart.replaceChildren();
    panes.text.replaceChildren();
    netInfo.textContent = "";
    tabs.replaceChildren();
    downloads.replaceChildren();
    resultBar.hidden = true;
    exportsBar.hidden = true;
    notice.hidden = true;
    notice.textContent = "";
    errorBox.hidden = true;
    errorBox.replaceChildren();
  }

  function showError(message, status) {
    var detail = null;
    if (message && typeof message === "object") { detail = message.detail; message = message.text; }
    errorBox.replaceChildren(el("strong", "", T.error + (status ? " (" + status + ")" : "") + T.colon), el("span", "message", message));
    if (detail && detail !== message) errorBox.appendChild(el("div", "detail", detail));  /* the engine's own words */
    errorBox.hidden = false;
  }

  function errorMessage(res) {
    try {
      var data = JSON.parse(res.body);
      if (data && typeof data.explanation === "string" && data.explanation) return { text: data.explanation, detail: data.message };
      if (data && typeof data.message === "string") return data.message;
      if (data && typeof data.description === "string") return data.description;
    } catch (e) { /* not JSON: the text itself */ }
    return res.body.slice(0, 2000) || String(res.status);
  }

  function show(res, text, ms) {
    clear();
    var parts = [];
    if (!res.ok) {
      showError(errorMessage(res), res.status);
      statusLine.textContent = fill(T.ms, { n: ms });
      return;
    }
    var data = null;
    if (/json/.test(res.type) && !/ld\+json/.test(res.type)) {
      try { data = JSON.parse(res.body); } catch (e) { showError(e.message); return; }
    }
    if (data && typeof data.boolean === "boolean") {
      current = { kind: "ask" };
      panes.text.appendChild(el("p", "ask " + (data.boolean ? "yes" : "no"), data.boolean ? T.askTrue : T.askFalse));
      addTab("text", T.text);
      parts.push(fill(T.rows, { n: 1 }));
    } else if (data && data.head && data.results) {
      var vars = data.head.vars || [];
      var rows = data.results.bindings || [];
      current = { kind: "select", vars: vars, rows: rows, cols: columns(vars, rows), drawn: {} };
      parts.push(fill(T.rows, { n: res.rows || rows.length }));
      panes.table.appendChild(rows.length ? table(vars, rows) : el("p", "empty", T.noRows));
      if (rows.length > TABLE_ROWS) panes.table.appendChild(el("p", "muted", fill(T.shownFirst, { n: TABLE_ROWS })));
      addTab("table", T.table);
      if (current.cols.filter(function (c) { return c.entity; }).length >= 2) addTab("network", T.network);
      if (rows.length && current.cols.some(function (c) { return c.numeric; })) addTab("chart", T.chart);
    } else {
      current = { kind: "graph" };
      panes.text.appendChild(el("pre", "rdf", res.body));
      addTab("text", T.text);
      if (res.rows) parts.push(fill(T.triples, { n: res.rows }));
    }
    parts.push(fill(T.ms, { n: ms }));
    statusLine.textContent = parts.join(" · ");
    if (res.truncated) {
      var cut = /cut at (\d+) rows/.exec(res.truncated);  /* the header is for clients: say it in the page's words */
      notice.textContent = fill(T.truncated, { why: cut ? fill(T.cutAt, { n: cut[1] }) : res.truncated });
      notice.hidden = false;
    }
    addDownloads(text, current.kind === "graph" ? FORMATS.graph : FORMATS.table);
    resultBar.hidden = false;
    if (current.kind === "graph") {   // a CONSTRUCT or DESCRIBE answer: the subgraph exports too
      exportsBar.dataset.query = text;
      exportsBar.hidden = false;
    }
    select(tabs.firstChild.dataset.tab);
  }

  function table(vars, rows) {
    var t = el("table", "grid results");
    var head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", "", v)); });
    t.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    rows.slice(0, TABLE_ROWS).forEach(function (row) {
      var tr = el("tr");
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    var wrap = el("div", "table-wrap");
    wrap.appendChild(t);
    return wrap;
  }

  function addTab(name, label) {
    var b = el("button", "tab", label);
    b.type = "button";
    b.dataset.tab = name;
    b.setAttribute("role", "tab");
    b.addEventListener("click", function () { select(name); });
    tabs.appendChild(b);
  }

  function select(name) {
    tabs.querySelectorAll("button").forEach(function (b) {
      var on = b.dataset.tab === name;
      b.classList.toggle("on", on);
      b.setAttribute("aria-selected", on ? "true" : "false");
    });
    Object.keys(panes).forEach(function (k) { panes[k].hidden = k !== name; });
    tabs.dataset.selected = name;
    if (name === "network" && current && !current.drawn.network) { current.drawn.network = true; drawNetwork(); }
    if (name === "chart" && current && !current.drawn.chart) { current.drawn.chart = true; drawChart(); }
  }

  function addDownloads(text, formats) {
    downloads.appendChild(el("span", "muted", T.download));
    formats.forEach(function (f) {
      var a = el("a", "download", f[1]);
      a.href = form.action + "?" + new URLSearchParams({ query: text, format: f[0] }).toString();
      a.setAttribute("download", "ikg-query." + f[2]);
      a.dataset.format = f[0];
      downloads.appendChild(a);
    });
  }

  // ------------------------------------------------------------------ subgraph exports

  /* POSTed (a query may be too long for an address) and saved from a blob, so that a refusal
   * shows in the error box instead of replacing the page. */
  function exportAs(button) {
    var ext = button.dataset.format;
    button.disabled = true;
    exportsBar.dataset.state = "running";
    button.title = fill(T.exporting, { f: ext });
    errorBox.hidden = true;
    fetch(exportsBar.dataset.url.replace("EXT", ext), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", Accept: "application/json, */*;q=0.1" },
      body: new URLSearchParams({ query: exportsBar.dataset.query }).toString()
    }).then(function (r) {
      if (!r.ok) return r.text().then(function (body) { showError(errorMessage({ body: body, status: r.status }), r.status); });
      return r.blob().then(function (blob) {
        var a = el("a");
        a.href = URL.createObjectURL(blob);
        a.download = savedName(r.headers.get("Content-Disposition"), ext);
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
      });
    }).catch(function (err) {
      showError(T.exportFailed + (err && err.message ? ": " + err.message : ""));
    }).then(function () {
      button.disabled = false;
      button.title = "";
      exportsBar.dataset.state = "done";
    });
  }

  function savedName(disposition, ext) {
    var m = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    try { if (m) return decodeURIComponent(m[1]); } catch (e) { /* a malformed name: the default */ }
    return "ikg-query." + ext;
  }

  exportsBar.querySelectorAll("button[data-format]").forEach(function (b) {
    b.addEventListener("click", function () { exportAs(b); });
  });

  // ------------------------------------------------------------------ network

  function labelColumn(cols, name) {
    var wanted = [name + "Label", name + "_label", name + "Name", name + "_name", name + "Title"];
    for (var i = 0; i < wanted.length; i++) {
      var c = cols.find(function (x) { return x.name === wanted[i] && x.literal; });
      if (c) return c.name;
    }
    return null;
  }

  function nodeStyle(iri) {
    var m = /^https:\/\/w3id\.org\/ikg\/(?:id\/)?([\w-]+)\//.exec(iri);
    return (m && STYLE[m[1]]) || ["#5f6b76", "dot"];
  }

  function tooltip(text) {
    var t = el("div", "tip", text);
    return t;
  }

  function drawNetwork() {
    if (typeof vis === "undefined") return;
    var cols = current.cols;
    var ends = cols.filter(function (c) { return c.entity; }).slice(0, 2);
    var a = ends[0].name, b = ends[1].name;
    var labelOf = {};
    labelOf[a] = labelColumn(cols, a);
    labelOf[b] = labelColumn(cols, b);
    var iA = cols.indexOf(ends[0]), iB = cols.indexOf(ends[1]);
    var via = cols.find(function (c, i) { return c.vocab && i > iA && i < iB; })
      || cols.find(function (c) { return c.vocab; });
    var nodes = new vis.DataSet();
    var edges = new vis.DataSet();
    var rows = current.rows.slice(0, GRAPH_ROWS);
    function addNode(term, labelTerm) {
      if (!term || term.type !== "uri") return null;
      var id = term.value;
      var label = labelTerm && labelTerm.value ? labelTerm.value : shortForm(id);
      var known = nodes.get(id);
      if (known) {
        if (labelTerm && labelTerm.value && known.label === shortForm(id)) nodes.update({ id: id, label: label, title: tooltip(label + "\n" + shortForm(id)) });
        return id;
      }
      var style = nodeStyle(id);
      nodes.add({ id: id, label: label, color: style[0], shape: style[1], size: 12, title: tooltip(label + "\n" + shortForm(id)) });
      return id;
    }
    rows.forEach(function (row) {
      var from = addNode(row[a], labelOf[a] && row[labelOf[a]]);
      var to = addNode(row[b], labelOf[b] && row[labelOf[b]]);
      if (!from || !to) return;
      var label = via && row[via.name] ? shortForm(row[via.name].value) : "";
      var inferred = Object.keys(row).some(function (k) { return row[k].type === "literal" && row[k].value === "inferred"; });
      var id = from + "|" + label + "|" + to + (inferred ? "|i" : "");
      if (edges.get(id)) return;
      edges.add({ id: id, from: from, to: to, label: label || undefined, dashes: inferred });
    });
    var options = {
      autoResize: true,
      layout: { randomSeed: 7, improvedLayout: nodes.length < 150 },
      physics: { solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -110, springLength: 140, avoidOverlap: 0.5 },
                 stabilization: { iterations: 300, fit: true } },
      interaction: { hover: true, tooltipDelay: 150, navigationButtons: false },
      nodes: { font: { size: 13, face: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "ikg Noto Sans CJK SC", sans-serif', color: "#1d232a" }, borderWidth: 1 },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, color: { color: "#9aa5b1", highlight: "#0b61a4" },
               smooth: false, font: { size: 10, color: "#5f6b76", strokeWidth: 3, align: "middle" } }
    };
    network = new vis.Network(netBox, { nodes: nodes, edges: edges }, options);
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      netBox.dataset.ready = "1";
    });
    network.on("doubleClick", function (p) {
      if (!p.nodes.length) return;
      var href = pageOf(String(p.nodes[0]));
      if (href) window.location.href = href;
    });
    netBox.dataset.nodes = String(nodes.length);
    netBox.dataset.edges = String(edges.length);
    var info = fill(T.graphSize, { n: nodes.length, m: edges.length });
    if (current.rows.length > GRAPH_ROWS) info += " " + fill(T.firstRows, { n: GRAPH_ROWS });
    netInfo.textContent = info;
    window.ikgSparql.network = network;
    window.ikgSparql.nodes = nodes;
    window.ikgSparql.edges = edges;
  }

  // ------------------------------------------------------------------ chart

  function niceTicks(lo, hi, count) {
    if (lo === hi) { hi = lo + 1; }
    var span = hi - lo, step = Math.pow(10, Math.floor(Math.log10(span / count)));
    var err = span / count / step;
    if (err >= 7.5) step *= 10; else if (err >= 3.5) step *= 5; else if (err >= 1.5) step *= 2;
    var ticks = [];
    for (var v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
    if (ticks[ticks.length - 1] < hi) ticks.push(ticks[ticks.length - 1] + step);
    return ticks;
  }

  function num(v) {
    var n = Number(v);
    if (Math.abs(n) >= 1e6 || (n !== 0 && Math.abs(n) < 1e-3)) return n.toExponential(2);
    return String(Math.round(n * 1000) / 1000);
  }

  function cut(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

  function categoryOf(cols) {
    var c = cols.find(function (x) { return x.literal && !x.numeric && !x.year; })
      || cols.find(function (x) { return x.iri; });
    return c ? c.name : null;
  }

  function drawChart() {
    var cols = current.cols, rows = current.rows;
    var values = cols.filter(function (c) { return c.numeric; });
    var year = cols.find(function (c) { return c.year; });
    var years = year ? rows.map(function (r) { return r[year.name] ? parseInt(r[year.name].value, 10) : NaN; }) : [];
    var distinct = year && years.every(isFinite) && new Set(years).size === years.length && years.length > 1;
    panes.chart.replaceChildren();
    var figure = el("figure", "chart sparql-chart");
    if (distinct) {
      figure.appendChild(lineChart(rows, year.name, values));
      panes.chart.appendChild(figure);
      return;
    }
    var holder = el("div", "chart-holder");
    if (values.length > 1) {
      var label = el("label", "value-column");
      label.appendChild(el("span", "", T.valueColumn));
      var choice = el("select");
      values.forEach(function (c) { var o = el("option", "", c.name); o.value = c.name; choice.appendChild(o); });
      choice.addEventListener("change", function () { holder.replaceChildren(barChart(rows, categoryOf(cols), choice.value)); });
      label.appendChild(choice);
      panes.chart.appendChild(label);
    }
    holder.appendChild(barChart(rows, categoryOf(cols), values[0].name));
    figure.appendChild(holder);
    panes.chart.appendChild(figure);
  }

  function barChart(rows, category, value) {
    var shown = rows.slice(0, BARS).filter(function (r) { return r[value]; });
    var vals = shown.map(function (r) { return parseFloat(r[value].value); });
    var names = shown.map(function (r, i) {
      var t = category && r[category];
      return t ? (t.type === "uri" ? shortForm(t.value) : t.value) : String(i + 1);
    });
    var W = 860, left = 210, right = 70, top = 24, rowH = 24;
    var H = top + shown.length * rowH + 28;
    var ticks = niceTicks(Math.min(0, Math.min.apply(null, vals)), Math.max(0, Math.max.apply(null, vals)), 5);
    var lo = ticks[0], hi = ticks[ticks.length - 1];
    var x = function (v) { return left + (v - lo) / (hi - lo) * (W - left - right); };
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "class": "bar-chart" });
    s.appendChild(svg("title", {}, value));
    s.appendChild(svg("text", { x: left, y: 14, "class": "series-name" }, value));
    ticks.forEach(function (t) {
      s.appendChild(svg("line", { x1: x(t), x2: x(t), y1: top - 4, y2: H - 24, "class": "grid-line" }));
      s.appendChild(svg("text", { x: x(t), y: H - 8, "class": "tick" }, num(t)));
    });
    shown.forEach(function (r, i) {
      var y = top + i * rowH, v = vals[i];
      var g = svg("g", { "class": "bar" });
      g.appendChild(svg("title", {}, names[i] + ": " + r[value].value));
      g.appendChild(svg("text", { x: left - 8, y: y + rowH / 2 + 4, "class": "cat" }, cut(names[i], 16)));
      g.appendChild(svg("rect", { x: Math.min(x(0), x(v)), y: y + 3, width: Math.max(1, Math.abs(x(v) - x(0))), height: rowH - 6, fill: SERIES[0] }));
      g.appendChild(svg("text", { x: Math.max(x(0), x(v)) + 4, y: y + rowH / 2 + 4, "class": "val" }, num(v)));
      s.appendChild(g);
    });
    s.appendChild(svg("line", { x1: x(0), x2: x(0), y1: top - 4, y2: H - 24, "class": "axis" }));
    var wrap = el("div");
    wrap.appendChild(s);
    if (rows.length > BARS) wrap.appendChild(el("p", "muted", fill(T.barsFirst, { n: BARS })));
    return wrap;
  }

  function lineChart(rows, yearName, series) {
    var order = rows.map(function (r, i) { return [parseInt(r[yearName].value, 10), i]; }).sort(function (p, q) { return p[0] - q[0]; });
    var years = order.map(function (p) { return p[0]; });
    var all = [];
    series.forEach(function (c) { order.forEach(function (p) { var t = rows[p[1]][c.name]; if (t) all.push(parseFloat(t.value)); }); });
    var W = 860, H = 380, left = 64, right = 24, top = 40, bottom = 44;
    var ticks = niceTicks(Math.min(0, Math.min.apply(null, all)), Math.max.apply(null, all), 5);
    var lo = ticks[0], hi = ticks[ticks.length - 1];
    var y0 = years[0], y1 = years[years.length - 1];
    var x = function (v) { return left + (y1 === y0 ? 0.5 : (v - y0) / (y1 - y0)) * (W - left - right); };
    var y = function (v) { return H - bottom - (v - lo) / (hi - lo) * (H - top - bottom); };
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "class": "line-chart" });
    s.appendChild(svg("title", {}, series.map(function (c) { return c.name; }).join(", ") + " / " + yearName));
    ticks.forEach(function (t) {
      s.appendChild(svg("line", { x1: left, x2: W - right, y1: y(t), y2: y(t), "class": "grid-line" }));
      s.appendChild(svg("text", { x: left - 8, y: y(t) + 4, "class": "tick left" }, num(t)));
    });
    var step = Math.max(1, Math.ceil(years.length / 12));
    years.forEach(function (yr, i) {
      if (i % step) return;
      s.appendChild(svg("text", { x: x(yr), y: H - bottom + 18, "class": "tick" }, String(yr)));
    });
    s.appendChild(svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, "class": "axis" }));
    s.appendChild(svg("line", { x1: left, x2: left, y1: top - 8, y2: H - bottom, "class": "axis" }));
    series.forEach(function (c, k) {
      var colour = SERIES[k % SERIES.length];
      var points = [];
      order.forEach(function (p) {
        var t = rows[p[1]][c.name];
        if (t) points.push([x(p[0]), y(parseFloat(t.value)), p[0], t.value]);
      });
      s.appendChild(svg("polyline", { points: points.map(function (p) { return p[0] + "," + p[1]; }).join(" "),
                                       fill: "none", stroke: colour, "stroke-width": 2, "class": "series" }));
      points.forEach(function (p) {
        var dot = svg("circle", { cx: p[0], cy: p[1], r: 4, fill: colour });
        dot.appendChild(svg("title", {}, c.name + " · " + p[2] + ": " + p[3]));
        s.appendChild(dot);
      });
      var lx = left + k * 150;
      s.appendChild(svg("rect", { x: lx, y: 10, width: 14, height: 4, fill: colour, "class": "legend-key" }));
      s.appendChild(svg("text", { x: lx + 20, y: 16, "class": "legend" }, c.name));
    });
    return s;
  }

  // ------------------------------------------------------------------ address, recent queries, gallery

  function keepInAddress(text) {
    var params = new URLSearchParams(window.location.search);
    params.set("query", text);
    window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    var sw = document.getElementById("lang-switch");
    if (sw) {
      var u = new URL(sw.href, window.location.href);
      u.searchParams.set("query", text);
      sw.href = u.pathname + u.search;
    }
  }

  var gallery = {};
  document.querySelectorAll("a.example").forEach(function (a) {
    var text = new URL(a.href, window.location.href).searchParams.get("query") || "";
    gallery[text.trim()] = a.textContent.trim();
    a.addEventListener("click", function (ev) {
      if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      document.querySelectorAll("a.example.on").forEach(function (x) { x.classList.remove("on"); });
      a.classList.add("on");
      setQuery(text);
      run(text);
    });
  });

  function readRecent() {
    try {
      var list = JSON.parse(window.localStorage.getItem(RECENT_KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (x) { return x && typeof x.q === "string"; }) : [];
    } catch (e) { return []; }
  }

  function remember(text) {
    var list = readRecent().filter(function (x) { return x.q !== text; });
    list.unshift({ q: text, t: Date.now() });
    try { window.localStorage.setItem(RECENT_KEY, JSON.stringify(list.slice(0, RECENT_MAX))); } catch (e) { /* full or disabled */ }
    showRecent();
  }

  function summary(text) {
    if (gallery[text.trim()]) return gallery[text.trim()];
    var lines = text.split("\n").map(function (l) { return l.trim(); })
      .filter(function (l) { return l && !/^(#|PREFIX\b|BASE\b)/i.test(l); });
    return cut((lines[0] || text.trim()).replace(/\s+/g, " "), 70);
  }

  function when(t) {
    var d = new Date(t), now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var time = pad(d.getHours()) + ":" + pad(d.getMinutes());
    return d.toDateString() === now.toDateString() ? time : (d.getMonth() + 1) + "/" + d.getDate() + " " + time;
  }

  function showRecent() {
    if (!recentList) return;
    var list = readRecent();
    recentList.replaceChildren();
    if (!list.length) { recentList.appendChild(el("li", "muted", T.noRecent)); return; }
    list.forEach(function (item) {
      var li = el("li");
      var b = el("button", "recent-query", summary(item.q));
      b.type = "button";
      b.title = item.q;
      b.addEventListener("click", function () { setQuery(item.q); run(item.q); });
      li.appendChild(b);
      li.appendChild(el("span", "when muted", when(item.t)));
      recentList.appendChild(li);
    });
  }

  var clearButton = document.getElementById("recent-clear");
  if (clearButton) clearButton.addEventListener("click", function () {
    try { window.localStorage.removeItem(RECENT_KEY); } catch (e) { /* disabled */ }
    showRecent();
  });

  // ------------------------------------------------------------------ start

  window.ikgSparql = { editor: editor, run: run, network: null, nodes: null, edges: null };
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  showRecent();
  form.dataset.ready = "1";
  if (new URLSearchParams(window.location.search).get("query")) run();
})();

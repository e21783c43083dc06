/* ikg network views on vis-network: hover cards, a side panel, expand by property with
 * "+N more", undo/collapse, neighbour highlighting, and the view's state kept in the URL.
 * Every label reaches the page through textContent or vis's own canvas, never innerHTML. */
(function () {
  "use strict";
  var container = document.getElementById("network");
  if (!container || typeof vis === "undefined") return;
  var lang = document.body.dataset.lang || "zh";
  var T = lang === "en"
    ? { expand: "Expand", open: "Open page", collapse: "Collapse", more: "more", mentions: "mentions", loading: "Loading…", none: "No neighbours." }
    : { expand: "展开", open: "打开页面", collapse: "收起", more: "更多", mentions: "次提及", loading: "加载中…", none: "没有相邻节点。" };
  var STYLE = {
    Cluster: ["#d62728", "dot"], Park: ["#1f77b4", "square"], Platform: ["#2ca02c", "triangle"],
    Company: ["#ff7f0e", "diamond"], Action: ["#9467bd", "star"], Policy: ["#8c564b", "box"],
    Industry: ["#17becf", "ellipse"], Region: ["#7f7f7f", "hexagon"], Indicator: ["#bcbd22", "triangleDown"]
  };
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var network = null;
  var history = [];          // expansions, newest last: {key, nodes:[], edges:[]}
  var expansions = [];       // "iri|group|offset" in the order applied (kept in the URL)
  var panel = document.getElementById("panel");
  var undoButton = document.getElementById("undo");

  function tooltip(text) {
    var el = document.createElement("div");
    el.className = "tip";
    el.textContent = text;
    return el;
  }

  function prepareNode(n) {
    n.title = tooltip(typeof n.title === "string" ? n.title : (n.label || ""));
    n.baseColor = n.color;
    return n;
  }

  function cardNode(card) {
    var style = STYLE[card.type] || ["#999", "dot"];
    return prepareNode({
      id: card.iri, label: card.label, shape: style[1], color: style[0], size: 12, group: card.type,
      type: card.type, title: card.label + "\n" + (card.type_label || card.type) + " · " + card.mentions + " " + T.mentions
    });
  }

  function draw(data) {
    nodes.add(data.nodes.map(prepareNode));
    edges.add(data.edges.map(function (e) {
      e.id = e.from + "|" + e.property + "|" + e.to;
      if (e.inferred) e.dashes = true;
      return e;
    }));
    network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options || {});
    // a canvas does not redraw when a web font arrives: the bundled CJK font may come after the first frame
    if (document.fonts) document.fonts.addEventListener("loadingdone", function () { network.redraw(); });
    network.on("click", onClick);
    network.on("doubleClick", function (p) {
      if (p.nodes.length && !String(p.nodes[0]).startsWith("more:")) window.location.href = pageOf(p.nodes[0]);
    });
    network.on("selectNode", function (p) { highlight(p.nodes[0]); });
    network.on("deselectNode", function () { highlight(null); });
    network.on("dragEnd", function (p) {
      if (!p.nodes.length) return;
      nodes.update(p.nodes.map(function (id) { return { id: id, fixedByUser: true }; }));
      saveState();
    });
    var physics = data.options && data.options.physics && data.options.physics.enabled;
    network.once(physics ? "stabilized" : "afterDrawing", function () {
      // the label boxes are measured when the settled layout is drawn: separate them then
      network.once("afterDrawing", function () {
        if (window.ikgLabels) container.dataset.separated = String(window.ikgLabels.separate(network, nodes, nodes.getIds()));
        network.fit();
        network.once("afterDrawing", function () { container.dataset.ready = "1"; });
        network.redraw();
      });
      network.redraw();
    });
    container.dataset.nodes = String(nodes.length);
    restoreState();
  }

  function pageOf(iri) {
    var i = iri.indexOf("/ikg/");
    return i >= 0 ? "/" + iri.slice(i + 5) : iri;
  }

  function onClick(p) {
    if (!p.nodes.length) { if (panel) panel.hidden = true; return; }
    var id = String(p.nodes[0]);
    if (id.startsWith("more:")) {
      var parts = id.split("\u0001");
      expand(parts[1], parts[2], parseInt(parts[3], 10), id);
      return;
    }
    openPanel(id);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function openPanel(iri) {
    if (!panel) return;
    panel.hidden = false;
    panel.replaceChildren(el("p", "muted", T.loading));
    Promise.all([getJSON("/api/entity?iri=" + encodeURIComponent(iri) + "&lang=" + lang),
                 getJSON("/api/neighbours?limit=1&iri=" + encodeURIComponent(iri) + "&lang=" + lang)])
      .then(function (res) {
        var card = res[0], groups = res[1].groups;
        var box = [];
        box.push(el("p", "kind t-" + card.type, card.type_label || card.type));
        box.push(el("h2", "", card.label));
        if (card.zh && card.en) box.push(el("p", "muted", lang === "en" ? card.zh : card.en));
        box.push(el("p", "muted", card.mentions + " " + T.mentions));
        var link = el("a", "button", T.open);
        link.href = card.url;
        box.push(link);
        var list = el("ul", "groups");
        if (!groups.length) list.appendChild(el("li", "muted", T.none));
        groups.forEach(function (g) {
          var li = el("li");
          var b = el("button", "expand", (g.direction === "in" ? "← " : "→ ") + (g.label || g.property) + " (" + g.count + ")");
          b.type = "button";
          b.dataset.group = g.group;
          b.addEventListener("click", function () { expand(iri, g.group, 0, null); });
          li.appendChild(b);
          list.appendChild(li);
        });
        box.push(el("h3", "", T.expand));
        box.push(list);
        var collapse = el("button", "collapse", T.collapse);
        collapse.type = "button";
        collapse.addEventListener("click", function () { collapseNode(iri); });
        box.push(collapse);
        panel.replaceChildren.apply(panel, box);
      })
      .catch(function (err) { panel.replaceChildren(el("p", "error", String(err))); });
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.message || r.statusText);
        return body;
      });
    });
  }

  function expand(iri, group, offset, moreId, replaying) {
    var url = "/api/neighbours?iri=" + encodeURIComponent(iri) + "&group=" + encodeURIComponent(group) +
      "&offset=" + offset + "&lang=" + lang;
    return getJSON(url).then(function (res) {
      var added = { key: iri + "|" + group + "|" + offset, source: iri, nodes: [], edges: [], removed: null };
      // the "+N more" node this page of neighbours replaces (clicked, or replayed from the address)
      var consumed = moreId || ["more:", iri, group, String(offset)].join("\u0001");
      if (nodes.get(consumed)) {
        var gone = edges.get({ filter: function (e) { return e.to === consumed || e.from === consumed; } });
        added.removed = { nodes: [nodes.get(consumed)], edges: gone };
        nodes.remove(consumed);
        edges.remove(gone.map(function (e) { return e.id; }));
      }
      res.groups.forEach(function (g) {
        g.nodes.forEach(function (card) {
          if (!nodes.get(card.iri)) { nodes.add(cardNode(card)); added.nodes.push(card.iri); }
        });
        g.edges.forEach(function (e) {
          var id = e.from + "|" + e.property + "|" + e.to;
          if (!edges.get(id)) {
            edges.add({ id: id, from: e.from, to: e.to, label: e.label || e.property, arrows: "to", dashes: e.inferred });
            added.edges.push(id);
          }
        });
        if (g.more > 0) {
          var mid = ["more:", iri, g.group, String(offset + g.nodes.length)].join("\u0001");
          nodes.add({ id: mid, label: "+" + g.more + " " + T.more, shape: "box", color: "#eeeeee", title: tooltip("+" + g.more) });
          edges.add({ id: mid + "|e", from: iri, to: mid, dashes: true });
          added.nodes.push(mid);
          added.edges.push(mid + "|e");
        }
      });
      history.push(added);
      expansions.push(added.key);
      if (undoButton) undoButton.disabled = false;
      container.dataset.nodes = String(nodes.length);
      if (!replaying) saveState();
    });
  }

  function undo() {
    var last = history.pop();
    if (!last) return;
    nodes.remove(last.nodes);
    edges.remove(last.edges);
    if (last.removed) { nodes.add(last.removed.nodes); edges.add(last.removed.edges); }
    expansions.pop();
    if (undoButton) undoButton.disabled = history.length === 0;
    container.dataset.nodes = String(nodes.length);
    saveState();
  }

  function collapseNode(iri) {
    var keep = [];
    history.forEach(function (h) {
      if (h.source === iri) { nodes.remove(h.nodes); edges.remove(h.edges); } else keep.push(h);
    });
    history = keep;
    expansions = keep.map(function (h) { return h.key; });
    if (undoButton) undoButton.disabled = history.length === 0;
    container.dataset.nodes = String(nodes.length);
    saveState();
  }

  function highlight(iri) {
    var updates = [];
    if (!iri) {
      nodes.forEach(function (n) { updates.push({ id: n.id, color: n.baseColor || n.color, opacity: 1 }); });
      nodes.update(updates);
      container.dataset.selected = "";
      return;
    }
    var near = {};
    near[iri] = true;
    network.getConnectedNodes(iri).forEach(function (id) { near[id] = true; });
    nodes.forEach(function (n) {
      updates.push({ id: n.id, opacity: near[n.id] ? 1 : 0.15 });
    });
    nodes.update(updates);
    container.dataset.selected = iri;
  }

  function saveState() {
    if (!container.dataset.stateful) return;
    var params = new URLSearchParams(window.location.search);
    if (expansions.length) params.set("expand", expansions.join(",")); else params.delete("expand");
    var pos = network.getPositions(nodes.getIds().filter(function (id) { return !String(id).startsWith("more:"); }));
    var moved = [];
    Object.keys(pos).forEach(function (id) {
      var n = nodes.get(id);
      if (n && n.fixedByUser) moved.push(encodeURIComponent(id) + "~" + Math.round(pos[id].x) + "~" + Math.round(pos[id].y));
    });
    if (moved.length) params.set("pos", moved.join(",")); else params.delete("pos");
    window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
  }

  function restoreState() {
    var params = new URLSearchParams(window.location.search);
    var chain = Promise.resolve();
    (params.get("expand") || "").split(",").filter(Boolean).forEach(function (key) {
      var parts = key.split("|");
      if (parts.length === 3) chain = chain.then(function () { return expand(parts[0], parts[1], parseInt(parts[2], 10) || 0, null, true); });
    });
    chain.then(function () {
      (params.get("pos") || "").split(",").filter(Boolean).forEach(function (item) {
        var p = item.split("~");
        var id = decodeURIComponent(p[0]);
        if (nodes.get(id)) { network.moveNode(id, Number(p[1]), Number(p[2])); nodes.update({ id: id, fixedByUser: true }); }
      });
    });
  }

  function start() {
    var embedded = document.getElementById("network-data");
    if (embedded) {
      container.dataset.stateful = "1";
      draw(JSON.parse(embedded.textContent));
    } else if (container.dataset.src) {
      getJSON(container.dataset.src).then(draw).catch(function (err) { container.textContent = String(err); });
    }
    if (undoButton) undoButton.addEventListener("click", undo);
    var fit = document.getElementById("fit");
    if (fit) fit.addEventListener("click", function () { network.fit(); });
    var typesField = document.getElementById("types-field");
    document.querySelectorAll(".type-box").forEach(function (box) {
      box.addEventListener("change", function () {
        var chosen = [];
        document.querySelectorAll(".type-box:checked").forEach(function (b) { chosen.push(b.value); });
        if (typesField) typesField.value = chosen.join(",");
      });
    });
  }

  if (container) {
    start();
    window.ikgNetwork = { nodes: nodes, edges: edges, get network() { return network; }, expand: expand, undo: undo };
  }
})();

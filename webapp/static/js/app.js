/* Search with autocomplete (zh, en, aliases, pinyin) for the header box and entity pickers.
 * Suggestions are built with textContent: a label is never parsed as HTML. */
(function () {
  "use strict";
  var lang = document.body.dataset.lang || "zh";

  function attach(input, onChoose) {
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("aria-autocomplete", "list");
    var items = [], active = -1, timer = null, last = "";

    function render(results) {
      items = results;
      active = -1;
      list.replaceChildren();
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.className = "t-" + r.type;
        var name = document.createElement("span");
        name.className = "name";
        name.textContent = r.label;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = (r.type_label || r.type) + (r.matched && r.matched !== r.label ? " · " + r.matched : "");
        li.append(name, kind);
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); onChoose(items[i], input); list.hidden = true; });
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
    }

    function query() {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (!q) { render([]); return; }
      fetch("/api/search?limit=8&lang=" + lang + "&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (body) { if (input.value.trim() === q) render(body.results); })
        .catch(function () { render([]); });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(query, 120); });
    input.addEventListener("keydown", function (ev) {
      if (list.hidden) return;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        Array.prototype.forEach.call(list.children, function (li, i) { li.classList.toggle("active", i === active); });
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        onChoose(items[active], input);
        list.hidden = true;
      } else if (ev.key === "Escape") {
        list.hidden = true;
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 150); });
  }

  var box = document.getElementById("search-box");
  var old = document.getElementById("search-suggestions");
  if (old) old.remove();
  if (box) attach(box, function (item) { window.location.href = item.url; });
  // a picker shows the chosen entity's label and keeps its IRI in the hidden field it names;
  // typing without choosing sends the words typed
  document.querySelectorAll(".entity-picker").forEach(function (input) {
    var hidden = document.getElementById(input.dataset.field || "");
    attach(input, function (item, field) {
      field.value = item.label;
      if (hidden) hidden.value = item.iri;
    });
    if (hidden) input.addEventListener("input", function () { hidden.value = input.value.trim(); });
  });
})();

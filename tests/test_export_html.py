"""The standalone HTML network export: self-contained, escaped, and drawn by a real browser offline."""

from __future__ import annotations

import re

import pytest

from webapp.exports import EXPORTERS
from webapp.i18n import HOW
from webapp.network import STYLE
from webapp.subgraph import Subgraph

HOSTILE = "</script><img src=x onerror=alert(1)>"
XSS = "<img src=x onerror=window.__xss=1>"
# A tag that makes the browser fetch something: script/img/iframe/... src, link href, CSS url() / @import.
LOADS = re.compile(
    r"<(?:script|img|iframe|embed|source|audio|video|input|frame|track)\b[^>]*\ssrc\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|<link\b[^>]*\shref\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|<object\b[^>]*\sdata\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|url\(\s*[\"']?\s*(?:https?:)?//|@import\s+[\"']?(?:url\()?\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)




def hostile_subgraph() -> Subgraph:
    a, b = "https://w3id.org/ikg/id/x/a", "https://w3id.org/ikg/id/x/b"
    nodes = [
        {"iri": a, "type": "Company", "zh": HOSTILE, "en": XSS, "aliases": [], "mentions": 1},
        {"iri": b, "type": "Park", "zh": XSS + "产业园", "en": "", "aliases": [], "mentions": 2},
    ]
    edges = [{"source": a, "target": b, "property": "locatedInPark", "inferred": True, "documents": []}]
    docs = [{"iri": "https://w3id.org/ikg/doc/x", "title": HOSTILE, "date": XSS}]
    return Subgraph(nodes, edges, documents=docs)


def test_html_exporter_is_registered():
    exporter = EXPORTERS["html"]
    assert exporter.extension == "html" and exporter.media_type == "text/html; charset=utf-8"


def test_html_export_loads_nothing_from_the_network(sub):
    page = EXPORTERS["html"].render(sub).decode("utf-8")
    assert page.startswith("<!doctype html>")
    assert not LOADS.findall(page)
    assert "sourceMappingURL" not in page
    # vis-network is inlined, not referenced
    assert "<script src" not in page.lower() and "<link" not in page.lower()
    assert "vis.Network" in page and ".vis-network" in page
    # every node's IRI is in the data, and every cited document in the table
    assert all(n["iri"] in page for n in sub.nodes)
    assert all(d["iri"] in page for d in sub.documents) and sub.documents


def test_html_export_styles_by_type_and_dashes_inferred_links(sub):
    from webapp.exports.html import to_network

    net = to_network(sub)
    by_id = {n["id"]: n for n in net.nodes}
    for node in sub.nodes:
        colour, shape = STYLE[node["type"]]
        assert by_id[node["iri"]]["color"] == colour and by_id[node["iri"]]["shape"] == shape
        assert by_id[node["iri"]]["label"] == (node["zh"] or node["en"] or node["iri"].rsplit("/", 1)[-1])
    assert [e["dashes"] for e in net.edges] == [e["inferred"] for e in sub.edges]
    assert any(e["inferred"] for e in sub.edges)
    # a stated link's popup says how its evidence was found
    for e, drawn in zip(sub.edges, net.edges, strict=True):
        assert all(HOW[h][0] in drawn["title"] and HOW[h][1] in drawn["title"] for h in e["how"])
    assert any(e["how"] for e in sub.edges)
    assert net.options["physics"]["enabled"]


def test_html_export_fixes_positions_above_threshold():
    from webapp.exports.html import to_network

    nodes = [{"iri": f"https://w3id.org/ikg/id/x/{i}", "type": "Company", "zh": f"企业{i}", "en": "",
              "aliases": [], "mentions": 1} for i in range(201)]
    edges = [{"source": nodes[i]["iri"], "target": nodes[i + 1]["iri"], "property": "memberOf",
              "inferred": False, "documents": []} for i in range(200)]
    net = to_network(Subgraph(nodes, edges))
    assert not net.options["physics"]["enabled"]
    assert all("x" in n and "y" in n and n["physics"] is False for n in net.nodes)


def test_html_export_escapes_a_hostile_label():
    page = EXPORTERS["html"].render(hostile_subgraph()).decode("utf-8")
    assert HOSTILE not in page and XSS not in page
    assert "<img" not in page.lower()
    data = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and ">" not in data and "\\u003c/script\\u003e" in data
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page  # the documents table, as text
    assert page.lower().count("</script>") == 3  # the data, vis-network, the page's own script


# --- in Chromium, offline -------------------------------------------------------------------------


def open_offline(browser, path):
    """``path`` in a fresh context where every request but the file itself is aborted."""
    from tests.browser import VIEWPORT

    url = path.as_uri()
    context = browser.new_context(viewport=VIEWPORT)
    seen = {"blocked": [], "console": [], "errors": []}

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            seen["blocked"].append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["errors"].append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(url)
    page.wait_for_function("window.__drawn === true", timeout=15_000)
    return context, page, seen


@pytest.mark.browser
def test_html_export_draws_offline_in_chromium(browser, sub, tmp_path):
    path = tmp_path / "network.html"
    path.write_bytes(EXPORTERS["html"].render(sub))
    context, page, seen = open_offline(browser, path)
    try:
        drawn = page.evaluate("Object.keys(window.__network.getPositions()).length")
        assert drawn == len(sub.nodes) > 1
        assert page.evaluate("window.__network.body.data.edges.length") == len(sub.edges)
        assert page.locator("#documents tbody tr").count() == len(sub.documents)
        assert page.locator("#network canvas").count() == 1
        assert not seen["console"], seen["console"]
        assert not seen["errors"], seen["errors"]
        assert not seen["blocked"], seen["blocked"]
    finally:
        context.close()


@pytest.mark.browser
def test_html_export_shows_a_hostile_label_as_text(browser, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_bytes(EXPORTERS["html"].render(hostile_subgraph()))
    context, page, seen = open_offline(browser, path)
    try:
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
        assert page.locator('img[src="x"]').count() == 0
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        labels = page.evaluate("window.__network.body.data.nodes.get().map(n => n.label)")
        assert sorted(labels) == sorted([HOSTILE, XSS + "产业园"])
        assert page.locator("#documents td").first.text_content() == HOSTILE
        # the tooltip is a DOM element holding the text, not markup
        tip = page.evaluate("window.__network.body.data.nodes.get('https://w3id.org/ikg/id/x/a').title.textContent")
        assert HOSTILE in tip and XSS in tip
        point = page.evaluate("""id => {
            const net = window.__network, dom = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.querySelector("#network canvas").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""", "https://w3id.org/ikg/id/x/a")
        page.mouse.move(point["x"], point["y"])
        page.wait_for_selector("div.vis-tooltip .tip", state="visible", timeout=5_000)
        assert HOSTILE in page.locator("div.vis-tooltip .tip").text_content()
        assert page.locator("div.vis-tooltip img").count() == 0
        assert page.evaluate("window.__xss") is None
        assert not seen["console"], seen["console"]
        assert not seen["errors"], seen["errors"]
        assert not seen["blocked"], seen["blocked"]
    finally:
        context.close()

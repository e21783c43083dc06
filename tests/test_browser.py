"""The explorer in a real browser (Debian's Chromium through Playwright), against a live server.

One browser for the module; each test gets a fresh context whose requests are all routed through
a watcher (anything but 127.0.0.1 is recorded and aborted) and whose pages report console
errors, uncaught exceptions and dialogs.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.browser import (
    VIEWPORT,
    LiveServer,
    Watch,
    label_overlaps,
    missing_chromium,
    node_point,
    wait_network_ready,
    wait_positions_settle,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DOC_SLUG = "000_426d9ae1a54ee585"
ID = "https://w3id.org/ikg/id/"
HAIER = ID + "company/haier"
SMART_APPLIANCES = ID + "industry/zhineng-jiadian"  # 智能家电
VR_CENTRE = ID + "platform/xuni-xianshi-chuangxin"  # 国家虚拟现实创新中心, two hops from 海尔
XSS_TEXT = ("青岛市实施《<img src=x onerror=window.__xss=1>产业园》，加快建设“<img src=x onerror=alert(1)>产业园”，"
            "印发《<img src=x onerror=alert(1)>集群》，打造智能家电产业集群。")


def path_of(iri: str) -> str:
    return "/" + iri.split("/ikg/", 1)[1]


def pages_to_visit() -> list[str]:
    """Every page family of the explorer, and a 404."""
    return [
        "/",
        "/browse/Cluster",
        "/browse/Company?sort=degree",
        path_of(HAIER),
        path_of(SMART_APPLIANCES),
        f"/doc/{DOC_SLUG}",
        "/network?view=clusters",
        f"/network?focus={quote(HAIER, safe='')}&depth=1",
        "/network?types=Cluster,Park,Industry",
        "/indicators",
        "/matrix",
        "/matrix?kind=platform-cluster&all=1",
        f"/paths?from={quote(HAIER, safe='')}&to={quote(VR_CENTRE, safe='')}",
        "/search?q=海尔",
        "/id/cluster/no-such-cluster",
    ]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def snap(app):
    return app.extensions["ikg"]["snapshot"].get()


def visit(page, url: str, status: int = 200):
    response = page.goto(url)
    assert response is not None and response.status == status, f"{url}: {response and response.status}"
    if page.locator("#network").count():
        wait_network_ready(page)
    return response


def network_ids(page) -> list[str]:
    return page.evaluate("window.ikgNetwork.nodes.getIds()")


def test_chromium_is_installed():
    """Without Chromium this fails (and every browser test errors at setup): never a silent skip."""
    assert not missing_chromium(), missing_chromium()


# ---------------------------------------------------------------- 1. clusters and parks


def test_cluster_view_draws_every_cluster_with_its_parks(page, watch, server, snap):
    visit(page, server.url + "/network?view=clusters")
    ids = set(network_ids(page))
    clusters = {iri for iri, n in snap.nodes.items() if n.type == "Cluster"}
    assert clusters, "the bundled corpus should yield clusters"
    assert clusters <= ids, f"clusters missing from the view: {sorted(clusters - ids)}"
    parks = {o for s, o, p in snap.graph.edges(keys=True) if s in clusters and p in ("hasPark", "linkedPark")}
    assert parks, "the bundled corpus should link clusters to parks"
    assert parks <= ids, f"parks missing from the view: {sorted(parks - ids)}"
    assert ids == clusters | parks, f"unexpected nodes: {sorted(ids - clusters - parks)}"
    edges = page.evaluate("window.ikgNetwork.edges.get().map(e => [e.from, e.to])")
    drawn = {tuple(e) for e in edges}
    for s, o, p in snap.graph.edges(keys=True):
        if s in clusters and p in ("hasPark", "linkedPark"):
            assert (s, o) in drawn, f"edge {s} -{p}-> {o} not drawn"
    assert page.get_attribute("#network", "data-nodes") == str(len(ids))
    # the canvas really drew: some pixels are not white
    painted = page.evaluate("""() => {
        const c = document.querySelector('#network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
        return n; }""")
    assert painted > 500, "the network canvas looks empty"
    watch.assert_clean()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cluster_view_labels_do_not_overlap(page, watch, server, lang):
    visit(page, f"{server.url}/network?view=clusters&lang={lang}")
    ids = network_ids(page)
    wait_positions_settle(page, ids)
    measured = label_overlaps(page)
    assert measured["labels"] == len(ids), "every node should have a measured label"
    assert measured["pairs"] == [], f"overlapping labels: {measured['pairs']}"
    # the measure sees an overlap when there is one: put one node onto another
    a, b = ids[0], ids[1]
    page.evaluate("([a, b]) => { const n = window.ikgNetwork.network; const p = n.getPositions([b])[b];"
                  " n.moveNode(a, p.x + 3, p.y + 2); }", [a, b])
    assert [a, b] in label_overlaps(page)["pairs"] or [b, a] in label_overlaps(page)["pairs"]
    watch.assert_clean()


# ---------------------------------------------------------------- 2. panel, expand, undo


def _groups(snap, iri: str) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for _s, o, p in snap.graph.out_edges(iri, keys=True):
        groups.setdefault(f"{p}>", set()).add(o)
    for s, _o, p in snap.graph.in_edges(iri, keys=True):
        groups.setdefault(f"<{p}", set()).add(s)
    return groups


def test_clicking_a_node_opens_its_panel_and_expand_then_undo(page, watch, server, snap):
    visit(page, server.url + "/network?view=clusters")
    ids = network_ids(page)
    clusters = sorted((i for i in ids if snap.nodes[i].type == "Cluster"), key=lambda i: -snap.graph.degree(i))
    wait_positions_settle(page, clusters)
    # the best connected cluster that has a group of neighbours not drawn yet, and that is not hidden under another
    for iri in clusters:
        fresh = {g: ns - set(ids) for g, ns in _groups(snap, iri).items() if ns - set(ids)}
        point = node_point(page, iri)
        if fresh and point["hit"] == iri:
            break
    else:
        pytest.fail("no cluster can be clicked and expanded")
    label = page.evaluate("id => window.ikgNetwork.nodes.get(id).label", iri)
    assert label == snap.nodes[iri].zh

    page.mouse.click(point["x"], point["y"])
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert page.get_attribute("#network", "data-selected") == iri
    page.locator("#panel h2").wait_for()
    assert page.locator("#panel h2").inner_text() == label
    assert page.locator("#panel a.button").get_attribute("href") == path_of(iri)

    group = min(fresh, key=lambda g: (-len(fresh[g]), g))
    button = page.locator(f'#panel button.expand[data-group="{group}"]')
    assert button.count() == 1, f"no expand button for {group}"
    before = len(ids)
    button.click()
    page.wait_for_function("n => document.getElementById('network').dataset.nodes !== n", arg=str(before))
    after = network_ids(page)
    assert len(after) > before
    assert page.get_attribute("#network", "data-nodes") == str(len(after))
    added = set(after) - set(ids)
    assert added & fresh[group], f"expanding {group} added {added}, none of {fresh[group]}"
    assert "expand=" in page.url, "the expansion should be kept in the address"
    assert page.locator("#undo").is_enabled()

    page.click("#undo")
    page.wait_for_function("n => document.getElementById('network').dataset.nodes === n", arg=str(before))
    assert set(network_ids(page)) == set(ids)
    assert page.locator("#undo").is_disabled()
    assert "expand=" not in page.url
    watch.assert_clean()


@pytest.fixture(scope="module")
def paged_server(built_store):
    """The explorer adding two neighbours per expansion, so that "+N more" shows on the corpus."""
    from webapp import create_app

    app = create_app({"TESTING": True, "STORE_OBJECT": built_store, "SECRET_KEY": "test", "EXPAND_LIMIT": 2})
    with LiveServer(app) as live:
        yield live


def test_undo_after_more_brings_the_more_node_back(page, watch, paged_server, snap):
    visit(page, paged_server.url + "/network?view=clusters")
    ids = network_ids(page)
    iri, group = next((i, g) for i in sorted(ids) for g, ns in sorted(_groups(snap, i).items()) if len(ns) >= 4)
    page.evaluate("([iri, group]) => window.ikgNetwork.expand(iri, group, 0, null)", [iri, group])
    more = f"more:\u0001{iri}\u0001{group}\u00012"
    page.wait_for_function("id => window.ikgNetwork.nodes.get(id) !== null", arg=more)
    wait_positions_settle(page, [more])
    before = {"nodes": sorted(network_ids(page)),
              "edges": sorted(page.evaluate("window.ikgNetwork.edges.getIds()"))}
    point = node_point(page, more)
    assert point["hit"] == more, f"the +N more node is hidden under {point['hit']}"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("id => window.ikgNetwork.nodes.get(id) === null", arg=more)
    assert len(network_ids(page)) > len(before["nodes"]) - 1, "the next page of neighbours was added"

    page.click("#undo")
    page.wait_for_function("id => window.ikgNetwork.nodes.get(id) !== null", arg=more)
    assert sorted(network_ids(page)) == before["nodes"]
    assert sorted(page.evaluate("window.ikgNetwork.edges.getIds()")) == before["edges"]
    label = page.evaluate("id => window.ikgNetwork.nodes.get(id).label", more)
    assert label.startswith("+") and label.endswith("更多"), label
    page.click("#undo")
    page.wait_for_function("n => window.ikgNetwork.nodes.length === n", arg=len(ids))
    assert sorted(network_ids(page)) == sorted(ids)
    watch.assert_clean()


# ---------------------------------------------------------------- 3. search


def _suggestion(page, text: str) -> tuple[int, str]:
    page.locator("ul.suggestions li", has_text=text).first.wait_for()
    names = page.locator("ul.suggestions li .name").all_inner_texts()
    index = next(i for i, n in enumerate(names) if text in n)
    return index, names[index]


def test_search_autocompletes_pinyin_and_navigates(page, watch, server, snap):
    visit(page, server.url + "/")
    box = page.locator("#search-box")
    box.click()
    box.press_sequentially("haier", delay=30)
    index, name = _suggestion(page, "海尔")
    assert page.locator("ul.suggestions").is_visible()
    for _ in range(index + 1):
        box.press("ArrowDown")
    assert page.locator("ul.suggestions li").nth(index).get_attribute("class").endswith("active")
    with page.expect_navigation():
        box.press("Enter")
    target = next(n for n in snap.nodes.values() if n.zh == name)
    assert urlsplit(page.url).path == path_of(target.iri)
    assert page.locator("main h1").inner_text() == name

    # the same by mouse, from another page
    visit(page, server.url + "/browse/Park")
    box.click()
    box.press_sequentially("haier", delay=30)
    index, name = _suggestion(page, "海尔")
    with page.expect_navigation():
        page.locator("ul.suggestions li").nth(index).click()
    assert page.locator("main h1").inner_text() == name

    # the entity pickers of the paths page: suggestions right under the field, choosing fills in the IRI
    visit(page, server.url + "/paths")
    picker = page.locator("input.entity-picker[data-field=from-iri]")
    picker.press_sequentially("haier", delay=30)
    suggestions = page.locator("ul.suggestions:visible")
    haier = suggestions.locator("li", has=page.locator("span.name", has_text=re.compile("^海尔$")))
    haier.wait_for()
    field, listbox = picker.bounding_box(), suggestions.bounding_box()
    assert abs(listbox["y"] - (field["y"] + field["height"])) < 8, f"suggestions at {listbox}, field at {field}"
    assert abs(listbox["x"] - field["x"]) < 8 and listbox["width"] < 2 * field["width"]
    haier.click()
    assert picker.input_value() == "海尔"
    assert page.locator("input[type=hidden][name=from]").input_value() == HAIER
    # typing again forgets the choice: the words typed are sent
    picker.press("End")
    picker.press_sequentially("x", delay=30)
    assert page.locator("input[type=hidden][name=from]").input_value() == "海尔x"
    watch.assert_clean()


# ---------------------------------------------------------------- 4. document view


def test_document_view_highlights_mentions_and_the_linked_span(context, watch, server):
    from graph.corpus import read_document

    text = read_document(ROOT / "data" / "corpus" / f"{DOC_SLUG}.txt").text
    page = context.new_page()
    visit(page, f"{server.url}/doc/{DOC_SLUG}")
    mentions = page.locator("#doc-text a.mention")
    assert mentions.count() > 10
    for i in (0, mentions.count() - 1):
        colour = mentions.nth(i).evaluate("a => getComputedStyle(a).backgroundColor")
        assert colour not in ("transparent", "rgba(0, 0, 0, 0)"), f"mention {i} is not highlighted: {colour}"
    assert page.locator("#doc-text").evaluate("e => e.textContent") == text
    assert not page.locator("mark.target").count(), "no span is asked for, none is marked"

    last = mentions.last
    start, end = int(last.get_attribute("data-start")), int(last.get_attribute("data-end"))
    assert last.inner_text() == text[start:end]
    # one mention, then a span across a mention's edges (several text nodes)
    for a, b, pieces in ((start, end, 1), (start - 6, end + 4, 2)):
        fresh = context.new_page()
        visit(fresh, f"{server.url}/doc/{DOC_SLUG}#s{a}-{b}")
        marks = fresh.locator("mark.target")
        assert marks.count() >= pieces
        assert "".join(marks.all_text_contents()) == text[a:b]
        assert fresh.locator("#target").count() == 1
        assert fresh.locator("#target").is_visible()
        assert fresh.locator("#target").evaluate(
            "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
        ), "the marked span should be scrolled into view"
        colour = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
        assert colour not in ("transparent", "rgba(0, 0, 0, 0)")
        fresh.close()
    watch.assert_clean()


# ---------------------------------------------------------------- 5 and 6. every page


@pytest.fixture(scope="module")
def visited(browser, server):
    """Every page visited once in one context (a 404 included); the watcher's record."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    watch = Watch(expected_console=["/id/cluster/no-such-cluster: Failed to load resource: the server "
                                    "responded with a status of 404"])
    watch.attach(context)
    page = context.new_page()
    for url in pages_to_visit():
        visit(page, server.url + url, 404 if "no-such" in url else 200)
        page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    context.close()
    return watch


def test_no_console_or_page_errors_on_any_page(visited):
    assert not visited.page_errors, "uncaught errors:\n" + "\n".join(visited.page_errors)
    assert not visited.console_errors, "console errors:\n" + "\n".join(visited.console_errors)
    assert not visited.dialogs


def test_no_request_leaves_localhost(visited, server):
    assert visited.requests, "the route should have seen the requests"
    hosts = {urlsplit(u).hostname for u in visited.requests}
    assert hosts == {"127.0.0.1"}, "requests left 127.0.0.1:\n" + "\n".join(visited.foreign_requests())
    seen = {urlsplit(u).path for u in visited.requests}
    for wanted in ("/static/css/app.css", "/static/js/app.js", "/static/js/network.js",
                   "/static/vendor/vis-network/vis-network.min.js", "/api/network"):
        assert wanted in seen, f"{wanted} was never requested: is the route really watching?"


# ---------------------------------------------------------------- 7. markup in a label stays text


@pytest.fixture
def xss_server(corpus_copy):
    from graph.corpus import read_document
    from graph.extract import extract
    from graph.ingest import build
    from graph.store.oxigraph import MemoryStore
    from webapp import create_app

    path = corpus_copy / "900_xss.txt"
    path.write_text(XSS_TEXT, encoding="utf-8")
    labels = [e.label for e in extract(read_document(path)).entities]
    assert any("<img" in label for label in labels), f"the extractor found no markup label in {labels}"
    store = MemoryStore()
    build([corpus_copy], store)
    app = create_app({"TESTING": True, "STORE_OBJECT": store})
    with LiveServer(app) as live:
        live.snapshot = app.extensions["ikg"]["snapshot"].get()
        yield live


def _no_markup_ran(page) -> None:
    injected = page.evaluate(
        "() => [...document.querySelectorAll('img')].filter(i => i.getAttribute('src') === 'x').length")
    assert injected == 0, f"{page.url}: a label became an <img> element"
    assert page.evaluate("typeof window.__xss") == "undefined", f"{page.url}: a label's onerror ran"


def test_markup_in_labels_is_shown_as_text(page, watch, xss_server):
    url, snap = xss_server.url, xss_server.snapshot
    evil = sorted((n for n in snap.nodes.values() if "<img" in n.zh), key=lambda n: n.iri)
    assert evil, "the test corpus should yield an entity named with markup"
    node = next(n for n in evil if "__xss" in n.zh)
    doc = next(d for d in snap.documents if d.endswith("/900_xss")).rsplit("/", 1)[1]

    for lang in ("en", "zh"):  # zh last: the choice sticks in a cookie
        visit(page, f"{url}{path_of(node.iri)}?lang={lang}")
        assert page.locator("main h1").inner_text() == node.zh
        _no_markup_ran(page)

    visit(page, f"{url}/doc/{doc}")
    assert XSS_TEXT in page.locator("#doc-text").evaluate("e => e.textContent")
    assert page.locator("#doc-text a.mention", has_text=node.zh).count() >= 1
    _no_markup_ran(page)

    for query in ("/browse/Policy", "/search?q=onerror"):
        visit(page, url + query)
        shown = page.locator("main").inner_text()
        assert all(n.zh in shown for n in evil), f"{query} should show the labels as text"
        _no_markup_ran(page)

    visit(page, url + "/network?types=Policy")
    labels = page.evaluate("window.ikgNetwork.nodes.get().map(n => n.label)")
    assert {n.zh for n in evil} <= set(labels)
    _no_markup_ran(page)

    # the network: canvas labels, the hover card and the side panel
    visit(page, f"{url}/network?focus={quote(node.iri, safe='')}")
    assert page.evaluate("id => window.ikgNetwork.nodes.get(id).label", node.iri) == node.zh
    wait_positions_settle(page, [node.iri])
    point = node_point(page, node.iri)
    page.mouse.move(point["x"], point["y"])
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible")
    assert node.zh in tip.inner_text()
    assert tip.locator("img").count() == 0
    page.mouse.click(point["x"], point["y"])
    page.locator("#panel h2").wait_for()
    assert page.locator("#panel h2").inner_text() == node.zh
    _no_markup_ran(page)

    # search suggestions
    visit(page, url + "/")
    page.locator("#search-box").press_sequentially("onerror", delay=20)
    page.locator("ul.suggestions li").first.wait_for()
    names = page.locator("ul.suggestions li .name").all_inner_texts()
    assert {n.zh for n in evil} <= set(names), names
    _no_markup_ran(page)
    page.locator("ul.suggestions li", has_text="__xss").first.hover()
    _no_markup_ran(page)
    watch.assert_clean()


# ---------------------------------------------------------------- 8. screenshots


def test_screenshots(page, watch, server):
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {
        "home.png": "/",
        "entity-smart-appliances.png": path_of(SMART_APPLIANCES),
        "document.png": f"/doc/{DOC_SLUG}",
        "clusters.png": "/network?view=clusters",
    }
    for name, url in shots.items():
        visit(page, server.url + url)
        page.evaluate("document.fonts.ready")
        if page.locator("#network").count():
            ids = network_ids(page)
            wait_positions_settle(page, ids[:20])
        page.screenshot(path=str(ARTIFACTS / name))
        assert (ARTIFACTS / name).stat().st_size > 10_000, f"{name} looks blank"
    watch.assert_clean()

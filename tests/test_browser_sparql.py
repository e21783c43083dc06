"""The SPARQL query page in a real browser (Debian's Chromium through Playwright), against a live server.

The editor (CodeMirror: highlighting, completion of PREFIX declarations and of the ontology's
terms, Ctrl+Enter), the gallery, the answer as a table, a network and a chart, downloads, the
query kept in the address and the recent queries. Every request is routed through a watcher:
anything but 127.0.0.1 is recorded and aborted, console errors and uncaught exceptions fail.

The completion list of the ikg terms, ``webapp/static/js/ikg-terms.json``, is generated from
``ontology/ikg.ttl``; after changing the ontology regenerate it with
``python -m tests.test_browser_sparql``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import LiveServer, Watch

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TERMS = ROOT / "webapp" / "static" / "js" / "ikg-terms.json"
NS = "https://w3id.org/ikg/ontology#"
JSON_RESULTS = "application/sparql-results+json"
PREFIXES = {
    "ikg": NS, "skos": "http://www.w3.org/2004/02/skos/core#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#", "xsd": "http://www.w3.org/2001/XMLSchema#", "owl": "http://www.w3.org/2002/07/owl#",
}
XSS = "<img src=x onerror=window.__xss=1>"


# ---------------------------------------------------------------- the completion list of ikg terms


def ontology_terms() -> dict:
    """The classes and properties of ``ontology/ikg.ttl`` as the editor's completion list."""
    from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal

    kinds = {OWL.Class: "class", OWL.ObjectProperty: "objectProperty", OWL.DatatypeProperty: "datatypeProperty",
             SKOS.ConceptScheme: "scheme"}
    graph = Graph().parse(ROOT / "ontology" / "ikg.ttl", format="turtle")
    terms = []
    for term in {s for s in graph.subjects() if str(s).startswith(NS)}:
        kind = next(k for t, k in kinds.items() if (term, RDF.type, t) in graph)
        labels = {o.language: str(o) for o in graph.objects(term, RDFS.label) if isinstance(o, Literal)}
        terms.append({"name": str(term)[len(NS):], "kind": kind, "zh": labels.get("zh", ""), "en": labels.get("en", "")})
    order = list(kinds.values())
    terms.sort(key=lambda t: (order.index(t["kind"]), t["name"].lower()))
    return {"prefix": "ikg", "namespace": NS, "source": "ontology/ikg.ttl", "terms": terms}


def write_terms() -> None:
    TERMS.write_text(json.dumps(ontology_terms(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def test_completion_list_matches_ikg_ttl():
    from ontology.namespace import IKG

    shipped = json.loads(TERMS.read_text(encoding="utf-8"))
    assert shipped == ontology_terms(), "regenerate the list: python -m tests.test_browser_sparql"
    names = {t["name"] for t in shipped["terms"]}
    assert names == set(IKG.__annotations__)
    assert {"Cluster", "Park", "hasPark", "inIndustry", "year"} <= names
    assert all(t["zh"] and t["en"] for t in shipped["terms"])


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def context_options() -> dict:
    return {"timeout": 20_000, "accept_downloads": True}


@pytest.fixture(scope="module")
def named():
    import ontology

    return {q.name: q for q in ontology.queries()}


@pytest.fixture(scope="module")
def endpoint(app):
    """The endpoint's own answer to a query (JSON), asked without a browser."""
    client = app.test_client()

    def ask(text: str):
        response = client.post("/sparql", data={"query": text}, headers={"Accept": JSON_RESULTS})
        return response.status_code, response.get_json()

    return ask


# ---------------------------------------------------------------- helpers


def open_sparql(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_selector('#query-form[data-ready="1"][data-terms="ready"]', state="attached")
    assert page.locator(".CodeMirror").count() == 1, "the editor did not start"


def wait_answer(page) -> None:
    page.wait_for_selector('#query-form[data-state="done"]', state="attached")


def run_example(page, name: str) -> None:
    page.locator(f'a.example[data-name="{name}"]').click()
    wait_answer(page)


def editor_text(page) -> str:
    return page.evaluate("window.ikgSparql.editor.getValue()")


def set_editor(page, text: str) -> None:
    page.evaluate("t => { const cm = window.ikgSparql.editor; cm.setValue(t); cm.focus(); cm.setCursor(cm.lineCount(), 0); }",
                  text)


def tab_names(page) -> list[str]:
    return page.eval_on_selector_all("#result-tabs button", "bs => bs.map(b => b.dataset.tab)")


def table_rows(page) -> int:
    return page.locator("#pane-table table.results tbody tr").count()


def hints(page, first: str | None = None, count: int | None = None) -> list[str]:
    """The names the completion list offers, once it shows ``first`` first (or ``count`` names)."""
    from playwright.sync_api import expect

    names = page.locator("ul.CodeMirror-hints li .hint-name")
    if first is not None:
        expect(names.first).to_have_text(first)
    if count is not None:
        expect(names).to_have_count(count)
    return names.all_inner_texts()


def painted_pixels(page, selector: str) -> int:
    return page.evaluate("""sel => {
        const c = document.querySelector(sel);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
        return n; }""", selector)


# ---------------------------------------------------------------- gallery, table, chart, downloads, network


@pytest.mark.browser
def test_example_runs_into_table_chart_downloads_and_network(page, watch, server, named, endpoint):
    open_sparql(page, server.url + "/sparql")
    examples = page.locator("a.example")
    assert examples.count() == len(named)
    title = page.locator('a.example[data-name="platforms_per_industry"]').inner_text()
    assert title == named["platforms_per_industry"].title_zh
    assert page.locator(".CodeMirror .cm-keyword").count() > 0, "no SPARQL keyword is highlighted"
    assert page.locator(".CodeMirror .cm-variable-2").count() > 0, "no variable is highlighted"

    # platforms per industry: a table with entity links, the row count and the time
    run_example(page, "platforms_per_industry")
    query = named["platforms_per_industry"].text
    assert editor_text(page) == query
    status, answer = endpoint(query)
    rows = answer["results"]["bindings"]
    assert status == 200 and rows
    assert table_rows(page) == len(rows) > 0
    headers = page.locator("#pane-table th").all_inner_texts()
    assert headers == answer["head"]["vars"]
    link = page.locator("#pane-table a.entity").first
    first = rows[0]["industry"]["value"]
    assert link.get_attribute("href") == "/" + first.split("/ikg/", 1)[1]
    assert link.inner_text() == first.split("/ikg/id/", 1)[1]
    assert page.locator("#pane-table td", has_text=rows[0]["industryLabel"]["value"]).count() >= 1
    shown = page.locator("#status").inner_text()
    assert re.search(rf"\b{len(rows)} 行", shown) and re.search(r"\d+ 毫秒", shown), shown
    assert page.locator("#notice").is_hidden(), "nothing is truncated"
    assert tab_names(page) == ["table", "chart"], "one IRI column: no network"

    # the chart of the numeric column: one bar per row
    page.click('#result-tabs button[data-tab="chart"]')
    assert page.locator("#pane-chart").is_visible()
    bars = page.locator("#pane-chart svg g.bar rect")
    assert bars.count() == len(rows) > 0
    widths = [float(bars.nth(i).get_attribute("width")) for i in range(bars.count())]
    counts = [int(r["platforms"]["value"]) for r in rows]
    assert widths.index(max(widths)) == counts.index(max(counts))
    label = rows[0]["industryLabel"]["value"]
    assert page.locator("#pane-chart svg text.cat").first.text_content() == (label if len(label) <= 16 else label[:15] + "…")

    # downloads in every format of a table; the CSV holds the header and the Chinese labels
    formats = page.eval_on_selector_all("#downloads a.download", "as => as.map(a => a.dataset.format)")
    assert formats == ["json", "xml", "csv", "tsv"]
    href = page.get_attribute('#downloads a[data-format="csv"]', "href")
    assert parse_qs(urlsplit(href).query) == {"query": [query], "format": ["csv"]}
    with page.expect_download() as info:
        page.click('#downloads a[data-format="csv"]')
    download = info.value
    assert download.suggested_filename == "ikg-query.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["industry", "industryLabel", "platforms", "names"]
    assert len(table) == len(rows) + 1
    assert table[1][1] == rows[0]["industryLabel"]["value"] and re.search(r"[\u4e00-\u9fff]", table[1][1])
    assert all(r[3] for r in table[1:]), "every industry lists its platforms"

    # clusters and parks: pairs of entity IRIs, so a network
    run_example(page, "clusters_and_parks")
    status, answer = endpoint(named["clusters_and_parks"].text)
    rows = answer["results"]["bindings"]
    assert table_rows(page) == len(rows) > 0
    assert tab_names(page) == ["table", "network"]
    page.click('#result-tabs button[data-tab="network"]')
    page.wait_for_selector('#sparql-network[data-ready="1"]', state="attached")
    ids = set(page.evaluate("window.ikgSparql.nodes.getIds()"))
    assert ids == {r["cluster"]["value"] for r in rows} | {r["park"]["value"] for r in rows}
    drawn = {tuple(e) for e in page.evaluate("window.ikgSparql.edges.get().map(e => [e.from, e.to])")}
    assert drawn == {(r["cluster"]["value"], r["park"]["value"]) for r in rows}
    labels = page.evaluate("window.ikgSparql.nodes.get().map(n => n.label)")
    assert set(labels) == {r["clusterLabel"]["value"] for r in rows} | {r["parkLabel"]["value"] for r in rows}
    assert page.get_attribute("#sparql-network", "data-nodes") == str(len(ids))
    assert painted_pixels(page, "#sparql-network canvas") > 300, "the network canvas looks empty"

    # targets per year: a year column, so a line chart
    run_example(page, "targets_by_year")
    assert tab_names(page) == ["table", "chart"]
    page.click('#result-tabs button[data-tab="chart"]')
    assert page.locator("#pane-chart svg polyline").count() == 2  # targets and reported
    assert page.locator("#pane-chart svg circle").count() == 2 * table_rows(page)

    seen = {urlsplit(u).path for u in watch.requests}
    for wanted in ("/static/vendor/codemirror/codemirror.js", "/static/vendor/codemirror/sparql.js",
                   "/static/vendor/codemirror/show-hint.js", "/static/vendor/vis-network/vis-network.min.js",
                   "/static/js/ikg-terms.json", "/static/css/sparql.css"):
        assert wanted in seen, f"{wanted} was never requested"
    watch.assert_clean()


# ---------------------------------------------------------------- completion and Ctrl+Enter


@pytest.mark.browser
def test_completion_of_prefixes_and_terms_then_ctrl_enter(page, watch, server, endpoint):
    open_sparql(page, server.url + "/sparql")
    set_editor(page, "")
    page.keyboard.type("PREFIX ", delay=30)
    offered = hints(page, first="ikg:", count=10)
    assert offered[:8] == [p + ":" for p in PREFIXES], offered
    notes = page.locator("ul.CodeMirror-hints li .hint-note").all_inner_texts()
    assert notes[:8] == [f"<{iri}>" for iri in PREFIXES.values()]
    page.keyboard.type("sk", delay=30)
    assert hints(page, count=1) == ["skos:"]
    page.keyboard.press("Enter")
    assert editor_text(page) == f"PREFIX skos: <{PREFIXES['skos']}>"

    # a term of the ontology after ikg:, its PREFIX added on the way
    page.keyboard.press("Enter")
    page.keyboard.type("SELECT ?c WHERE { ?c a ikg:Clu", delay=30)
    hints(page, first="ikg:Cluster")
    note = page.locator("ul.CodeMirror-hints li .hint-note").first.inner_text()
    assert "产业集群" in note
    page.keyboard.press("Enter")
    page.wait_for_selector("ul.CodeMirror-hints", state="detached")
    text = editor_text(page)
    assert text.splitlines() == [f"PREFIX skos: <{PREFIXES['skos']}>", f"PREFIX ikg: <{NS}>",
                                 "SELECT ?c WHERE { ?c a ikg:Cluster"]

    # properties too, matched inside the name as well as at its start
    page.keyboard.type(" ; ikg:Park", delay=30)
    offered = hints(page, first="ikg:Park", count=4)
    assert offered == ["ikg:Park", "ikg:hasPark", "ikg:linkedPark", "ikg:locatedInPark"]
    page.keyboard.press("Escape")
    page.wait_for_selector("ul.CodeMirror-hints", state="detached")
    page.keyboard.type(" . ?c ikg:has", delay=30)
    assert hints(page, first="ikg:hasPark", count=1) == ["ikg:hasPark"]
    page.keyboard.press("Escape")
    set_editor(page, text + " }")

    # Ctrl+Enter runs it: one row per cluster
    page.keyboard.press("Control+Enter")
    wait_answer(page)
    status, answer = endpoint(text + " }")
    assert status == 200
    assert table_rows(page) == len(answer["results"]["bindings"]) > 0
    assert page.locator("#pane-table a.entity").first.get_attribute("href").startswith("/id/cluster/")
    watch.assert_clean()


# ---------------------------------------------------------------- address, reload, recent queries, language


@pytest.mark.browser
def test_address_reproduces_the_query_and_recent_queries_are_kept(page, watch, server, named):
    open_sparql(page, server.url + "/sparql")
    assert page.locator("#recent li").all_inner_texts() == ["还没有运行过查询。"]
    run_example(page, "entities_per_type")
    query = named["entities_per_type"].text
    assert parse_qs(urlsplit(page.url).query)["query"] == [query]
    rows = table_rows(page)
    assert rows > 0

    page.reload()
    page.wait_for_selector('#query-form[data-ready="1"]', state="attached")
    wait_answer(page)
    assert editor_text(page) == query
    assert table_rows(page) == rows
    assert parse_qs(urlsplit(page.url).query)["query"] == [query]

    # a new tab with the address alone gives the same
    other = page.context.new_page()
    open_sparql(other, page.url)
    wait_answer(other)
    assert editor_text(other) == query and table_rows(other) == rows
    other.close()

    # recent queries: newest first, no duplicates, clickable
    run_example(page, "documents")
    recent = page.locator("#recent li .recent-query").all_inner_texts()
    assert recent[:2] == [named["documents"].title_zh, named["entities_per_type"].title_zh]
    assert len(recent) == len(set(recent))
    page.locator("#recent li .recent-query").nth(1).click()
    wait_answer(page)
    assert editor_text(page) == query
    stored = page.evaluate("JSON.parse(localStorage.getItem('ikg.sparql.recent'))")
    assert [s["q"] for s in stored[:2]] == [query, named["documents"].text]
    for i in range(25):
        set_editor(page, f"SELECT ({i} AS ?n) WHERE {{}}")
        page.click("#run")
        wait_answer(page)
    assert page.evaluate("JSON.parse(localStorage.getItem('ikg.sparql.recent')).length") == 20
    assert page.locator("#recent li").count() == 20
    page.click("#recent-clear")
    assert page.evaluate("localStorage.getItem('ikg.sparql.recent')") is None

    # in English: titles, descriptions and the interface
    open_sparql(page, server.url + "/sparql?lang=en")
    assert page.locator('a.example[data-name="documents"]').inner_text() == named["documents"].title_en
    assert named["documents"].description_en in page.locator(".gallery").inner_text()
    assert page.locator("#run").inner_text().startswith("Run")
    run_example(page, "documents")
    assert re.search(r"\d+ rows · \d+ ms", page.locator("#status").inner_text())
    assert page.locator("#result-tabs button").first.inner_text() == "Table"
    watch.assert_clean()


# ---------------------------------------------------------------- errors, ASK, CONSTRUCT, markup


@pytest.mark.browser
def test_errors_ask_construct_and_markup_stay_plain(context, server, endpoint):
    watch = Watch(expected_console=["Failed to load resource: the server responded with a status of 400"])
    watch.attach(context)
    page = context.new_page()
    open_sparql(page, server.url + "/sparql")

    bad = "SELECT * WHERE { ?s ?p }"
    status, answer = endpoint(bad)
    assert status == 400 and "syntax" in answer["message"]
    set_editor(page, bad)
    page.click("#run")
    wait_answer(page)
    error = page.locator("#error")
    assert error.is_visible()
    assert answer["message"] in error.inner_text()
    assert page.locator("#result-bar").is_hidden() and table_rows(page) == 0

    # a good query clears the error
    set_editor(page, "ASK { ?s a <https://w3id.org/ikg/ontology#Cluster> }")
    page.click("#run")
    wait_answer(page)
    assert error.is_hidden()
    assert page.locator("#pane-text p.ask").inner_text() == "是（true）"
    formats = page.eval_on_selector_all("#downloads a.download", "as => as.map(a => a.dataset.format)")
    assert formats == ["json", "xml", "csv", "tsv"]

    set_editor(page, "CONSTRUCT { ?c a <https://w3id.org/ikg/ontology#Cluster> } WHERE { ?c a <https://w3id.org/ikg/ontology#Cluster> }")
    page.click("#run")
    wait_answer(page)
    assert tab_names(page) == ["text"]
    assert "/ikg/id/cluster/" in page.locator("#pane-text pre").inner_text()
    assert re.search(r"\d+ 个三元组", page.locator("#status").inner_text())
    formats = page.eval_on_selector_all("#downloads a.download", "as => as.map(a => a.dataset.format)")
    assert formats == ["ttl", "nt", "jsonld", "rdfxml"]

    # markup in a value is text, in the table and in the address
    set_editor(page, f'SELECT ?x ?y WHERE {{ BIND("{XSS}"@zh AS ?x) BIND(<https://w3id.org/ikg/id/x/a> AS ?y) }}')
    page.click("#run")
    wait_answer(page)
    assert page.locator("#pane-table td").first.inner_text() == XSS
    assert page.locator("#pane-table img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    watch.assert_clean()


# ---------------------------------------------------------------- subgraph exports of a CONSTRUCT answer

CONSTRUCT = """PREFIX ikg: <https://w3id.org/ikg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?c a ikg:Cluster ; skos:prefLabel ?l ; ikg:inIndustry ?i . ?i skos:prefLabel ?il }
WHERE { ?c a ikg:Cluster ; skos:prefLabel ?l ; ikg:inIndustry ?i . ?i skos:prefLabel ?il FILTER(LANG(?il) = "zh") }"""
SUBGRAPH_FORMATS = {"ttl", "trig", "jsonld", "graphml", "gexf", "nodes.csv", "edges.csv", "xlsx", "html", "png",
                    "report.html", "report.pdf", "zip"}


def export_buttons(page) -> list[str]:
    return page.eval_on_selector_all("#subgraph-exports button", "bs => bs.map(b => b.dataset.format)")


def download(page, fmt: str):
    with page.expect_download() as info:
        page.click(f'#subgraph-exports button[data-format="{fmt}"]')
    return info.value


@pytest.mark.browser
def test_construct_answer_offers_subgraph_exports_that_download(context, server, app, monkeypatch):
    import networkx as nx
    from rdflib import Graph
    from rdflib.compare import isomorphic

    watch = Watch(expected_console=["Failed to load resource: the server responded with a status of 400"])
    watch.attach(context)
    page = context.new_page()
    open_sparql(page, server.url + "/sparql")
    bar = page.locator("#subgraph-exports")
    run_example(page, "platforms_per_industry")
    assert bar.is_hidden(), "a table is no subgraph"

    set_editor(page, CONSTRUCT)
    page.click("#run")
    wait_answer(page)
    assert bar.is_visible() and SUBGRAPH_FORMATS <= set(export_buttons(page))

    # the Turtle download holds exactly the triples the endpoint answers
    turtle = download(page, "ttl")
    assert turtle.suggested_filename == "ikg-query.ttl"
    answer = app.test_client().post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": "text/turtle"})
    expected = Graph().parse(data=answer.data, format="turtle")
    got = Graph().parse(data=Path(turtle.path()).read_bytes(), format="turtle")
    assert len(expected) > 20 and isomorphic(got, expected)

    # GraphML for Gephi: the clusters and industries, labelled in Chinese
    graphml = nx.read_graphml(download(page, "graphml").path())
    assert graphml.nodes["https://w3id.org/ikg/id/industry/zhineng-jiadian"]["label"] == "智能家电"
    assert {str(s) for s in expected.subjects() if "/cluster/" in s} <= set(graphml.nodes)
    page.wait_for_selector('#subgraph-exports[data-state="done"]', state="attached")

    # a refusal shows in the error box and the page stays
    monkeypatch.setitem(app.config, "EXPORT_MAX_TRIPLES", 5)
    page.click('#subgraph-exports button[data-format="zip"]')
    page.wait_for_selector('#subgraph-exports[data-state="done"]', state="attached")
    page.locator("#error").wait_for(state="visible")
    assert "more than 5 triples" in page.locator("#error").inner_text()
    assert page.url.startswith(server.url + "/sparql") and bar.is_visible()
    watch.assert_clean()


# ---------------------------------------------------------------- a truncated answer


@pytest.fixture(scope="module")
def capped_server(built_store):
    """The explorer with answers cut at three rows."""
    from webapp import create_app

    app = create_app({"TESTING": True, "STORE_OBJECT": built_store, "SECRET_KEY": "test", "SPARQL_MAX_ROWS": 3})
    with LiveServer(app) as live:
        yield live


@pytest.mark.browser
def test_truncated_answer_says_so(page, watch, capped_server, named):
    open_sparql(page, capped_server.url + "/sparql")
    run_example(page, "entities_per_type")
    assert table_rows(page) == 3
    notice = page.locator("#notice")
    assert notice.is_visible()
    assert "结果已截断" in notice.inner_text() and re.search(r"\b3\b", notice.inner_text())
    assert re.search(r"\b3 行", page.locator("#status").inner_text())
    watch.assert_clean()


# ---------------------------------------------------------------- screenshot


@pytest.mark.browser
def test_screenshot(page, watch, server):
    ARTIFACTS.mkdir(exist_ok=True)
    open_sparql(page, server.url + "/sparql")
    run_example(page, "platforms_per_industry")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(ARTIFACTS / "sparql.png"), full_page=True)
    assert (ARTIFACTS / "sparql.png").stat().st_size > 20_000, "sparql.png looks blank"
    watch.assert_clean()


if __name__ == "__main__":
    write_terms()
    print(f"wrote {TERMS.relative_to(ROOT)}")

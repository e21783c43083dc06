"""Exports of the graph a CONSTRUCT or DESCRIBE query gives: web (GET and POST) and ``ikg export --query``.

The query runs on the ``/sparql`` engine, so every refusal of the endpoint (updates, SERVICE,
syntax, timeout) is a 4xx here too, as are a SELECT/ASK, an empty answer and one too large.
"""

from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from webapp.cli import cli

from .conftest import CORPUS

PREFIXES = """PREFIX ikg: <https://w3id.org/ikg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
CLUSTERS = PREFIXES + """CONSTRUCT { ?c a ikg:Cluster ; skos:prefLabel ?cl ; ikg:inIndustry ?i . ?i skos:prefLabel ?il }
WHERE { ?c a ikg:Cluster ; skos:prefLabel ?cl ; ikg:inIndustry ?i . ?i skos:prefLabel ?il
        FILTER(LANG(?cl) = "zh" && LANG(?il) = "zh") }"""
JIADIAN = "https://w3id.org/ikg/id/industry/zhineng-jiadian"
IN_INDUSTRY = URIRef("https://w3id.org/ikg/ontology#inIndustry")
SLOW = """CONSTRUCT { <x:s> <x:p> ?n } WHERE {
  { SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } } }"""


def endpoint_graph(client, text: str) -> Graph:
    """What ``/sparql`` itself answers to ``text``, as an rdflib graph."""
    response = client.post("/sparql", data={"query": text}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.data[:300]
    return Graph().parse(data=response.data, format="turtle")


def parsed(data: bytes, fmt: str) -> Graph:
    """``data`` read by Oxigraph (rdflib's JSON-LD and TriG parsers warn of deprecations), graph names dropped."""
    import pyoxigraph as ox

    from graph.store.terms import from_ox

    out = Graph()
    for q in ox.parse(data, getattr(ox.RdfFormat, fmt)):
        out.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return out


def test_export_query_turtle_parses_back_to_the_triples_the_query_gives(client):
    response = client.get("/export.ttl", query_string={"query": CLUSTERS})
    assert response.status_code == 200, response.data[:300]
    exported = Graph().parse(data=response.data, format="turtle")
    expected = endpoint_graph(client, CLUSTERS)
    assert len(expected) > 20 and isomorphic(exported, expected)
    assert "ikg-query.ttl" in response.headers["Content-Disposition"]


def test_export_query_posted_form_gives_the_same_file(client):
    got = client.get("/export.trig", query_string={"query": CLUSTERS})
    posted = client.post("/export.trig", data={"query": CLUSTERS})
    assert got.status_code == posted.status_code == 200 and got.data == posted.data
    import pyoxigraph as ox

    assert isomorphic(parsed(posted.data, "TRIG"), endpoint_graph(client, CLUSTERS))
    names = {q.graph_name.value for q in ox.parse(posted.data, ox.RdfFormat.TRIG)}
    assert names == {"https://w3id.org/ikg/graph/query"}


@pytest.mark.parametrize("extension", ["jsonld", "graphml", "gexf", "nodes.csv", "edges.csv", "xlsx", "html",
                                       "png", "report.html", "zip"])
def test_export_query_in_each_format(client, extension):
    response = client.post(f"/export.{extension}", data={"query": CLUSTERS})
    assert response.status_code == 200 and response.data, response.data[:300]
    graph = endpoint_graph(client, CLUSTERS)
    clusters = {str(s) for s in graph.subjects() if "/cluster/" in s}
    data = response.data
    if extension == "jsonld":
        assert isomorphic(parsed(data, "JSON_LD"), graph)
    elif extension in ("graphml", "gexf"):
        net = nx.read_graphml(io.BytesIO(data)) if extension == "graphml" else nx.read_gexf(io.BytesIO(data))
        assert clusters <= set(net.nodes) and JIADIAN in net
        assert net.number_of_edges() == len(list(graph.triples((None, IN_INDUSTRY, None))))
    elif extension.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert any("智能家电" in cell for row in rows for cell in row)
    elif extension == "zip":
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert archive.read("query.rq").decode("utf-8") == CLUSTERS
        assert "subgraph.trig" in archive.namelist()
    elif extension == "png":
        assert data.startswith(b"\x89PNG")
    elif extension == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data))["nodes"]
        assert "智能家电" in {c.value for row in sheet.iter_rows() for c in row}
    else:
        assert "智能家电" in data.decode("utf-8")


def test_export_query_describe_and_documents(client):
    response = client.get("/export.nodes.csv", query_string={"query": f"DESCRIBE <{JIADIAN}>"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    jiadian = next(r for r in rows if r["iri"] == JIADIAN)
    assert jiadian["label_zh"] == "智能家电" and jiadian["type"] == "Industry"


def test_export_query_names_documents_and_labels_records(client):
    text = PREFIXES + """PREFIX dcterms: <http://purl.org/dc/terms/>
CONSTRUCT { ?d a ikg:Document ; dcterms:title ?t } WHERE { ?d a ikg:Document ; dcterms:title ?t }"""
    response = client.get("/export.documents.csv", query_string={"query": text})
    assert response.status_code == 200, response.data[:300]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 5 and all(r["title"] and r["date"] for r in rows)


@pytest.mark.parametrize("text", [
    PREFIXES + "CONSTRUCT { [] <x:about> ?c ; <x:says> \"集群\"@zh } WHERE { ?c a ikg:Cluster }",  # blank nodes
    'CONSTRUCT { <x:s> <x:p> "文字 \u000b" } WHERE {}',  # one IRI, a literal, a control character
])
@pytest.mark.parametrize("extension", ["ttl", "trig", "graphml", "gexf", "xlsx", "png", "report.html"])
def test_export_query_of_odd_graphs(client, text, extension):
    response = client.post(f"/export.{extension}", data={"query": text})
    assert response.status_code == 200 and response.data, response.data[:300]
    if extension == "ttl":
        assert isomorphic(Graph().parse(data=response.data, format="turtle"), endpoint_graph(client, text))


@pytest.mark.parametrize("text, status, message", [
    ("SELECT * WHERE { ?s ?p ?o }", 400, "this is a SELECT query"),
    ("ASK { ?s ?p ?o }", 400, "this is a ASK query"),
    ("CONSTRUCT WHERE { ?s ?p }", 400, "syntax error"),
    ("INSERT DATA { <x:a> <x:b> <x:c> }", 400, "read-only"),
    ("DELETE WHERE { ?s ?p ?o }", 400, "read-only"),
    ("CONSTRUCT WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 400, "SERVICE is not allowed"),
    ("CONSTRUCT WHERE { ?s <https://w3id.org/ikg/ontology#nope> ?o }", 422, "no triples"),
    ("   ", 400, "the query is empty"),
])
@pytest.mark.parametrize("method", ["get", "post"])
def test_export_query_refusals_are_4xx_with_a_reason(client, text, status, message, method):
    send = client.get if method == "get" else client.post
    kwargs = {"query_string": {"query": text}} if method == "get" else {"data": {"query": text}}
    response = send("/export.ttl", headers={"Accept": "application/json"}, **kwargs)
    assert response.status_code == status, response.data[:300]
    assert message in response.get_json()["message"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_export_query_that_is_not_utf8_is_refused(client, method):
    raw = "query=CONSTRUCT%20WHERE%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D"  # %FF is no UTF-8
    if method == "get":
        response = client.get("/export.ttl?" + raw, headers={"Accept": "application/json"})
    else:
        response = client.post("/export.ttl", data=raw, content_type="application/x-www-form-urlencoded",
                               headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_json()["message"]


def test_export_query_too_large_is_refused(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_MAX_TRIPLES", 10)
    response = client.get("/export.ttl", query_string={"query": CLUSTERS}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and "more than 10 triples" in response.get_json()["message"]


@pytest.mark.parametrize("extension, status", [("png", 422), ("html", 422), ("report.pdf", 422), ("zip", 422),
                                               ("graphml", 200), ("xlsx", 200)])
def test_export_too_many_entities_to_draw_is_refused_for_pictures_only(client, monkeypatch, extension, status):
    from webapp import subgraph as sg

    monkeypatch.setattr(sg, "MAX_DRAWN", 3)
    response = client.post(f"/export.{extension}", data={"query": CLUSTERS}, headers={"Accept": "application/json"})
    assert response.status_code == status
    if status == 422:
        assert "too many to draw (at most 3)" in response.get_json()["message"]


@pytest.fixture(scope="module")
def impatient(built_store):
    """The explorer with queries stopped after one second."""
    from webapp import create_app

    app = create_app({"TESTING": True, "STORE_OBJECT": built_store, "SECRET_KEY": "test", "SPARQL_TIMEOUT": 1.0,
                      "SPARQL_WORKERS": 1})
    yield app.test_client()
    engine = app.extensions["ikg"].get("engine")
    if engine is not None:
        engine.close()


def test_export_query_timeout_is_408(impatient):
    response = impatient.post("/export.ttl", data={"query": SLOW}, headers={"Accept": "application/json"})
    assert response.status_code == 408 and "longer than 1 s" in response.get_json()["message"]
    assert impatient.post("/export.ttl", data={"query": CLUSTERS}).status_code == 200, "a new worker took over"


def test_export_query_is_rate_limited_before_it_runs(built_store):
    from webapp import create_app

    limited = create_app({"TESTING": True, "STORE_OBJECT": built_store, "SECRET_KEY": "test",
                          "RATE_LIMIT": "2 per minute"})
    c = limited.test_client()
    assert [c.get("/export.ttl").status_code for _ in range(2)] == [400, 400]  # nothing chosen
    response = c.post("/export.ttl", data={"query": CLUSTERS}, headers={"Accept": "application/json"})
    assert response.status_code == 429 and response.get_json()["status"] == 429
    assert limited.extensions["ikg"].get("engine") is None  # refused before any worker started


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from graph.ingest import build
    from graph.store.oxigraph import DiskStore

    root = tmp_path_factory.mktemp("store")
    build([CORPUS], DiskStore(root))
    return {"IKG_STORE": f"oxigraph:{root}"}


@pytest.mark.parametrize("source", ["text", "file", "named"])
def test_cli_export_query_from_text_file_or_gallery(env, tmp_path, source):
    from ontology import queries

    arg, text = CLUSTERS, CLUSTERS
    if source == "file":
        arg = str(tmp_path / "clusters.rq")
        (tmp_path / "clusters.rq").write_text(CLUSTERS, encoding="utf-8")
    elif source == "named":
        arg = "industry_network"
        text = next(q.text for q in queries() if q.name == arg)
    out = tmp_path / "out.zip"
    result = CliRunner().invoke(cli, ["export", "--query", arg, "--format", "zip", "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(out).read("query.rq").decode("utf-8") == text


@pytest.mark.parametrize("args, message", [
    (["--query", "SELECT * WHERE { ?s ?p ?o }"], "this is a SELECT query"),
    (["--query", "CONSTRUCT WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE is not allowed"),
    (["--query", "CONSTRUCT WHERE { ?s <x:nope> ?o }"], "no triples"),
    (["--query", "CONSTRUCT WHERE { ?s ?p ?o }", "--entity", JIADIAN], "exactly one of"),
])
def test_cli_export_query_refuses_with_one_line(env, args, message):
    result = CliRunner().invoke(cli, ["export", *args, "--format", "ttl", "-o", "-"], env=env)
    assert result.exit_code != 0 and message in result.output

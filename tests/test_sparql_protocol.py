"""The W3C SPARQL 1.1 Protocol tests (``tests/data/w3c/protocol/manifest.ttl``) against ``/sparql``.

Every ``ht:Request`` of the manifest goes through the Flask test client as written (method,
headers, body in its declared encoding; ``/sparql/`` becomes ``/sparql``), on a store holding
``data1.nt``..``data3.nt`` in the named graphs the tests' ``ut:graphData`` labels name. The
response must be in the expected status class and, where the manifest says, in a boolean,
tabular or RDF format with the expected boolean.

The endpoint is read-only and offers no update service, so the update tests do not apply as
written (they expect 2xx for updates); each of their update requests must be refused with a 4xx
instead, and their follow-up queries must show that nothing changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

HERE = Path(__file__).resolve().parent / "data" / "w3c" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SRX = "{http://www.w3.org/2005/sparql-results#}"

_READ_ONLY = "SPARQL Update: the endpoint is read-only and has no update service"
NOT_APPLICABLE = {
    "update_dataset_default_graph": f"{_READ_ONLY} (update with using-graph-uri, then ASK)",
    "update_dataset_default_graphs": f"{_READ_ONLY} (update with two using-graph-uri, then ASK)",
    "update_dataset_named_graphs": f"{_READ_ONLY} (update with using-named-graph-uri, then ASK)",
    "update_dataset_full": f"{_READ_ONLY} (update with using-graph-uri and using-named-graph-uri)",
    "update_post_form": f"{_READ_ONLY} (update=CLEAR ALL, URL-encoded POST)",
    "update_post_direct": f"{_READ_ONLY} (CLEAR ALL as application/sparql-update)",
    "update_base_uri": f"{_READ_ONLY} (INSERT DATA with a relative IRI, then ASK)",
    "bad_update_get": f"{_READ_ONLY} (update by GET; refused either way)",
    "bad_multiple_updates": f"{_READ_ONLY} (two update= parameters; refused either way)",
    "bad_update_wrong_media_type": f"{_READ_ONLY} (update as text/plain; refused either way)",
    "bad_update_missing_form_type": f"{_READ_ONLY} (update= body without a media type; refused either way)",
    "bad_update_non_utf8": f"{_READ_ONLY} (update in UTF-16; refused either way)",
    "bad_update_syntax": f"{_READ_ONLY} (update=CLEAR XYZ; refused either way)",
    "bad_update_dataset_conflict": f"{_READ_ONLY} (using-named-graph-uri with WITH; refused either way)",
}

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld"}


def _manifest() -> tuple[Graph, dict]:
    m = Graph().parse(HERE / "manifest.ttl", format="turtle")
    root = m.value(predicate=RDF.type, object=MF.Manifest)
    tests = {}
    for test in Collection(m, m.value(root, MF.entries)):
        requests = Collection(m, m.value(m.value(test, MF.action), HT.requests))
        tests[str(test).rsplit("#", 1)[1]] = (test, [_request(m, r) for r in requests])
    return m, tests


def _request(m: Graph, node) -> dict:
    headers = {}
    if (listed := m.value(node, HT.headers)) is not None:
        for header in Collection(m, listed):
            headers[str(m.value(header, HT.fieldName))] = str(m.value(header, HT.fieldValue))
    body = None
    if (content := m.value(node, HT.body)) is not None:
        encoding = str(m.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(m.value(content, CNT.chars)).encode(encoding)
    resp = m.value(node, HT.resp)
    boolean = m.value(resp, MF.expectedBoolean)
    return {
        "path": str(m.value(node, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
        "method": str(m.value(node, HT.methodName)),
        "headers": headers,
        "body": body,
        "status": {str(s).rsplit("StatusCode", 1)[1][0] for s in m.objects(resp, MF.expectedStatus)},
        "format": str(m.value(resp, MF.expectedFormat) or "") or None,
        "boolean": None if boolean is None else boolean.toPython(),
    }


MANIFEST, TESTS = _manifest()
APPLICABLE = [name for name in TESTS if name not in NOT_APPLICABLE]


def _graph_data() -> dict[str, Graph]:
    """Every ``ut:graphData`` of the manifest: its label names the graph, ``ut:graph`` holds the data."""
    graphs: dict[str, Graph] = {}
    for _, _, data in MANIFEST.triples((None, UT.graphData, None)):
        name = str(MANIFEST.value(data, RDFS.label))
        path = HERE / str(MANIFEST.value(data, UT.graph)).rsplit("/", 1)[1]
        graph = Graph().parse(path, format="nt")
        assert name not in graphs or set(graphs[name]) == set(graph), f"{name}: two different data files"
        graphs[name] = graph
    return graphs


@pytest.fixture(scope="module")
def sparql():
    from graph.store.oxigraph import MemoryStore
    from webapp import create_app

    store = MemoryStore()
    store.replace(_graph_data())
    app = create_app({"TESTING": True, "STORE_OBJECT": store, "SECRET_KEY": "test", "SPARQL_TIMEOUT": 2})
    yield app.test_client()
    engine = app.extensions["ikg"].get("engine")
    if engine is not None:
        engine.close()


def _send(client, req: dict):
    return client.open(req["path"], method=req["method"], headers=req["headers"], data=req["body"])


def _boolean(response) -> bool:
    if response.mimetype == "application/sparql-results+json":
        answer = json.loads(response.data)
        assert set(answer) == {"head", "boolean"}, answer
        return answer["boolean"]
    root = ElementTree.fromstring(response.data)
    assert root.tag == f"{SRX}sparql"
    value = root.find(f"{SRX}boolean").text
    assert value in ("true", "false")
    return value == "true"


def _check_format(response, expected: str) -> None:
    kind = response.mimetype
    if expected == "boolean":
        assert kind in BOOLEAN_TYPES, kind
        _boolean(response)
    elif expected == "tabular":
        assert kind in TABULAR_TYPES, kind
        if kind == "application/sparql-results+json":
            answer = json.loads(response.data)
            assert isinstance(answer["head"]["vars"], list) and isinstance(answer["results"]["bindings"], list)
        elif kind == "application/sparql-results+xml":
            assert ElementTree.fromstring(response.data).find(f"{SRX}results") is not None
        else:
            assert response.data.decode("utf-8").splitlines()[0]
    elif expected == "RDF":
        assert kind in RDF_TYPES, kind
        Graph().parse(data=response.data, format=RDF_TYPES[kind], publicID="http://localhost/sparql")
    else:
        raise AssertionError(f"unknown mf:expectedFormat {expected!r}")


def test_the_manifest_is_read_whole():
    assert len(TESTS) == 34
    assert set(NOT_APPLICABLE) <= set(TESTS)
    updates = {n for n in TESTS if n.startswith(("update_", "bad_update_")) or n == "bad_multiple_updates"}
    assert updates == set(NOT_APPLICABLE), "every update test, and only those, is listed as not applicable"
    assert {len(r) for _, r in TESTS.values()} == {1, 2}


@pytest.mark.parametrize("name", APPLICABLE)
def test_protocol(sparql, name):
    _, requests = TESTS[name]
    for req in requests:
        response = _send(sparql, req)
        status_class = str(response.status_code)[0]
        assert status_class in req["status"], (response.status_code, response.data[:300])
        assert response.status_code != 500
        if req["format"]:
            _check_format(response, req["format"])
        if req["boolean"] is not None:
            assert _boolean(response) is req["boolean"]
        if status_class == "4":  # refusals are JSON errors that say why
            error = json.loads(response.data)
            assert error["status"] == response.status_code and error["message"]


def _is_update(req: dict) -> bool:
    """In the update tests, every request but the follow-up ``application/sparql-query`` is an update."""
    return req["headers"].get("content-type") != "application/sparql-query"


@pytest.mark.parametrize("name", sorted(NOT_APPLICABLE))
def test_update_requests_are_refused(sparql, name):
    """An update sent to the query endpoint is refused with a 4xx; a follow-up query sees no change."""
    _, requests = TESTS[name]
    assert _is_update(requests[0])
    for req in requests:
        response = _send(sparql, req)
        if _is_update(req):
            assert 400 <= response.status_code < 500, (response.status_code, response.data[:300])
            assert json.loads(response.data)["message"]
        else:  # the ASK that would see the update's effect: the update never happened
            assert response.status_code == 200
            assert _boolean(response) is False
    assert _boolean(sparql.get("/sparql", query_string={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})) is True


# -- beyond the manifest: the same protocol, other corners ------------------------------------------

KASEI = "http://kasei.us/2009/09/sparql/data/"


def _ask(client, query: str, **params) -> bool:
    response = client.get("/sparql", query_string={"query": query, **params})
    assert response.status_code == 200, response.data[:300]
    return _boolean(response)


def test_query_dataset_from_and_from_named(sparql):
    """FROM / FROM NAMED in the query set the dataset when the protocol names none."""
    query = (f"ASK FROM <{KASEI}data3.rdf> FROM NAMED <{KASEI}data1.rdf> FROM NAMED <{KASEI}data2.rdf> {{"
             f" <{KASEI}data3.rdf> a ?type GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }}"
             f" GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}")
    assert _ask(sparql, query) is True
    # FROM alone: only that graph is the default graph, and there are no named graphs
    assert _ask(sparql, f"ASK FROM <{KASEI}data3.rdf> {{ <{KASEI}data1.rdf> ?p ?o }}") is False
    assert _ask(sparql, f"ASK FROM <{KASEI}data3.rdf> {{ GRAPH ?g {{ ?s ?p ?o }} }}") is False
    # without any dataset the default graph is the union of all graphs
    assert _ask(sparql, f"ASK {{ <{KASEI}data1.rdf> a ?t . <{KASEI}data3.rdf> a ?t }}") is True


def test_protocol_dataset_wins_over_the_query(sparql):
    query = f"ASK FROM <{KASEI}data1.rdf> {{ <{KASEI}data1.rdf> ?p ?o }}"
    assert _ask(sparql, query) is True
    assert _ask(sparql, query, **{"default-graph-uri": f"{KASEI}data2.rdf"}) is False


def test_relative_iris_resolve_against_the_endpoint(sparql):
    response = sparql.get("/sparql", query_string={"query": "SELECT (<s> AS ?x) {}"})
    assert json.loads(response.data)["results"]["bindings"] == [{"x": {"type": "uri", "value": "http://localhost/s"}}]
    response = sparql.get("/sparql", query_string={"query": "BASE <http://e/> SELECT (<s> AS ?x) {}"})
    assert json.loads(response.data)["results"]["bindings"][0]["x"]["value"] == "http://e/s"
    response = sparql.get("/sparql", query_string={"query": "SELECT * {\n ?s ?p"})
    assert response.status_code == 400 and "at 2:" in json.loads(response.data)["message"]


@pytest.mark.parametrize("accept, form, media_type", [
    ("application/sparql-results+xml", "SELECT * {}", "application/sparql-results+xml"),
    ("text/csv", "SELECT * {}", "text/csv"),
    ("text/tab-separated-values", "ASK {}", "text/tab-separated-values"),
    ("text/csv;q=0, application/sparql-results+xml;q=0.5", "SELECT * {}", "application/sparql-results+xml"),
    ("application/n-triples", "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples"),
    ("application/rdf+xml", "DESCRIBE <http://kasei.us/2009/09/sparql/data/data1.rdf>", "application/rdf+xml"),
    ("application/ld+json", "CONSTRUCT WHERE { ?s ?p ?o }", "application/ld+json"),
    ("application/sparql-results+json, */*;q=0.1", "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle"),
    ("*/*", "SELECT * {}", "application/sparql-results+json"),
    (None, "DESCRIBE ?s WHERE { ?s ?p ?o }", "text/turtle"),
])
def test_content_negotiation(sparql, accept, form, media_type):
    headers = {"Accept": accept} if accept else {}
    response = sparql.post("/sparql", data=form, content_type="application/sparql-query", headers=headers)
    assert response.status_code == 200 and response.mimetype == media_type, response.data[:200]
    assert "Accept" in response.vary


def test_format_parameter_and_unacceptable_formats(sparql):
    assert sparql.get("/sparql", query_string={"query": "ASK {}", "format": "xml"}).mimetype == \
        "application/sparql-results+xml"
    assert sparql.get("/sparql", query_string={"query": "ASK {}", "format": "bogus"}).status_code == 400
    assert sparql.get("/sparql", query_string={"query": "SELECT * {}", "format": "ttl"}).status_code == 400
    response = sparql.post("/sparql", data="CONSTRUCT WHERE { ?s ?p ?o }", content_type="application/sparql-query",
                           headers={"Accept": "text/csv, application/sparql-results+json"})
    assert response.status_code == 406 and json.loads(response.data)["status"] == 406


def test_service_description_and_cors(sparql):
    response = sparql.get("/sparql")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    description = Graph().parse(data=response.data, format="turtle")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert [str(o) for o in description.objects(None, sd.endpoint)] == ["http://localhost/sparql"]
    assert (None, sd.feature, sd.UnionDefaultGraph) in description
    assert (None, sd.feature, sd.BasicFederatedQuery) not in description, "SERVICE is refused: no federation"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = sparql.options("/sparql", headers={"Origin": "http://x", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_plain_clients_get_results_and_browsers_the_page(client):
    """curl sends Accept: */*: it wants the answer, not the query page."""
    answer = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "*/*"})
    assert answer.status_code == 200 and answer.mimetype == "application/sparql-results+json"
    page = client.get("/sparql", query_string={"query": "ASK {}"},
                      headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.mimetype == "text/html"

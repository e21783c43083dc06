"""Hostile requests to ``/sparql``: each is refused (4xx) or answered within bounds, fast, without
a 500, without an outbound connection, and the endpoint still answers ``ASK {}`` afterwards.

A socket server on 127.0.0.1 records every connection it gets; its address is what SERVICE, LOAD
and FROM point at. The app runs with small limits (2 s, 1,000 rows, 1 GB per worker, 2 workers)
on a store big enough that a three-way cross product cannot finish in time.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from rdflib import Graph, Literal, URIRef

TIMEOUT = 2
MAX_ROWS = 1000
FAST = 1.5  # seconds: refusals that need no worker time
EX = "http://e/"
TRIPLES = 1500  # a 3-way cross product: 3.4e9 rows, far past the timeout


class Recorder:
    """A TCP server on a free local port that only records who connects."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/x"
        self.connections: list = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, address = self.server.accept()
            except TimeoutError:
                continue
            self.connections.append(address)
            conn.close()

    def close(self):
        self.stop.set()
        self.thread.join(timeout=2)
        self.server.close()


@pytest.fixture(scope="module")
def recorder():
    rec = Recorder()
    yield rec
    time.sleep(0.1)
    assert rec.connections == [], "the endpoint connected out"
    rec.close()


def _store():
    from graph.store.oxigraph import MemoryStore

    g = Graph()
    for i in range(TRIPLES):
        g.add((URIRef(f"{EX}s{i % 50}"), URIRef(f"{EX}p{i % 7}"), Literal(i)))
    for i in range(8):  # long strings for catastrophic patterns
        g.add((URIRef(f"{EX}long{i}"), URIRef(f"{EX}text"), Literal("a" * 3000 * (i + 1) + "!")))
    g.add((URIRef(f"{EX}flag"), URIRef(f"{EX}on"), Literal(True)))
    g.add((URIRef(f"{EX}flag"), URIRef(f"{EX}at"), URIRef("http://x/\u00a0#")))
    store = MemoryStore()
    store.replace({f"{EX}g": g})
    return store


@pytest.fixture(scope="module")
def app():
    from webapp import create_app

    app = create_app({"TESTING": True, "STORE_OBJECT": _store(), "SECRET_KEY": "test", "SPARQL_TIMEOUT": TIMEOUT,
                      "SPARQL_MEMORY_MB": 1024, "SPARQL_MAX_ROWS": MAX_ROWS, "SPARQL_WORKERS": 2,
                      "RATE_LIMIT": "100000 per minute"})
    yield app
    engine = app.extensions["ikg"].get("engine")
    if engine is not None:
        engine.close()


@pytest.fixture(scope="module")
def client(app):
    c = app.test_client()
    assert c.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200  # starts the engine
    return c


def _json(response) -> dict:
    assert response.mimetype == "application/json", (response.status_code, response.data[:200])
    return json.loads(response.data)


def _still_answers(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 200 and json.loads(response.data) == {"head": {}, "boolean": True}


def _hostile(client, recorder, send, *, limit: float = FAST, allow_200: bool = False) -> object:
    """Send; check the answer is a 4xx JSON error (or a bounded 200), in time, with no connection."""
    connections = len(recorder.connections)
    start = time.monotonic()
    response = send(client)
    took = time.monotonic() - start
    assert took < limit, f"took {took:.2f} s"
    assert response.status_code != 500
    if response.status_code == 200:
        assert allow_200, response.data[:300]
    else:
        assert 400 <= response.status_code < 500, (response.status_code, response.data[:300])
        error = _json(response)
        assert error["status"] == response.status_code and error["message"]
    time.sleep(0.02)  # a connection, had one been made, has been accepted by now
    assert len(recorder.connections) == connections, "the endpoint connected out"
    _still_answers(client)
    return response


def _get(query: str, **params):
    return lambda c: c.get("/sparql", query_string={"query": query, **params})


def _form(query: str, field: str = "query"):
    return lambda c: c.post("/sparql", data={field: query})


def _direct(query: str, content_type: str = "application/sparql-query"):
    return lambda c: c.post("/sparql", data=query, content_type=content_type)


# -- updates: never run, by any transport -------------------------------------------------------------

UPDATES = {
    "insert_data": "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "delete_where": "DELETE WHERE { ?s ?p ?o }",
    "load": "LOAD <{url}>",
    "load_into": "LOAD SILENT <{url}> INTO GRAPH <http://e/g2>",
    "clear_all": "CLEAR ALL",
    "drop": "DROP GRAPH <http://e/g>",
    "drop_all": "DROP ALL",
    "prefixed_insert": "PREFIX e: <http://e/> INSERT { ?s e:x 1 } WHERE { ?s ?p ?o }",
    "after_a_query": "SELECT * {} ; CLEAR ALL",
}
TRANSPORTS = {
    "get_query": lambda q: _get(q),
    "get_update": lambda q: (lambda c: c.get("/sparql", query_string={"update": q})),
    "form_query": lambda q: _form(q),
    "form_update": lambda q: _form(q, "update"),
    "direct_query": lambda q: _direct(q),
    "direct_update": lambda q: _direct(q, "application/sparql-update"),
}


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused(client, recorder, update, transport):
    query = UPDATES[update].replace("{url}", recorder.url)
    response = _hostile(client, recorder, TRANSPORTS[transport](query))
    assert response.status_code == 400


def test_updates_changed_nothing(client):
    response = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    count = json.loads(response.data)["results"]["bindings"][0]["n"]["value"]
    assert int(count) == TRIPLES + 10


# -- SERVICE anywhere, and the ways a scanner can be made to miss it ----------------------------------

SERVICE = {
    "top": "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "optional": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{url}> { ?s ?q ?v } } }",
    "subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } LIMIT 1 } }",
    "filter_exists": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "filter_not_exists": "ASK { FILTER NOT EXISTS { SERVICE SILENT <{url}> { ?s ?p ?o } } }",
    "union": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    "graph": "SELECT * WHERE { GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } }",
    "minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { BIND(<{url}> AS ?u) SERVICE ?u { ?s ?p ?o } }",
    "lower_case": "select * where { service <{url}> { ?s ?p ?o } }",
    "prefixed": "PREFIX x: <{url}> SELECT * WHERE { SERVICE x: { ?s ?p ?o } }",
    "no_space": "SELECT*{SERVICE<{url}>{?s ?p ?o}}",
    "outside": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    # the engine ends a comment at CR as well as LF
    "after_cr_comment": "SELECT * WHERE { # a comment\r SERVICE <{url}> { ?s ?p ?o } }",
    # an IRI may hold U+00A0 and '#'; a scanner that reads U+00A0 as white space sees a comment
    "after_nbsp_iri": "SELECT * WHERE { VALUES ?v { <http://x/\u00a0#> } SERVICE <{url}> { ?s ?p ?o } }",
    # the engine reads keywords without a word boundary
    "glued_to_true": "SELECT * WHERE { <http://e/flag> <http://e/on> trueSERVICE <{url}> { ?s ?p ?o } }",
    "glued_to_silent": "SELECT * WHERE { ?s ?p ?o . SERVICESILENT<{url}>{?a ?b ?c} }",
    "codepoint_escape": "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
}


@pytest.mark.parametrize("case", SERVICE)
def test_service_is_refused_without_connecting(client, recorder, case):
    query = SERVICE[case].replace("{url}", recorder.url)
    for send in (_get(query), _form(query), _direct(query)):
        response = _hostile(client, recorder, send)
        assert response.status_code == 400
        if case != "codepoint_escape":  # the engine reads \u0053 as no keyword at all: a syntax error
            assert "SERVICE" in _json(response)["message"]


# -- datasets that name a remote graph: never fetched ------------------------------------------------

@pytest.mark.parametrize("case", ["from", "from_named", "default_graph_uri", "named_graph_uri", "from_prefixed"])
def test_remote_graphs_are_never_fetched(client, recorder, case):
    url = recorder.url
    send = {
        "from": _get(f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"),
        "from_named": _get(f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
        "default_graph_uri": _get("SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": url}),
        "named_graph_uri": _get("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": url}),
        "from_prefixed": _get(f"PREFIX r: <{url}/> SELECT * FROM r:data WHERE {{ ?s ?p ?o }}"),
    }[case]
    response = _hostile(client, recorder, send, allow_200=True)
    if response.status_code == 200:
        assert json.loads(response.data)["results"]["bindings"] == []


# -- heavy queries: cut, stopped or killed ------------------------------------------------------------

def test_cross_product_is_cut_at_max_rows(client, recorder):
    response = _hostile(client, recorder, _get("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
                        limit=TIMEOUT + 3, allow_200=True)
    assert response.status_code == 200 and "X-IKG-Truncated" in response.headers
    assert len(json.loads(response.data)["results"]["bindings"]) == MAX_ROWS
    assert response.headers["X-IKG-Rows"] == str(MAX_ROWS)


def test_counting_a_cross_product_is_stopped_at_the_timeout(client, recorder):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = _hostile(client, recorder, _get(query), limit=TIMEOUT + 3)
    assert response.status_code == 408 and "longer than" in _json(response)["message"]


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$", "(a*)*b", "^(a+)+(a+)+(a+)+!$"])
def test_catastrophic_regex_is_bounded(client, recorder, pattern):
    query = (f'SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}text> ?t . ?s2 <{EX}text> ?t2 '
             f'FILTER(REGEX(CONCAT(?t, ?t2), "{pattern}")) }}')
    _hostile(client, recorder, _get(query), limit=TIMEOUT + 3, allow_200=True)


def test_doubling_strings_are_stopped(client, recorder):
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(40))
    query = f'SELECT (STRLEN(?x40) AS ?n) WHERE {{ BIND("ab" AS ?x0) {binds} }}'
    response = _hostile(client, recorder, _get(query), limit=TIMEOUT + 3)
    assert response.status_code in (400, 408)


def test_ten_slow_queries_on_two_workers(app, client, recorder, monkeypatch):
    """Two run into the timeout, the rest wait a little and are told the engine is busy; no 500."""
    from webapp.views.sparql import engine

    with app.app_context():
        eng = engine()
    monkeypatch.setattr(eng, "options", replace(eng.options, queue_wait=0.5))
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

    def one(_):
        start = time.monotonic()
        response = app.test_client().get("/sparql", query_string={"query": query})
        return response.status_code, _json(response)["message"], time.monotonic() - start

    connections = len(recorder.connections)
    start = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(one, range(10)))
    assert time.monotonic() - start < TIMEOUT + 4
    statuses = sorted(s for s, _, _ in answers)
    assert set(statuses) <= {408, 503} and statuses.count(408) >= 2 and 503 in statuses, answers
    assert all("busy" in m for s, m, _ in answers if s == 503)
    assert len(recorder.connections) == connections
    _still_answers(client)


# -- malformed and oversized text ---------------------------------------------------------------------

def _nested(n: int, open_: str, close: str, inner: str) -> str:
    return open_ * n + inner + close * n


def _worker_pids(app) -> set[int]:
    return {w.process.pid for w in app.extensions["ikg"]["engine"]._all if w.process.is_alive()}


@pytest.mark.parametrize("case", ["braces", "parens", "brackets", "optional", "less_than_spans", "quote_in_span"])
def test_deep_nesting_is_refused_before_any_parser(app, client, recorder, case):
    if case == "less_than_spans":  # '<' read as an IRI by a scanner, as less-than by the parser
        expr = "2>1"
        for _ in range(100):
            expr = "1<" + "(" * 60 + "2>1&&" + expr + ")" * 60
        query = f"ASK {{ FILTER({expr}) }}"
    elif case == "quote_in_span":  # a quote inside such a span starts a string for the parser only
        query = "ASK { FILTER(1<'x>\"' && " + _nested(5000, "(", ")", "2") + ' && "a" = "a") }'
    else:
        query = {
            "braces": "SELECT * WHERE " + _nested(5000, "{", "}", "?s ?p ?o"),
            "parens": "ASK { FILTER" + _nested(5000, "(", ")", "1") + " }",
            "brackets": "SELECT * WHERE { ?s ?p " + _nested(5000, "[ ?p ", "]", "?o") + " }",
            "optional": "SELECT * WHERE { " + "OPTIONAL { " * 5000 + "?s ?p ?o" + " }" * 5000 + " }",
        }[case]
    before = _worker_pids(app)
    response = _hostile(client, recorder, _direct(query))
    assert response.status_code == 400 and "nest" in _json(response)["message"]
    assert _worker_pids(app) == before, "refused before reaching a worker: none crashed"


@pytest.mark.parametrize("size, statuses", [(1_000_000, {400, 413}), (3_000_000, {413})])
def test_huge_queries_are_refused_fast(client, recorder, size, statuses):
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * size
    response = _hostile(client, recorder, _direct(query))
    assert response.status_code in statuses
    response = _hostile(client, recorder, _form(query))
    assert response.status_code in statuses


@pytest.mark.parametrize("case", ["get_query", "get_default_graph", "direct_body", "form_body", "form_plus_raw",
                                  "utf16_direct"])
def test_broken_utf8_is_refused(client, recorder, case):
    send = {
        "get_query": lambda c: c.get('/sparql?query=ASK%20%7B%20FILTER(%22%FF%22)%20%7D'),
        "get_default_graph": lambda c: c.get("/sparql?query=ASK%20%7B%7D&default-graph-uri=http://x/%C3%28"),
        "direct_body": _direct(b'ASK { FILTER("\xff\xfe") }'),
        "form_body": lambda c: c.post("/sparql", data=b"query=ASK%20%7B%20FILTER(%22%ED%A0%80%22)%20%7D",
                                      content_type="application/x-www-form-urlencoded"),
        "form_plus_raw": lambda c: c.post("/sparql", data=b'query=ASK+{+FILTER("\xc0\xaf")+}',
                                          content_type="application/x-www-form-urlencoded"),
        "utf16_direct": _direct("ASK {}".encode("utf-16"), "application/sparql-query; charset=UTF-16"),
    }[case]
    response = _hostile(client, recorder, send)
    assert response.status_code == 400 and "UTF-8" in _json(response)["message"]


@pytest.mark.parametrize("content_type, status", [
    ("text/plain", 415), ("application/json", 415), ("application/sparql-results+json", 415),
    ("multipart/form-data; boundary=x", 415), ("application/xml", 415), ("text/turtle", 415), (None, 400),
])
def test_wrong_content_types(client, recorder, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    response = _hostile(client, recorder, lambda c: c.post("/sparql", data=b"ASK {}", headers=headers))
    assert response.status_code == status


@pytest.mark.parametrize("query, in_string", [
    ("ASK { \x00 }", False), ("\x00ASK {}", False), ("ASK {} \x00", False), ("SELECT * WHERE { ?s ?p ?o\x00 }", False),
    ("ASK { <http://e/\x00> ?p ?o }", False), ('ASK { FILTER("a\x00b" != "") }', True),
])
def test_nul_bytes(client, recorder, query, in_string):
    for send in (_get(query), _direct(query), _form(query)):
        response = _hostile(client, recorder, send, allow_200=in_string)
        if not in_string:  # outside a string a NUL is a syntax error
            assert response.status_code == 400


def test_very_long_iris(client, recorder):
    long_iri = "http://e/" + "a" * 90_000
    _hostile(client, recorder, _direct(f"ASK {{ <{long_iri}> ?p ?o }}"), allow_200=True)
    _hostile(client, recorder, _direct(f"SELECT * FROM <{long_iri}> {{ ?s ?p ?o }}"), allow_200=True)
    response = _hostile(client, recorder, _direct(f"ASK {{ <{long_iri * 2}> ?p ?o }}"))
    assert response.status_code == 400 and "limit" in _json(response)["message"]
    # a long IRI full of brackets (allowed in IRIs) is an IRI, not deep nesting
    response = _hostile(client, recorder, _direct("ASK { <http://e/" + "(a)" * 20_000 + "> ?p ?o }"),
                        allow_200=True)
    assert response.status_code == 200


@pytest.mark.parametrize("query, prefix", [
    ("SELECT * WHERE { ?s foo:bar ?o }", "foo:"),
    ("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:p ?o ; zz:q ?x }", "zz:"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o = 'x'^^xsd:string) }", "xsd:"),
    ("SELECT * FROM nope:g WHERE { ?s ?p ?o }", "nope:"),
    ("SELECT * WHERE { ?s ?p ?o } ORDER BY rdfs:label", "rdfs:"),
])
def test_unknown_prefixes_are_named(client, recorder, query, prefix):
    response = _hostile(client, recorder, _get(query))
    assert response.status_code == 400
    assert f"prefix {prefix}" in _json(response)["message"]


def test_blank_nodes_are_not_mistaken_for_prefixes(client):
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { _:b <http://e/on> ?o }"})
    assert response.status_code == 200
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { _:b <http://e/on> ?o "})
    assert response.status_code == 400 and "unknown prefix" not in _json(response)["message"]


# -- rate limit: its own app --------------------------------------------------------------------------

def test_rate_limit_answers_429_in_json(recorder):
    from graph.store.oxigraph import MemoryStore
    from webapp import create_app

    limited = create_app({"TESTING": True, "STORE_OBJECT": MemoryStore(), "SECRET_KEY": "test",
                          "RATE_LIMIT": "5 per minute"})
    c = limited.test_client()
    assert [c.get("/sparql").status_code for _ in range(5)] == [200] * 5  # the service description
    response = c.get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 429
    error = _json(response)
    assert error["status"] == 429 and error["message"]
    assert limited.extensions["ikg"].get("engine") is None  # refused before any worker started

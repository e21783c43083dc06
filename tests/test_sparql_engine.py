"""Unit tests of ``graph.sparql``: the cheap pre-checks, the guard, the result writers, the engine."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import time
import warnings
from xml.etree import ElementTree

import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef

from graph.errors import BadQuery, QueryTimeout, StoreUnavailable
from graph.sparql import guard, limits
from graph.sparql.results import BY_NAME, tsv_term, write
from graph.store import Results

SRX = "{http://www.w3.org/2005/sparql-results#}"


# -- limits: size and nesting -----------------------------------------------------------------------

@pytest.mark.parametrize("text, depth", [
    ("ASK {}", 1),
    ('SELECT * { ?s ?p "{{{(((" }', 1),
    ("SELECT * { ?s ?p '{{{(((' }", 1),
    ('SELECT * { ?s ?p """{{{\n(((\n""" }', 1),
    ("SELECT * { ?s ?p '''{{{\n((('''  }", 1),
    ('SELECT * { ?s ?p "a\\"(((" FILTER((1)) }', 3),  # an escaped quote does not end the string
    ("SELECT * { ?s ?p ?o } # {{{{{{", 1),
    ("SELECT * { # {{{{{{\n { ?s ?p ?o } }", 2),  # the comment ends at the line end
    ("ASK { <http://e/(((> ?p ?o }", 1),  # brackets in an IRI
    ("ASK { FILTER(?a < 3 && (?b > (2))) }", 4),  # '<' then a space: less-than, not an IRI
    ("ASK { FILTER(?a<(3)) }", 3),  # '<(3)) }' holds a space: less-than
    ('ASK { ?s ?p "unterminated\n FILTER((1)) }', 3),  # a short string stops at the line end
    ("", 0),
    ("}}}) {", 1),  # closing first does not go below zero
])
def test_nesting_depth(text, depth):
    assert limits.nesting_depth(text) == depth


def test_raw_depth_counts_every_bracket():
    assert limits.raw_depth('ASK { "((((" }') == 5
    assert limits.raw_depth("") == 0
    assert limits.raw_depth(")))(") == 1


def test_check_depth_refuses_deep_and_hidden_nesting():
    limits.check_depth("ASK { FILTER(((1))) }", 64)
    with pytest.raises(BadQuery, match="65 deep; the limit is 64"):
        limits.check_depth("ASK " + "{" * 65 + "}" * 65, 64)
    # '<' read as an IRI by the scan, as less-than by the parser: the raw count still sees the depth
    expr = "2>1"
    for _ in range(30):
        expr = "1<" + "(" * 50 + "2>1&&" + expr + ")" * 50
    hidden = f"ASK {{ FILTER({expr}) }}"
    assert limits.nesting_depth(hidden) < 64
    with pytest.raises(BadQuery, match="strings and IRIs included"):
        limits.check_depth(hidden, 64)


def test_check_size_counts_bytes():
    limits.check_size("图" * 10, 30)
    with pytest.raises(BadQuery, match="31 bytes; the limit is 30"):
        limits.check_size("图" * 10 + "x", 30)


def test_scans_are_linear():
    for text in ("<" * 200_000, "<a" * 100_000, '"' * 200_000, "#\n" * 100_000, "(" * 200_000):
        start = time.perf_counter()
        limits.nesting_depth(text)
        limits.raw_depth(text)
        guard.tokens(text)
        assert time.perf_counter() - start < 2


# -- guard: forms, datasets, refusals ----------------------------------------------------------------

@pytest.mark.parametrize("query, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("select ?s { ?s ?p ?o }", "select"),
    ("ASK {}", "ask"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
    ("DESCRIBE <http://e/x>", "describe"),
    ("PREFIX e: <http://e/>\nBASE <http://b/>\nPREFIX : <http://d/> ask { :x e:p ?o }", "ask"),
    ("# a comment\nSELECT * {}", "select"),
])
def test_guard_forms(query, form):
    assert guard.check(query).form == form


def test_guard_reads_from_and_from_named():
    checked = guard.check("PREFIX g: <http://g/> SELECT * FROM <http://g/1> FROM g:2 FROM NAMED <http://g/3> "
                          "FROM NAMED g:4 WHERE { ?s ?p ?o }")
    assert checked.from_graphs == ("http://g/1", "http://g/2")
    assert checked.from_named == ("http://g/3", "http://g/4")
    assert guard.check("SELECT * WHERE { ?s ?p ?o }").from_graphs == ()
    assert guard.check('SELECT * WHERE { ?s ?p "FROM <http://x/>" }').from_graphs == ()
    with pytest.raises(BadQuery, match="unknown prefix g:"):
        guard.check("SELECT * FROM g:1 WHERE {}")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://x/> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "ASK { FILTER NOT EXISTS { SERVICE ?u { ?s ?p ?o } } }",
    "CONSTRUCT WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "ask{service<http://x/>{?s ?p ?o}}",
    "ASK { # comment\r SERVICE <http://x/> { ?s ?p ?o } }",  # CR ends a comment
    "ASK { VALUES ?v { <http://x/\u00a0#> } SERVICE <http://x/> { ?s ?p ?o } }",  # U+00A0 is no white space
    "ASK { ?s ?p trueSERVICE <http://x/> { ?s ?p ?o } }",  # keywords need no word boundary
    "ASK { ?s ?p ?o . SERVICESILENT <http://x/> { ?s ?p ?o } }",
    "ASK { ?s ?p ?o .\u3000SERVICE <http://x/> { ?s ?p ?o } }",
])
def test_guard_refuses_service_anywhere(query):
    with pytest.raises(BadQuery, match="SERVICE is not allowed"):
        guard.check(query)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "SELECT * WHERE { ?s ?p '''\nSERVICE\n''' }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> {}",
    "SELECT * WHERE { ?s <http://e/SERVICE> ?o }",
    "PREFIX e: <http://e/> SELECT * WHERE { ?s e:SERVICE ?service }",
    "SELECT * WHERE { ?service ?p _:service }",
    'SELECT * WHERE { ?s ?p ?o FILTER(?o = "x"@en-service) }',
])
def test_guard_lets_the_word_service_be_data(query):
    guard.check(query)


@pytest.mark.parametrize("query", [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://x/data.ttl>",
    "LOAD SILENT <http://x/data.ttl> INTO GRAPH <http://e/g>",
    "CLEAR ALL", "CLEAR SILENT GRAPH <http://e/g>", "DROP ALL", "DROP GRAPH <http://e/g>",
    "CREATE GRAPH <http://e/g>", "ADD DEFAULT TO <http://e/g>", "MOVE <http://e/a> TO <http://e/b>",
    "COPY DEFAULT TO <http://e/g>",
    "PREFIX e: <http://e/> insert data { e:a e:b e:c }",
    "SELECT * {} ; CLEAR ALL",
    "ASK {} ; INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
])
def test_guard_refuses_updates(query):
    with pytest.raises(BadQuery, match="read-only"):
        guard.check(query)


@pytest.mark.parametrize("query", ["", "   ", "# only a comment", "PREFIX e: <http://e/>", "HELLO { }", "{ ?s ?p ?o }"])
def test_guard_refuses_what_is_no_query(query):
    with pytest.raises(BadQuery):
        guard.check(query)


def test_worker_explains_engine_errors():
    from graph.sparql.worker import _explain

    assert _explain("SPARQL syntax error: error at 2:7: expected x", "ASK {", shifted=True) == \
        "SPARQL syntax error: error at 1:7: expected x"
    assert _explain("error at 2:7: x", "ASK {", shifted=False) == "error at 2:7: x"
    assert _explain("error at 1:3: x", "PREFIX a: <http://a/> ASK { a:x b:y ?o }", shifted=False).startswith(
        "unknown prefix b: (declare it with PREFIX b: <...>)")
    assert "unknown prefix" not in _explain("error at 1:3: x", "ASK { _:b <http://e/p> ?o ", shifted=False)


# -- result writers --------------------------------------------------------------------------------

SCRIPT = '<script>alert("x")</script> & </literal>'
STRING = Literal(SCRIPT)
CONTROL = Literal("a\x00b\x01c\x0bd\x1fe\tf\ng\rh\ufffei")


def _lex(text: str, datatype) -> Literal:
    """A literal with its lexical form as written (rdflib would canonicalize it)."""
    return Literal(text, datatype=datatype, normalize=False)


def _select(*rows, names=("x", "y")) -> Results:
    return Results("select", vars=list(names), rows=[tuple(r) for r in rows])


def _write(results: Results, name: str) -> str:
    return write(results, BY_NAME[name]).decode("utf-8")


def test_json_keeps_markup_and_terms_exactly():
    rows = [(STRING, URIRef("http://e/a?b=<c>")), (Literal("图", lang="zh"), BNode("b1")),
            (Literal("4", datatype=XSD.integer), None), (Literal("x", datatype=XSD.string), CONTROL)]
    answer = json.loads(_write(_select(*rows), "json"))
    assert answer["head"] == {"vars": ["x", "y"]}
    b = answer["results"]["bindings"]
    assert b[0] == {"x": {"type": "literal", "value": SCRIPT}, "y": {"type": "uri", "value": "http://e/a?b=<c>"}}
    assert b[1] == {"x": {"type": "literal", "value": "图", "xml:lang": "zh"}, "y": {"type": "bnode", "value": "b1"}}
    assert b[2] == {"x": {"type": "literal", "value": "4", "datatype": str(XSD.integer)}}  # unbound: left out
    assert b[3]["x"] == {"type": "literal", "value": "x"} and b[3]["y"]["value"] == str(CONTROL)
    assert json.loads(_write(Results("ask", boolean=False), "json")) == {"head": {}, "boolean": False}


def test_xml_escapes_markup_and_control_characters():
    rows = [(STRING, URIRef("http://e/a?b=1&c=2")), (CONTROL, Literal("v", datatype=URIRef('http://e/"t"'))),
            (Literal("图", lang="zh-Hant"), BNode("b1"))]
    text = _write(_select(*rows, names=("x", 'y"<')), "xml")
    assert "<script>" not in text and "&lt;script&gt;" in text
    root = ElementTree.fromstring(text.encode("utf-8"))  # well-formed despite NUL and friends
    assert [v.get("name") for v in root.iter(f"{SRX}variable")] == ["x", 'y"<']
    results = root.find(f"{SRX}results").findall(f"{SRX}result")
    first = {b.get("name"): b[0] for b in results[0]}
    assert first["x"].text == SCRIPT and first['y"<'].text == "http://e/a?b=1&c=2"
    second = {b.get("name"): b[0] for b in results[1]}
    assert second["x"].text == "a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng\rh\ufffdi"  # CR kept, not read back as LF
    assert second['y"<'].get("datatype") == 'http://e/"t"'
    third = {b.get("name"): b[0] for b in results[2]}
    assert third["x"].get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hant"
    assert third['y"<'].tag == f"{SRX}bnode" and third['y"<'].text == "b1"
    ask = ElementTree.fromstring(write(Results("ask", boolean=True), BY_NAME["xml"]))
    assert ask.find(f"{SRX}boolean").text == "true"


def test_csv_quotes_commas_quotes_and_line_breaks():
    values = ["plain", "a,b", 'say "hi"', "two\nlines", "cr\ronly", " lead", ""]
    rows = [(Literal(v), URIRef("http://e/x,y")) for v in values] + [(BNode("b1"), None)]
    text = _write(_select(*rows), "csv")
    assert text.startswith("x,y\r\n") and text.endswith("\r\n")
    assert '"a,b"' in text and '"say ""hi"""' in text and '"two\nlines"' in text and '"cr\ronly"' in text
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records[0] == ["x", "y"]
    assert [r[0] for r in records[1:-1]] == values
    assert all(r[1] == "http://e/x,y" for r in records[1:-1])
    assert records[-1] == ["_:b1", ""]
    assert _write(Results("ask", boolean=True), "csv") == "_askResult\r\ntrue\r\n"


@pytest.mark.parametrize("term, text", [
    (_lex("4", XSD.integer), "4"),
    (_lex("-04", XSD.integer), "-04"),
    (_lex("+7", XSD.integer), "+7"),
    (_lex("2.50", XSD.decimal), "2.50"),
    (_lex(".5", XSD.decimal), ".5"),
    (_lex("1.0E6", XSD.double), "1.0E6"),
    (_lex("1e-3", XSD.double), "1e-3"),
    (_lex("true", XSD.boolean), "true"),
    (_lex("5", XSD.decimal), '"5"^^<http://www.w3.org/2001/XMLSchema#decimal>'),  # 5 would be integer
    (_lex("1000000.0", XSD.double), '"1000000.0"^^<http://www.w3.org/2001/XMLSchema#double>'),
    (_lex("INF", XSD.double), '"INF"^^<http://www.w3.org/2001/XMLSchema#double>'),
    (_lex(" 5", XSD.integer), '" 5"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    (_lex("1", XSD.boolean), '"1"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
    (_lex("-3", XSD.negativeInteger), '"-3"^^<http://www.w3.org/2001/XMLSchema#negativeInteger>'),
    (_lex("7", XSD.string), '"7"'),
    (Literal('t\tn\nr\rq"b\\'), '"t\\tn\\nr\\rq\\"b\\\\"'),
    (Literal("图", lang="zh"), '"图"@zh'),
    (Literal("x", datatype=URIRef("http://e/t")), '"x"^^<http://e/t>'),
    (URIRef("http://e/a"), "<http://e/a>"),
    (BNode("b1"), "_:b1"),
    (None, ""),
])
def test_tsv_terms(term, text):
    """Bare numbers and booleans only where Turtle reads back the same term; quoted otherwise."""
    assert tsv_term(term) == text


def test_tsv_table():
    text = _write(_select((Literal("a\tb"), None), (URIRef("http://e/s"), Literal(SCRIPT))), "tsv")
    lines = text.split("\n")
    assert lines[0] == "?x\t?y" and lines[-1] == ""
    assert lines[1] == '"a\\tb"\t' and lines[2].startswith("<http://e/s>\t")
    assert len(lines) == 4 and all(line.count("\t") == 1 for line in lines[:-1])
    assert _write(Results("ask", boolean=False), "tsv") == "?_askResult\nfalse\n"


@pytest.mark.parametrize("name, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                                 ("rdfxml", "xml")])
def test_graph_formats_round_trip(name, rdflib_format):
    triples = [(URIRef("http://e/s"), URIRef("http://e/p"), STRING),
               (URIRef("http://e/s"), URIRef("http://e/p"), Literal("图\n\"x\"", lang="zh")),
               (BNode("b1"), URIRef("http://e/q"), Literal("2.5", datatype=XSD.decimal)),
               (URIRef("http://e/s"), URIRef("http://e/r"), Literal("a\x01b"))]
    body = write(Results("graph", triples=triples), BY_NAME[name])
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        g = Graph().parse(data=body, format=rdflib_format)
    assert len(g) == 4
    assert (URIRef("http://e/s"), URIRef("http://e/p"), STRING) in g
    assert (URIRef("http://e/s"), URIRef("http://e/p"), Literal("图\n\"x\"", lang="zh")) in g
    control = g.value(URIRef("http://e/s"), URIRef("http://e/r"))
    assert str(control) == ("a\ufffdb" if name == "rdfxml" else "a\x01b")  # XML 1.0 cannot carry U+0001


# -- the engine: worker processes ------------------------------------------------------------------

@pytest.fixture(scope="module")
def engine():
    from graph.sparql import Engine, Options
    from graph.store.oxigraph import MemoryStore

    g = Graph()
    for i in range(300):
        g.add((URIRef(f"http://e/s{i % 30}"), URIRef(f"http://e/p{i % 3}"), Literal(i)))
    store = MemoryStore()
    store.replace({"http://e/g": g})
    eng = Engine(options=Options(workers=1, timeout=1.5, max_rows=100, memory_mb=1024), store=store)
    yield eng
    eng.close()


def _pids(engine) -> list[int]:
    return [w.process.pid for w in engine._all if w.process.is_alive()]


def test_engine_answers_and_caps_rows(engine):
    answer = engine.run("SELECT * WHERE { ?s ?p ?o }", ["csv"])
    assert answer.form == "select" and answer.media_type == "text/csv" and answer.truncated and answer.count == 100
    answer = engine.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == "300" and not answer.truncated
    answer = engine.run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5", ["nt"])
    assert answer.form == "construct" and len(answer.body.splitlines()) == 5


def test_engine_restarts_a_killed_worker(engine):
    (before,) = _pids(engine)
    os.kill(before, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while engine._all[-1].process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    answer = engine.run("ASK { ?s ?p ?o }")  # the next query is not blamed for the dead worker
    assert json.loads(answer.body) == {"head": {}, "boolean": True}
    (after,) = _pids(engine)
    assert after != before


def test_engine_stops_a_query_at_its_timeout(engine):
    (before,) = _pids(engine)
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="longer than 1.5 s"):
        engine.run("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    assert time.monotonic() - start < 1.5 + 2
    (after,) = _pids(engine)
    assert after != before and not any(p == before for p in _pids(engine))
    assert json.loads(engine.run("ASK {}").body)["boolean"] is True


def test_engine_kills_a_worker_that_runs_out_of_memory(engine):
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(40))
    with pytest.raises((BadQuery, QueryTimeout)):
        engine.run(f'SELECT (STRLEN(?x40) AS ?n) WHERE {{ BIND("ab" AS ?x0) {binds} }}')
    assert json.loads(engine.run("ASK {}").body)["boolean"] is True
    assert len(_pids(engine)) == 1


def test_engine_refuses_before_taking_a_worker(engine):
    (before,) = _pids(engine)
    with pytest.raises(BadQuery, match="SERVICE"):
        engine.run("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(BadQuery, match="nests"):
        engine.run("ASK " + "{" * 5000 + "}" * 5000)
    with pytest.raises(BadQuery, match="bytes"):
        engine.run("ASK {} #" + "x" * 200_000)
    assert _pids(engine) == [before]


def test_engine_close_ends_its_processes():
    from graph.sparql import Engine, Options
    from graph.store.oxigraph import MemoryStore

    eng = Engine(options=Options(workers=2, timeout=2), store=MemoryStore())
    processes = [w.process for w in eng._all]
    dump = eng._dump
    assert len(processes) == 2 and os.path.exists(dump)
    eng.close()
    assert not any(p.is_alive() for p in processes) and not os.path.exists(dump)
    with pytest.raises(StoreUnavailable):
        eng.run("ASK {}")
    assert not any(w.process.is_alive() for w in eng._all)


def test_worker_processes_cannot_open_internet_sockets():
    """The second barrier: even a SERVICE that slipped past the guard gets no socket."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import http.server, threading
        hits = []
        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                hits.append(1); self.send_response(500); self.end_headers()
            do_GET = do_POST
            def log_message(self, *a): pass
        srv = http.server.HTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        import pyoxigraph as ox
        from graph.sparql.worker import no_network
        no_network()
        try:
            list(ox.Store().query("SELECT * WHERE { SERVICE <http://127.0.0.1:%d/> { ?s ?p ?o } }" % srv.server_address[1]))
        except OSError as exc:
            print(type(exc).__name__)
        print("hits", len(hits))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    assert "PermissionError" in out.stdout and "hits 0" in out.stdout, out.stdout + out.stderr

"""The W3C SPARQL 1.1 result-format tests (``json-res``, ``csv-tsv-res``) through ``/sparql``.

Each test's data file is loaded into a named graph of one in-memory store (the endpoint's
default graph is the union of named graphs); a test's query is sent with that graph as
``default-graph-uri``, so it sees exactly its own data, and with the ``Accept`` of the format
under test. Answers are compared with the expected files:

- JSON (and the same answers as SPARQL XML): as parsed structures, variables as a set, bindings
  as a multiset, blank nodes up to renaming;
- CSV and TSV: record by record (columns matched by header, rows in order since every query
  has ``ORDER BY``), blank nodes up to renaming.

One allowance, for the store and not the writers: numbers come back from the store in canonical
form (rdflib rewrites ``"1.0E6"^^xsd:double`` as ``1000000.0`` when it reads the data and the
answers, Oxigraph stores ``xsd:negativeInteger`` as ``xsd:integer``), so numeric literals compare
by value; every other term compares exactly.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

W3C = Path(__file__).resolve().parent / "data" / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
SRX = "{http://www.w3.org/2005/sparql-results#}"
GRAPHS = "http://ikg.test/w3c/"
ACCEPT = {"srj": "application/sparql-results+json", "csv": "text/csv", "tsv": "text/tab-separated-values"}


def _tests() -> list[tuple[str, Path, Path, Path]]:
    """``(name, query, data, result)`` of every entry of both manifests, in manifest order."""
    found = []
    for folder in ("json-res", "csv-tsv-res"):
        m = Graph().parse(W3C / folder / "manifest.ttl", format="turtle")
        root = m.value(predicate=RDF.type, object=MF.Manifest)
        for test in Collection(m, m.value(root, MF.entries)):
            action = m.value(test, MF.action)
            local = [W3C / folder / str(m.value(node, prop)).rsplit("/", 1)[1]
                     for node, prop in ((action, QT.query), (action, QT.data), (test, MF.result))]
            found.append((str(test).rsplit("#", 1)[1], *local))
    return found


TESTS = _tests()


def _graph_name(data: Path) -> str:
    return f"{GRAPHS}{data.parent.name}/{data.name}"


@pytest.fixture(scope="module")
def sparql():
    from graph.store.oxigraph import MemoryStore
    from webapp import create_app

    store = MemoryStore()
    store.replace({_graph_name(data): Graph().parse(data, format="turtle") for data in {t[2] for t in TESTS}})
    app = create_app({"TESTING": True, "STORE_OBJECT": store, "SECRET_KEY": "test", "SPARQL_TIMEOUT": 5})
    yield app.test_client()
    engine = app.extensions["ikg"].get("engine")
    if engine is not None:
        engine.close()


def _run(client, query: Path, data: Path, accept: str):
    response = client.post("/sparql", query_string={"default-graph-uri": _graph_name(data)},
                           data=query.read_text(encoding="utf-8"), content_type="application/sparql-query",
                           headers={"Accept": accept})
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == accept
    return response


# -- terms, blank nodes and numbers ---------------------------------------------------------------

NUMERIC = {str(XSD[n]) for n in ("integer", "decimal", "double", "float", "long", "int", "short", "byte",
                                 "nonNegativeInteger", "nonPositiveInteger", "negativeInteger",
                                 "positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
                                 "unsignedByte")}


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text) if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text) else None
    except InvalidOperation:
        return None


def _same_term(expected, actual, bnodes: dict) -> bool:
    """Equal terms; blank nodes through the (growing) renaming ``bnodes``; numbers by value."""
    if isinstance(expected, BNode) or isinstance(actual, BNode):
        if not (isinstance(expected, BNode) and isinstance(actual, BNode)):
            return False
        if bnodes.setdefault(expected, actual) != actual:
            return False
        return list(bnodes.values()).count(actual) == 1
    if isinstance(expected, Literal) and isinstance(actual, Literal) and expected != actual:
        kinds = {str(expected.datatype), str(actual.datatype)}
        return kinds <= NUMERIC and _number(str(expected)) == _number(str(actual)) is not None
    return type(expected) is type(actual) and expected == actual


def _same_rows(expected: list[dict], actual: list[dict], ordered: bool) -> bool:
    """Rows equal up to blank node renaming, in order or as multisets."""
    if len(expected) != len(actual):
        return False

    def match(i: int, free: list[int], bnodes: dict) -> bool:
        if i == len(expected):
            return True
        for j in ([i] if ordered else free):
            trial = dict(bnodes)
            row, other = expected[i], actual[j]
            if row.keys() == other.keys() and all(_same_term(row[k], other[k], trial) for k in row):
                if match(i + 1, [f for f in free if f != j], trial):
                    return True
        return False

    return match(0, list(range(len(actual))), {})


def _json_term(value: dict):
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    assert kind in ("literal", "typed-literal"), value
    datatype = value.get("datatype")
    return Literal(value["value"], lang=value.get("xml:lang"), datatype=URIRef(datatype) if datatype else None,
                   normalize=False)


def _srj(data: bytes) -> tuple[set | None, list[dict] | bool]:
    answer = json.loads(data)
    assert "head" in answer
    if "boolean" in answer:
        return None, answer["boolean"]
    rows = [{k: _json_term(v) for k, v in b.items()} for b in answer["results"]["bindings"]]
    return set(answer["head"]["vars"]), rows


def _srx(data: bytes) -> tuple[set | None, list[dict] | bool]:
    root = ElementTree.fromstring(data)
    assert root.tag == f"{SRX}sparql"
    boolean = root.find(f"{SRX}boolean")
    if boolean is not None:
        return None, {"true": True, "false": False}[boolean.text]
    names = {v.get("name") for v in root.find(f"{SRX}head").findall(f"{SRX}variable")}
    rows = []
    for result in root.find(f"{SRX}results").findall(f"{SRX}result"):
        row = {}
        for binding in result.findall(f"{SRX}binding"):
            (node,) = list(binding)
            tag = node.tag[len(SRX):]
            if tag == "uri":
                row[binding.get("name")] = URIRef(node.text)
            elif tag == "bnode":
                row[binding.get("name")] = BNode(node.text)
            else:
                datatype = node.get("datatype")
                row[binding.get("name")] = Literal(
                    node.text or "", lang=node.get("{http://www.w3.org/XML/1998/namespace}lang"),
                    datatype=URIRef(datatype) if datatype else None, normalize=False)
        rows.append(row)
    return names, rows


_TSV_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^>]*)>)?')
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _tsv_term(cell: str):
    """One TSV field as an RDF term (``None`` when empty: unbound)."""
    if cell == "":
        return None
    if cell.startswith("<") and cell.endswith(">"):
        return URIRef(cell[1:-1])
    if cell.startswith("_:"):
        return BNode(cell[2:])
    if match := _TSV_STRING.fullmatch(cell):
        text = re.sub(r"\\(.)", lambda m: _ECHAR[m[1]], match[1])
        return Literal(text, lang=match[2], datatype=URIRef(match[3]) if match[3] else None, normalize=False)
    if cell in ("true", "false"):
        return Literal(cell, datatype=XSD.boolean, normalize=False)
    if re.fullmatch(r"[+-]?\d+", cell):
        return Literal(cell, datatype=XSD.integer, normalize=False)
    if re.fullmatch(r"[+-]?\d*\.\d+", cell):
        return Literal(cell, datatype=XSD.decimal, normalize=False)
    assert re.fullmatch(r"[+-]?(\d+\.\d*|\.?\d+)[eE][+-]?\d+", cell), f"not a TSV term: {cell!r}"
    return Literal(cell, datatype=XSD.double, normalize=False)


def _csv_term(cell: str):
    """One CSV field: IRIs and literals alike are bare strings; numbers compare by value."""
    if cell == "":
        return None
    if cell.startswith("_:"):
        return BNode(cell[2:])
    if _number(cell) is not None:
        return Literal(cell, datatype=XSD.double, normalize=False)
    return Literal(cell, normalize=False)


def _table(text: str, kind: str) -> tuple[list[str], list[dict]]:
    if kind == "csv":
        records = list(csv.reader(io.StringIO(text, newline="")))
        header, term = records[0], _csv_term
    else:
        records = [line.split("\t") for line in text.split("\n") if line]
        header, term = [h[1:] for h in records[0]], _tsv_term
        assert all(h.startswith("?") for h in records[0]), records[0]
    rows = []
    for record in records[1:]:
        assert len(record) == len(header), record
        rows.append({n: t for n, t in zip(header, map(term, record), strict=True) if t is not None})
    return header, rows


# -- the tests --------------------------------------------------------------------------------------

JSON_TESTS = [t for t in TESTS if t[3].suffix == ".srj"]
TABLE_TESTS = [t for t in TESTS if t[3].suffix in (".csv", ".tsv")]


def test_the_manifests_are_read_whole():
    assert [t[0] for t in JSON_TESTS] == ["jsonres01", "jsonres02", "jsonres03", "jsonres04"]
    assert sorted(t[0] for t in TABLE_TESTS) == ["csv01", "csv02", "csv03", "tsv01", "tsv02", "tsv03"]


@pytest.mark.parametrize("name, query, data, result", JSON_TESTS, ids=[t[0] for t in JSON_TESTS])
def test_json_results(sparql, name, query, data, result):
    expected_vars, expected = _srj(result.read_bytes())
    actual_vars, actual = _srj(_run(sparql, query, data, ACCEPT["srj"]).data)
    if expected_vars is None:
        assert actual_vars is None and actual is expected
        assert json.loads(_run(sparql, query, data, ACCEPT["srj"]).data)["head"] == {}
    else:
        assert actual_vars == expected_vars
        assert _same_rows(expected, actual, ordered=False), (expected, actual)


@pytest.mark.parametrize("name, query, data, result", JSON_TESTS, ids=[t[0] for t in JSON_TESTS])
def test_xml_results_say_the_same(sparql, name, query, data, result):
    """The same expected answers, fetched as SPARQL XML results."""
    expected_vars, expected = _srj(result.read_bytes())
    actual_vars, actual = _srx(_run(sparql, query, data, "application/sparql-results+xml").data)
    if expected_vars is None:
        assert actual_vars is None and actual is expected
    else:
        assert actual_vars == expected_vars
        assert _same_rows(expected, actual, ordered=False), (expected, actual)


@pytest.mark.parametrize("name, query, data, result", TABLE_TESTS, ids=[t[0] for t in TABLE_TESTS])
def test_csv_tsv_results(sparql, name, query, data, result):
    kind = result.suffix[1:]
    body = _run(sparql, query, data, ACCEPT[kind]).data.decode("utf-8")
    if kind == "csv":
        assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", ""), "CSV lines end with CRLF"
    else:
        assert "\r" not in body and body.endswith("\n")
    expected_header, expected = _table(result.read_text(encoding="utf-8"), kind)
    header, actual = _table(body, kind)
    assert sorted(header) == sorted(expected_header)
    ordered = "ORDER BY" in query.read_text(encoding="utf-8").upper()
    assert _same_rows(expected, actual, ordered=ordered), (expected, actual)


def test_the_comparison_is_not_lax():
    """The helpers above find differences: a wrong term, a blank node used twice, a reordering."""
    a, b = BNode("a"), BNode("b")
    assert not _same_rows([{"x": URIRef("http://e/1")}], [{"x": URIRef("http://e/2")}], ordered=False)
    assert not _same_rows([{"x": a}, {"x": b}], [{"x": a}, {"x": a}], ordered=False)
    assert _same_rows([{"x": a}, {"x": b}], [{"x": b}, {"x": a}], ordered=False)
    one, two = {"x": Literal("1")}, {"x": Literal("2")}
    assert not _same_rows([one, two], [two, one], ordered=True)
    assert _same_rows([one, two], [two, one], ordered=False)
    assert not _same_rows([{"x": Literal("4")}], [{"x": Literal("4", datatype=XSD.integer)}], ordered=True)
    assert _same_rows([{"x": Literal("1.0E6", datatype=XSD.double, normalize=False)}],
                      [{"x": Literal("1000000.0", datatype=XSD.double)}], ordered=True)
    assert not _same_rows([{"x": Literal("a", lang="en")}], [{"x": Literal("a", lang="fr")}], ordered=True)
    assert _tsv_term('"a\\tb\\"c"@zh-Hant') == Literal('a\tb"c', lang="zh-Hant")
    assert list(itertools.chain.from_iterable(r.values() for r in _table("?x\n_:b1\n", "tsv")[1])) == [BNode("b1")]

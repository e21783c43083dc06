"""Exports: a real subgraph of the built corpus through every format and back."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from openpyxl import load_workbook
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.model import HOW
from ontology.namespace import GAZETTEER_GRAPH, IKG, INFERRED_GRAPH
from webapp.exports import EXPORTERS
from webapp.i18n import how_labels
from webapp.network import STYLE
from webapp.subgraph import Subgraph, from_document, from_entity

from .conftest import FOCUS

# rdflib 7.6 warns about its own deprecated API when it parses into a Dataset.
DATASET_WARNINGS = pytest.mark.filterwarnings("ignore:(Dataset|ConjunctiveGraph):DeprecationWarning")




@pytest.fixture
def hostile() -> Subgraph:
    """Labels a spreadsheet would run or an XML parser refuse, and an IRI with a space."""
    a, b, c = "https://w3id.org/ikg/id/x/a b", "https://w3id.org/ikg/id/x/b", "https://w3id.org/ikg/id/x/c"
    nodes = [
        {"iri": a, "type": "Cluster", "zh": "=HYPERLINK(\"http://evil\")", "en": "+1", "aliases": ["@SUM(A1)"],
         "mentions": 1},
        {"iri": b, "type": "Park", "zh": "-2+3", "en": "bad\x0bchar", "aliases": [], "mentions": 2},
        {"iri": c, "type": "Company", "zh": "\x0b=1+1", "en": "\tTAB", "aliases": [], "mentions": 0},
    ]
    edges = [{"source": a, "target": b, "property": "hasPark", "inferred": False, "documents": []},
             {"source": b, "target": c, "property": "operatedBy", "inferred": True, "documents": []}]
    g = URIRef("https://w3id.org/ikg/doc/x")
    quads = [(URIRef(a), IKG.hasPark, URIRef(b), g),
             (URIRef(b), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("bad\x0bchar", lang="en"), g)]
    docs = [{"iri": str(g), "title": "@title", "date": "2024-01-01"}]
    return Subgraph(nodes, edges, quads, "", docs)


def _triples(sub: Subgraph) -> Graph:
    g = Graph()
    for s, p, o, _ in sub.quads:
        g.add((s, p, o))
    return g


def _quads(ds: Dataset) -> set:
    return {(s, p, o, getattr(c, "identifier", c)) for s, p, o, c in ds.quads() if c is not None}


# --- the subgraph -------------------------------------------------------------------------------------


def test_subgraph_holds_entities_links_and_provenance(sub):
    iris = {n["iri"] for n in sub.nodes}
    assert FOCUS in iris and len(iris) > 5 and sub.edges
    assert all(e["source"] in iris and e["target"] in iris for e in sub.edges)
    focus = next(n for n in sub.nodes if n["iri"] == FOCUS)
    assert focus["type"] == "Industry" and focus["zh"] and focus["en"]
    types = {o for _, p, o, _ in sub.quads if p == URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")}
    assert {IKG.Mention, IKG.Evidence, IKG.Document} <= types
    cited = {d["iri"] for d in sub.documents}
    assert cited and all(d["title"] and d["date"] for d in sub.documents)
    assert {str(q[3]) for q in sub.quads} <= cited | {str(GAZETTEER_GRAPH), str(INFERRED_GRAPH)}
    # links only between chosen entities
    for s, p, o, _ in sub.quads:
        if str(s) in iris and str(p).startswith(str(IKG._NS)) and isinstance(o, URIRef):
            assert str(o) in iris
    assert "VALUES ?e" in sub.query and f"<{FOCUS}>" in sub.query


def test_document_subgraph_keeps_to_its_graph(built_store, snapshot, sub):
    doc = sub.documents[0]["iri"]
    d = from_document(built_store, snapshot, doc)
    assert d.nodes and d.quads and [x["iri"] for x in d.documents] == [doc]
    assert {str(q[3]) for q in d.quads} == {doc}
    assert all(e["documents"] == [doc] for e in d.edges)


def test_every_exporter_renders_bytes(sub):
    for ext, exporter in EXPORTERS.items():
        assert exporter.extension == ext and exporter.media_type and exporter.label
        data = exporter.render(sub)
        assert isinstance(data, bytes) and data, ext


# --- RDF ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ext", "fmt"), [("ttl", "turtle"), ("nt", "nt")])
def test_triples_round_trip(sub, ext, fmt):
    back = Graph().parse(data=EXPORTERS[ext].render(sub), format=fmt)
    assert len(back) == len(_triples(sub)) and isomorphic(back, _triples(sub))


@DATASET_WARNINGS
@pytest.mark.parametrize(("ext", "fmt"), [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_quads_round_trip(sub, ext, fmt):
    back = Dataset()
    back.parse(data=EXPORTERS[ext].render(sub), format=fmt)
    assert _quads(back) == set(sub.quads)


def test_jsonld_has_a_context_of_prefixes(sub):
    import json

    doc = json.loads(EXPORTERS["jsonld"].render(sub))
    assert {"ikg", "skos", "prov", "dcterms"} <= set(doc["@context"])
    assert "ikg:denotes" in json.dumps(doc, ensure_ascii=False)
    assert "智能家电" in json.dumps(doc, ensure_ascii=False)


@DATASET_WARNINGS
def test_rdf_survives_hostile_iris(hostile):
    for ext, fmt in (("ttl", "turtle"), ("nt", "nt")):
        back = Graph().parse(data=EXPORTERS[ext].render(hostile), format=fmt)
        assert URIRef("https://w3id.org/ikg/id/x/a%20b") in set(back.subjects())
    for ext, fmt in (("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")):
        back = Dataset()
        back.parse(data=EXPORTERS[ext].render(hostile), format=fmt)
        assert len(_quads(back)) == 2, ext


# --- graphs -------------------------------------------------------------------------------------------


def _read(ext: str, data: bytes):
    if ext == "graphml":
        return nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    return nx.read_gexf(io.BytesIO(data))


@pytest.mark.parametrize("ext", ["graphml", "gexf"])
def test_graph_formats_round_trip(sub, ext):
    g = _read(ext, EXPORTERS[ext].render(sub))
    assert set(g.nodes) == {n["iri"] for n in sub.nodes}
    edges = {(s, o, d["property"], d["inferred"]) for s, o, d in g.edges(data=True)}
    assert edges == {(e["source"], e["target"], e["property"], e["inferred"]) for e in sub.edges}
    for n in sub.nodes:
        data = g.nodes[n["iri"]]
        assert data["label"] == n["zh"] and data["label_en"] == n["en"] and data["type"] == n["type"]
        assert data["colour"] == STYLE[n["type"]][0]


@pytest.mark.parametrize("ext", ["graphml", "gexf"])
def test_graph_formats_survive_control_characters_and_spaces(hostile, ext):
    g = _read(ext, EXPORTERS[ext].render(hostile))
    assert "https://w3id.org/ikg/id/x/a b" in g.nodes
    assert g.nodes["https://w3id.org/ikg/id/x/b"]["label_en"] == "badchar"
    assert len(g.edges) == 2


# --- tables -------------------------------------------------------------------------------------------


def _csv(sub, name):
    data = EXPORTERS[f"{name}.csv"].render(sub)
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_keeps_chinese(sub):
    nodes = _csv(sub, "nodes")
    assert {r["iri"]: r["label_zh"] for r in nodes} == {n["iri"]: n["zh"] for n in sub.nodes}
    assert len(_csv(sub, "edges")) == len(sub.edges)
    assert {r["title"] for r in _csv(sub, "documents")} == {d["title"] for d in sub.documents}


def test_edges_say_how_their_evidence_was_found(sub):
    stated = [e for e in sub.edges if not e["inferred"] and e["documents"]]
    assert stated and all(e["how"] and set(e["how"]) <= set(HOW) for e in stated)
    assert all(not e["how"] for e in sub.edges if e["inferred"])
    rows = {(r["source"], r["property"], r["target"]): r for r in _csv(sub, "edges")}
    for e in sub.edges:
        row = rows[(e["source"], e["property"], e["target"])]
        assert row["how"] == " ".join(e["how"]) and row["how_label"] == how_labels(e["how"])
    g = _read("graphml", EXPORTERS["graphml"].render(sub))
    assert {(s, o, d["property"], d["how"]) for s, o, d in g.edges(data=True)} == {
        (e["source"], e["target"], e["property"], " ".join(e["how"])) for e in sub.edges}
    assert "句中陈述 / stated in a sentence" in how_labels(["stated"])


def test_xlsx_keeps_chinese(sub):
    book = load_workbook(io.BytesIO(EXPORTERS["xlsx"].render(sub)))
    assert book.sheetnames == ["nodes", "edges", "documents"]
    rows = list(book["nodes"].iter_rows(values_only=True))
    assert rows[0][:3] == ("iri", "type", "label_zh")
    assert {r[0]: r[2] for r in rows[1:]} == {n["iri"]: n["zh"] for n in sub.nodes}
    assert book["edges"].max_row == len(sub.edges) + 1


def test_tables_neutralise_formulas(hostile):
    nodes = _csv(hostile, "nodes")
    cells = [v for r in nodes for v in r.values()]
    assert "'=HYPERLINK(\"http://evil\")" in cells and "'+1" in cells and "'@SUM(A1)" in cells
    assert "'-2+3" in cells and "'\tTAB" in cells
    assert _csv(hostile, "documents")[0]["title"] == "'@title"
    book = load_workbook(io.BytesIO(EXPORTERS["xlsx"].render(hostile)))
    values = [c for row in book["nodes"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "'=1+1" in values  # the control character dropped, the uncovered formula neutralised
    assert not [v for v in values if v[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert all(c.data_type != "f" for row in book["nodes"].iter_rows() for c in row)


def test_report_bundle_holds_picture_data_query_and_sources(built_store):
    import io
    import zipfile

    from webapp.exports import EXPORTERS
    from webapp.snapshot import load

    snap = load(built_store)
    chosen = from_entity(built_store, snap, FOCUS, 2)
    data = EXPORTERS["zip"].render(chosen)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert names == {"network.png", "network.svg", "nodes.csv", "edges.csv", "documents.csv", "subgraph.graphml",
                     "subgraph.trig", "query.rq", "sources.txt", "README.txt"}
    assert archive.read("network.png").startswith(b"\x89PNG")
    assert "智能家电" in archive.read("nodes.csv").decode("utf-8-sig")
    sources = archive.read("sources.txt").decode("utf-8").splitlines()
    assert len(sources) == len(chosen.documents) and sources[0].startswith("[1] ")
    assert archive.read("query.rq").decode("utf-8") == chosen.query and "SELECT" in chosen.query
    assert f"build {snap.version}" in archive.read("README.txt").decode("utf-8") and snap.version
    assert EXPORTERS["zip"].render(chosen) == data, "the same subgraph gives the same bytes"

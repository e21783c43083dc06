"""Document graphs: what ``build_graph`` states, with provenance for every fact."""

import pytest
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.build import Source, build_graph
from graph.extract import Gazetteer, extract
from graph.iris import document_iri
from graph.model import HOW, Document
from graph.validate import validate
from ontology.namespace import IKG

SHA = "0" * 64


@pytest.fixture(scope="module")
def graphs(extractions):
    gazetteer = Gazetteer.bundled()
    return [build_graph(x, Source(SHA, x.doc.name), gazetteer) for x in extractions]


def test_build_graph_names_the_graph_after_its_document(graphs, docs):
    assert [str(g.identifier) for g in graphs] == [document_iri(d.name) for d in docs]


def test_build_graph_conforms_to_the_shapes(graphs):
    report = validate(graphs)
    assert report.conforms, report.text()


def test_build_graph_keeps_manifest_metadata(graphs):
    g = graphs[0]
    doc = g.identifier
    assert g.value(doc, DCTERMS.date) == Literal("2024-03-28", datatype=XSD.date)
    assert "九大行动" in str(g.value(doc, DCTERMS.title))
    assert g.value(doc, IKG.sha256) == Literal(SHA)


def test_every_span_quotes_the_original_text(graphs, docs):
    for g, doc in zip(graphs, docs, strict=True):
        for node in g.subjects(PROV.wasQuotedFrom, g.identifier):
            start, end = int(g.value(node, IKG.start)), int(g.value(node, IKG.end))
            assert "".join(doc.text[start:end].split()) == str(g.value(node, IKG.quote)), node


STATED = {IKG.inIndustry, IKG.hostsIndustry, IKG.partOfCluster, IKG.supportsCluster, IKG.hasPark, IKG.operatedBy,
          IKG.targets, IKG.setBy, IKG.memberOf, IKG.locatedInPark, IKG.locatedIn}


def test_every_stated_relation_has_evidence(graphs):
    for g in graphs:
        evidence = {(g.value(e, RDF.subject), g.value(e, RDF.predicate), g.value(e, RDF.object))
                    for e in g.subjects(RDF.type, IKG.Evidence)}
        triples = {(s, p, o) for s, p, o in g if p in STATED}
        assert triples and triples == evidence


def test_every_evidence_says_how_it_was_found(graphs, extractions):
    for g, x in zip(graphs, extractions, strict=True):
        found = {}
        for e in g.subjects(RDF.type, IKG.Evidence):
            hows = list(g.objects(e, IKG.how))
            assert len(hows) == 1 and str(hows[0]) in HOW, (e, hows)
            key = (str(g.value(e, RDF.subject)), str(g.value(e, RDF.predicate))[len(str(IKG._NS)):],
                   str(g.value(e, RDF.object)))
            found.setdefault(key, set()).add(str(hows[0]))
        assert found == {k: {r.how for r in x.relations if (r.s, r.p, r.o) == k} for k in found}


@pytest.mark.parametrize("predicate", [IKG.hostsIndustry, IKG.targets, IKG.setBy, IKG.memberOf])
def test_build_graph_of_the_corpus_states_the_annotators_predicates(graphs, predicate):
    """The predicates that replaced the old ones (inIndustry of a park, setsTarget, includesAction, partOf)."""
    assert any((None, predicate, None) in g for g in graphs), predicate


@pytest.mark.parametrize("old", ["supports", "includesAction", "setsTarget", "partOf", "participatesIn"])
def test_old_predicates_are_gone_from_the_namespace(old):
    with pytest.raises(AttributeError):
        getattr(IKG, old)


def test_entities_have_chinese_and_english_labels(graphs):
    g = graphs[0]
    cluster = URIRef("https://w3id.org/ikg/id/cluster/zhi-neng-jia-dian-chan-ye-ji-qun-c3ff69")
    labels = {label.language: str(label) for label in g.objects(cluster, SKOS.prefLabel)}
    assert labels == {"zh": "智能家电产业集群", "en": "Smart home appliances industrial cluster"}


def test_indicator_values_are_typed_literals(graphs):
    g = graphs[4]  # the West Coast New Area plan: 2025 targets
    values = list(g.subjects(RDF.type, IKG.Target))
    assert values
    for v in values:
        assert g.value(v, IKG.value).datatype == XSD.decimal
        year = g.value(v, IKG.year)
        assert year is None or year.datatype == XSD.gYear


def test_build_graph_is_deterministic(extractions):
    gazetteer = Gazetteer.bundled()
    first = build_graph(extractions[1], Source(SHA, extractions[1].doc.name), gazetteer)
    again = build_graph(extract(extractions[1].doc), Source(SHA, extractions[1].doc.name), gazetteer)
    assert set(first) == set(again)


@pytest.mark.parametrize("label", ["<script>alert(1)</script>产业园", "\"引号\"与\\反斜杠\n换行产业园"])
def test_hostile_names_stay_literal_text(label):
    doc = Document(name="hostile.txt", text=f"青岛市建设{label}。")
    g = build_graph(extract(doc), Source(SHA, "hostile.txt"), Gazetteer.bundled())
    round_trip = type(g)().parse(data=g.serialize(format="nt"), format="nt")
    assert set(round_trip) == set(g)
    assert validate([g]).conforms

"""The shapes compiled to SPARQL report what pySHACL reports, break by break."""

import pytest
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.build import Source, build_graph
from graph.extract import Gazetteer, extract
from graph.model import Document
from graph.validate import checks, validate
from ontology.namespace import IKG

TEXT = "青岛市建设智能家电产业园，海尔集团加入智能家电产业集群。到2025年，产业规模达到1.43万亿元，增长6.5%左右。"


@pytest.fixture(scope="module")
def graph():
    doc = Document(name="small.txt", text=TEXT)
    return build_graph(extract(doc), Source("0" * 64, "small.txt"), Gazetteer.bundled())


def _first(g, type_):
    return next(iter(sorted(g.subjects(RDF.type, type_))))


def _no_labels(g):
    g.remove((_first(g, IKG.Park), SKOS.prefLabel, None))


def _two_labels(g):
    g.add((_first(g, IKG.Park), SKOS.prefLabel, Literal("另一个名字", lang="zh")))


def _bad_iri(g):
    g.add((URIRef("https://w3id.org/ikg/id/park/Not_A_Slug"), RDF.type, IKG.Park))


def _bad_span(g):
    mention = _first(g, IKG.Mention)
    g.set((mention, IKG.start, Literal(-3)))
    g.set((mention, IKG.end, Literal("x", datatype=XSD.integer)))
    g.remove((mention, IKG.quote, None))


def _bad_value(g):
    value = _first(g, IKG.Target)
    g.set((value, IKG.value, Literal("many", datatype=XSD.decimal)))
    g.add((value, IKG.unit, Literal("元")))
    g.add((value, IKG.year, Literal(2025)))


def _wrong_classes(g):
    cluster, park = _first(g, IKG.Cluster), _first(g, IKG.Park)
    g.add((cluster, IKG.hasPark, cluster))
    g.add((park, IKG.hostsIndustry, park))
    g.add((_first(g, IKG.Company), IKG.targets, park))
    g.add((_first(g, IKG.Mention), IKG.denotes, URIRef("https://w3id.org/ikg/id/park/nowhere")))


def _wrong_subjects(g):
    cluster, park, company = _first(g, IKG.Cluster), _first(g, IKG.Park), _first(g, IKG.Company)
    industry = _first(g, IKG.Industry)
    g.add((park, IKG.inIndustry, industry))  # a park hosts an industry
    g.add((company, IKG.supportsCluster, cluster))  # only actions and platforms support a cluster
    g.add((cluster, IKG.partOfCluster, cluster))
    g.add((company, IKG.setBy, _first(g, IKG.Document)))


def _bad_how(g):
    evidence = sorted(g.subjects(RDF.type, IKG.Evidence))
    g.set((evidence[0], IKG.how, Literal("guessed")))
    g.add((evidence[-1], IKG.how, Literal("section")))
    g.add((evidence[-1], IKG.how, Literal("name")))


def _bad_document(g):
    doc = _first(g, IKG.Document)
    g.set((doc, IKG.sha256, Literal("ABC")))
    g.remove((doc, DCTERMS.title, None))
    g.add((doc, DCTERMS.date, Literal("2024-13-45", datatype=XSD.date)))
    g.add((_first(g, IKG.Company), SKOS.altLabel, Literal("plain")))


def _unmentioned(g):
    g.add((URIRef("https://w3id.org/ikg/id/park/ge-li"), RDF.type, IKG.Park))
    g.remove((_first(g, IKG.Evidence), PROV.wasQuotedFrom, None))


BREAKS = [_no_labels, _two_labels, _bad_iri, _bad_span, _bad_value, _wrong_classes, _wrong_subjects, _bad_how,
          _bad_document, _unmentioned]


def test_validate_compiles_every_shape():
    assert checks() is not None and len(checks()) > 50


def test_validate_sparql_and_pyshacl_agree_on_a_good_graph(graph):
    assert validate([graph]).conforms and validate([graph], engine="pyshacl").conforms


@pytest.mark.parametrize("breaking", BREAKS, ids=lambda f: f.__name__.strip("_"))
def test_validate_sparql_reports_what_pyshacl_reports(graph, breaking):
    broken = type(graph)(identifier=graph.identifier)
    broken += graph
    breaking(broken)
    fast, reference = validate([broken]), validate([broken], engine="pyshacl")
    assert not fast.conforms
    key = lambda v: (v.focus, v.path, v.message)  # noqa: E731 - pySHACL names some values, we all
    assert sorted(map(key, fast.violations)) == sorted(map(key, reference.violations))


def test_validate_refuses_one_entity_labelled_two_ways_across_documents(graph):
    other = type(graph)(identifier=URIRef("https://w3id.org/ikg/doc/other"))
    other += graph
    park = _first(other, IKG.Park)
    other.set((park, SKOS.prefLabel, Literal("同音不同字产业园", lang="zh")))
    report = validate([graph, other])
    assert not report.conforms and "exactly one Chinese label" in report.text()

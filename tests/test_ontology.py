"""The ontology files agree with each other and with the code that uses them."""

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal
from rdflib.namespace import SKOS
from rdflib.plugins.sparql import prepareQuery

import ontology
from ontology.namespace import IKG

NS = "https://w3id.org/ikg/ontology#"


@pytest.fixture(scope="module")
def ikg_ttl() -> Graph:
    return Graph().parse(data=ontology.path("ikg.ttl").read_text(encoding="utf-8"), format="turtle")


def test_namespace_matches_ikg_ttl(ikg_ttl):
    declared = {str(s)[len(NS):] for s in ikg_ttl.subjects() if str(s).startswith(NS)}
    in_code = set(IKG.__annotations__)
    assert declared == in_code, "regenerate ontology/namespace.py from ikg.ttl"


def test_namespace_is_closed():
    with pytest.raises(AttributeError):
        IKG.hasParkk  # noqa: B018 - a typo must raise, not mint an IRI


def test_every_term_has_labels_and_definitions_in_both_languages(ikg_ttl):
    for term in {s for s in ikg_ttl.subjects() if str(s).startswith(NS)}:
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ikg_ttl.objects(term, prop) if isinstance(o, Literal)}
            assert {"zh", "en"} <= langs, f"{term} lacks {prop} in zh or en"


def test_object_properties_have_ranges_or_are_generic(ikg_ttl):
    for prop in ikg_ttl.subjects(RDF.type, OWL.ObjectProperty):
        assert (prop, RDFS.range, None) in ikg_ttl or (prop, RDFS.domain, None) in ikg_ttl, prop


def test_shapes_parse_and_use_only_declared_terms(ikg_ttl):
    shapes = Graph().parse(data=ontology.path("shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    used = {str(t)[len(NS):] for triple in shapes for t in triple if str(t).startswith(NS)}
    shapes_own = {str(s)[len(NS):] for s in shapes.subjects() if str(s).startswith(NS)}
    assert used - shapes_own <= set(IKG.__annotations__)


@pytest.mark.parametrize("query", ontology.queries() + ontology.rules(), ids=lambda q: q.name)
def test_named_query_parses_and_has_titles(query):
    prepareQuery(query.text)  # parsing only; user queries never run on rdflib
    assert query.title_zh and query.title_en and query.description_zh and query.description_en


def test_there_are_at_least_twelve_named_queries():
    assert len(ontology.queries()) >= 12


def test_rules_only_derive_inferred_properties(ikg_ttl):
    inferred = {str(p) for p in ikg_ttl.subjects(RDF.type, IKG.InferredProperty)}
    for rule in ontology.rules():
        construct = rule.text.split("WHERE", 1)[0]
        used = {NS + word for word in IKG.__annotations__ if f"ikg:{word} " in construct}
        assert used and used <= inferred, rule.name

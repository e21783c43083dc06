"""The graphs no document states: the ontology, gazetteer facts, inferred links, the build record.

They are recomputed from the store after each build, each in its own named graph, so that a
stated fact (in a document's graph) is never confused with background or inferred knowledge.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.iris import BASE, entity_iri
from ontology import gazetteer_entries, path, rules
from ontology.namespace import BUILD_GRAPH, GAZETTEER_GRAPH, IKG, INFERRED_GRAPH, ONTOLOGY_GRAPH

_MENTIONED = """
PREFIX ikg: <https://w3id.org/ikg/ontology#>
SELECT DISTINCT ?e WHERE { ?m ikg:denotes ?e }
"""


def derived_graphs(store, build_id: str, started: datetime) -> dict[str, Graph]:
    """Named graph IRI -> graph, for every derived graph; call after the document graphs are in."""
    graphs = {str(ONTOLOGY_GRAPH): ontology_graph()}
    graphs[str(GAZETTEER_GRAPH)] = gazetteer_graph({str(r[0]) for r in store.query(_MENTIONED).rows})
    store.replace(graphs)  # the rules read the gazetteer's industry links
    graphs[str(INFERRED_GRAPH)] = inferred_graph(store)
    graphs[str(BUILD_GRAPH)] = build_record(build_id, started)
    return graphs


@cache
def ontology_graph() -> Graph:
    g = Graph(identifier=ONTOLOGY_GRAPH)
    g.parse(data=path("ikg.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def gazetteer_graph(mentioned: set[str]) -> Graph:
    """What the gazetteer knows of the entities documents mention: aliases and industries.

    A park hosts its industry (``ikg:hostsIndustry``); anything else is in it (``ikg:inIndustry``).
    """
    g = Graph(identifier=GAZETTEER_GRAPH)
    industries = {e["label"]: e for e in gazetteer_entries() if e["type"] == "Industry"}
    g.add((GAZETTEER_GRAPH, PROV.wasDerivedFrom, URIRef(BASE + "source/gazetteer.jsonl")))
    for entry in gazetteer_entries():
        iri = URIRef(entity_iri(entry["type"], entry["label"], entry["id"]))
        if str(iri) not in mentioned:
            continue
        for alias in entry.get("aliases", ()):
            g.add((iri, SKOS.altLabel, Literal(alias, lang="zh")))
        sector = industries.get(entry.get("industry", ""))
        if sector:
            target = URIRef(entity_iri("Industry", sector["label"], sector["id"]))
            g.add((iri, IKG.hostsIndustry if entry["type"] == "Park" else IKG.inIndustry, target))
            g.add((target, RDF.type, IKG.Industry))
            g.add((target, SKOS.prefLabel, Literal(sector["label"], lang="zh")))
            g.add((target, SKOS.prefLabel, Literal(sector.get("label_en") or sector["label"], lang="en")))
    return g


def inferred_graph(store) -> Graph:
    """The links the rules of ``ontology/rules/`` derive; never stated, always in this graph."""
    g = Graph(identifier=INFERRED_GRAPH)
    for rule in rules():
        for triple in store.query(rule.text).triples:
            g.add(triple)
    return g


def build_record(build_id: str, started: datetime) -> Graph:
    g = Graph(identifier=BUILD_GRAPH)
    node = URIRef(f"{BASE}build/{build_id}")
    g.add((node, RDF.type, IKG.Build))
    g.add((node, DCTERMS.identifier, Literal(build_id)))
    g.add((node, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    ended = datetime.now(UTC).replace(microsecond=0)
    g.add((node, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
    return g

"""What the RDF exporters share: prefixes, IRIs made writable, and serialising the quads (Oxigraph)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from graph.store.terms import to_ox
from ontology.namespace import IKG

PREFIXES = {"ikg": str(IKG._NS), "skos": str(SKOS), "prov": str(PROV), "dcterms": str(DCTERMS),
            "rdf": str(RDF), "xsd": str(XSD), "id": "https://w3id.org/ikg/id/",
            "doc": "https://w3id.org/ikg/doc/", "graph": "https://w3id.org/ikg/graph/"}
_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def safe_iri(term):
    """``term`` with the characters no IRI may hold percent-encoded, so the output still parses.

    >>> str(safe_iri(URIRef("https://w3id.org/ikg/id/a b")))
    'https://w3id.org/ikg/id/a%20b'
    """
    if isinstance(term, URIRef) and _UNSAFE.search(term):
        return URIRef(_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), str(term)))
    return term


def triples(subgraph) -> list:
    """Every quad's triple once (the graph names dropped), as Oxigraph triples in N-Triples order."""
    convert = _converter()
    return sorted({ox.Triple(*(convert(t) for t in q[:3])) for q in subgraph.quads}, key=str)


def quads(subgraph) -> list:
    """The quads in their named graphs: the document (or gazetteer, inferred) each fact comes from."""
    convert = _converter()
    return sorted({ox.Quad(*(convert(t) for t in q[:3]), convert(URIRef(q[3]))) for q in subgraph.quads}, key=str)


def serialize(items: list, fmt: ox.RdfFormat) -> bytes:
    return ox.serialize(items, format=fmt, prefixes=PREFIXES)


def _converter():
    """rdflib term -> writable Oxigraph term, each distinct term converted once.

    A subgraph repeats a few terms many times (predicates, graph names, hubs, documents); converting
    each once, and sorting by the N-Quads text (Oxigraph's ``str``) rather than by a Python key per
    term, cut the quads of a 1,000-node subgraph from 4.8 s to 1.2 s (profiled). The order is
    still the same for the same subgraph.
    """
    cache: dict = {}

    def convert(term):
        found = cache.get(term)
        if found is None:
            found = cache[term] = to_ox(safe_iri(term))
        return found

    return convert

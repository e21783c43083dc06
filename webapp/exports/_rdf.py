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
    """Every quad's triple once (the graph names dropped), as Oxigraph triples."""
    seen = {tuple(safe_iri(t) for t in q[:3]) for q in subgraph.quads}
    return [ox.Triple(*(to_ox(t) for t in triple)) for triple in sorted(seen, key=_key)]


def quads(subgraph) -> list:
    """The quads in their named graphs: the document (or gazetteer, inferred) each fact comes from."""
    seen = {(*(safe_iri(t) for t in q[:3]), safe_iri(URIRef(q[3]))) for q in subgraph.quads}
    return [ox.Quad(*(to_ox(t) for t in quad)) for quad in sorted(seen, key=_key)]


def serialize(items: list, fmt: ox.RdfFormat) -> bytes:
    return ox.serialize(items, format=fmt, prefixes=PREFIXES)


def _key(terms) -> tuple:
    return tuple((type(t).__name__, str(t)) for t in terms)

"""JSON-LD: the quads in named graphs, with an ``@context`` of the ikg, skos, prov and dcterms prefixes.

Oxigraph writes expanded JSON-LD (one object per named graph); property names and ``@id`` /
``@type`` values are then shortened to compact IRIs of ``CONTEXT``, which any JSON-LD processor
expands back to the same IRIs.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pyoxigraph as ox

from webapp.exports import Exporter, _rdf

CONTEXT = dict(_rdf.PREFIXES)
_BY_LENGTH = sorted(CONTEXT.items(), key=lambda item: -len(item[1]))


@lru_cache(maxsize=65536)  # the same predicates and IRIs come back on every node
def compact_iri(iri: str) -> str:
    """``iri`` as ``prefix:local`` when a prefix of ``CONTEXT`` covers it.

    >>> compact_iri("https://w3id.org/ikg/ontology#Cluster"), compact_iri("https://example.org/x")
    ('ikg:Cluster', 'https://example.org/x')
    """
    for prefix, ns in _BY_LENGTH:
        local = iri[len(ns):]
        if iri.startswith(ns) and local and not local.startswith("//"):
            return f"{prefix}:{local}"
    return iri


def _compact(value):
    if isinstance(value, list):
        return [_compact(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in ("@id", "@type"):
            out[key] = [compact_iri(t) for t in item] if isinstance(item, list) else compact_iri(item)
        elif key.startswith("@"):
            out[key] = _compact(item)
        else:
            out[compact_iri(key)] = _compact(item)
    return out


def render(subgraph) -> bytes:
    expanded = json.loads(_rdf.serialize(_rdf.quads(subgraph), ox.RdfFormat.JSON_LD))
    document = {"@context": CONTEXT, "@graph": _compact(expanded)}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


EXPORTER = Exporter("jsonld", "application/ld+json", "JSON-LD", render)

"""Turtle: the subgraph's triples, graph names dropped (TriG and N-Quads keep them)."""

from __future__ import annotations

import pyoxigraph as ox

from webapp.exports import Exporter, _rdf


def render(subgraph) -> bytes:
    return _rdf.serialize(_rdf.triples(subgraph), ox.RdfFormat.TURTLE)


EXPORTER = Exporter("ttl", "text/turtle; charset=utf-8", "Turtle", render)

"""N-Triples: the subgraph's triples, one a line, sorted."""

from __future__ import annotations

import pyoxigraph as ox

from webapp.exports import Exporter, _rdf


def render(subgraph) -> bytes:
    return _rdf.serialize(_rdf.triples(subgraph), ox.RdfFormat.N_TRIPLES)


EXPORTER = Exporter("nt", "application/n-triples", "N-Triples", render)

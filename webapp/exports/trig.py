"""TriG and N-Quads: the subgraph's quads, each named graph being the provenance of its facts."""

from __future__ import annotations

import pyoxigraph as ox

from webapp.exports import Exporter, _rdf


def render_trig(subgraph) -> bytes:
    return _rdf.serialize(_rdf.quads(subgraph), ox.RdfFormat.TRIG)


def render_nquads(subgraph) -> bytes:
    return _rdf.serialize(_rdf.quads(subgraph), ox.RdfFormat.N_QUADS)


EXPORTERS = [
    Exporter("trig", "application/trig; charset=utf-8", "TriG", render_trig),
    Exporter("nq", "application/n-quads", "N-Quads", render_nquads),
]

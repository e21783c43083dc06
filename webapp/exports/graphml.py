"""GraphML (yEd, Cytoscape, Gephi): nodes with label, label_en, type, colour; edges with property, inferred, how."""

from __future__ import annotations

import io

import networkx as nx

from webapp.exports import Exporter, _graph


def render(subgraph) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(_graph.to_networkx(subgraph), out, encoding="utf-8")
    return out.getvalue()


EXPORTER = Exporter("graphml", "application/graphml+xml", "GraphML", render)

"""GEXF (Gephi): as GraphML, plus each node's class colour as Gephi's ``viz`` colour."""

from __future__ import annotations

import io

import networkx as nx

from webapp.exports import Exporter, _graph


def render(subgraph) -> bytes:
    g = _graph.to_networkx(subgraph)
    for _iri, data in g.nodes(data=True):
        data["viz"] = {"color": _graph.rgb(data["colour"])}
    for s, o, key, data in g.edges(keys=True, data=True):
        data["id"] = f"{s} {key} {o}"
    out = io.BytesIO()
    nx.write_gexf(g, out, encoding="utf-8")
    return out.getvalue()


EXPORTER = Exporter("gexf", "application/gexf+xml", "GEXF", render)

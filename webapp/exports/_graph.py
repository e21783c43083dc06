"""What the GraphML and GEXF exporters share: the subgraph as a NetworkX graph with XML-safe text."""

from __future__ import annotations

import re

import networkx as nx

from webapp.network import style

#: Characters XML 1.0 forbids (control characters but tab, newline and return; surrogates; U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text) -> str:
    """``text`` without the characters an XML 1.0 file cannot hold.

    >>> xml_text("a\\x0bb")
    'ab'
    """
    return _NOT_XML.sub("", str(text))


def to_networkx(subgraph) -> nx.MultiDiGraph:
    """Nodes keyed by IRI with label, label_en, type and colour; edges keyed by property.

    An edge also says how its evidence was found: ``how`` (``stated``, ``section``, ``name``,
    space-separated) and ``how_label`` (the same in words, Chinese and English).
    """
    from webapp.i18n import how_labels

    g = nx.MultiDiGraph()
    for n in subgraph.nodes:
        colour = style(n["type"])[0]
        g.add_node(xml_text(n["iri"]), label=xml_text(n["zh"] or n["en"] or n["iri"]),
                   label_en=xml_text(n["en"]), type=xml_text(n["type"]), colour=colour,
                   mentions=int(n["mentions"]))
    for e in subgraph.edges:
        g.add_edge(xml_text(e["source"]), xml_text(e["target"]), key=xml_text(e["property"]),
                   property=xml_text(e["property"]), inferred=bool(e["inferred"]),
                   how=xml_text(" ".join(e.get("how", ()))), how_label=how_labels(e.get("how", ())))
    return g


def rgb(colour: str) -> dict:
    """``#rrggbb`` as GEXF's viz colour.

    >>> rgb("#d62728")
    {'r': 214, 'g': 39, 'b': 40, 'a': 1.0}
    """
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}

"""What the CSV and XLSX exporters share: the three tables (nodes, edges, documents), cells made safe.

An edge's ``how`` is how its evidence was found (``stated``, ``section``, ``name``; space-separated,
as ``documents`` are), and ``how_label`` says it in words, in Chinese and English.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would run as a formula, with a leading apostrophe; anything else as is.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-1"), neutralise(-1), neutralise("智能家电")
    ("'=HYPERLINK(1)", "'-1", -1, '智能家电')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def tables(subgraph) -> dict[str, tuple[list[str], list[list]]]:
    """``{name: (header, rows)}`` for nodes, edges and documents; cells neutralised."""
    from webapp.i18n import how_labels

    labels = {n["iri"]: n["zh"] or n["en"] for n in subgraph.nodes}
    nodes = [[n["iri"], n["type"], n["zh"], n["en"], "; ".join(n["aliases"]), n["mentions"]]
             for n in subgraph.nodes]
    edges = [[e["source"], labels.get(e["source"], ""), e["property"], e["target"], labels.get(e["target"], ""),
              "true" if e["inferred"] else "false", " ".join(e["documents"]), " ".join(e.get("how", ())),
              how_labels(e.get("how", ()))] for e in subgraph.edges]
    documents = [[d["iri"], d["title"], d["date"]] for d in subgraph.documents]
    raw = {
        "nodes": (["iri", "type", "label_zh", "label_en", "aliases", "mentions"], nodes),
        "edges": (["source", "source_label", "property", "target", "target_label", "inferred", "documents",
                   "how", "how_label"], edges),
        "documents": (["iri", "title", "date"], documents),
    }
    return {name: (header, [[neutralise(c) for c in row] for row in rows]) for name, (header, rows) in raw.items()}

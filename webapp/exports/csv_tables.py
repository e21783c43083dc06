"""CSV: three files, ``nodes.csv``, ``edges.csv`` and ``documents.csv``, one table each.

UTF-8 with a byte-order mark so Excel shows Chinese; a cell that starts like a formula
(``=``, ``+``, ``-``, ``@``, tab, return) gets a leading apostrophe.
"""

from __future__ import annotations

import csv as _csv
import io

from webapp.exports import Exporter, _table


def _renderer(name: str):
    def render(subgraph) -> bytes:
        header, rows = _table.tables(subgraph)[name]
        out = io.StringIO()
        writer = _csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8-sig")

    render.__name__ = f"render_{name}"
    return render


render_nodes = _renderer("nodes")
render_edges = _renderer("edges")
render_documents = _renderer("documents")

EXPORTERS = [
    Exporter("nodes.csv", "text/csv; charset=utf-8", "CSV (nodes)", render_nodes),
    Exporter("edges.csv", "text/csv; charset=utf-8", "CSV (edges)", render_edges),
    Exporter("documents.csv", "text/csv; charset=utf-8", "CSV (documents)", render_documents),
]

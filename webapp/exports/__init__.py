"""Exports: one module per format, keyed by extension, each with a MIME type and ``render(subgraph) -> bytes``.

Exporters never import Flask, so the web app and ``ikg export`` share them. ``render`` takes a
:class:`webapp.subgraph.Subgraph` and returns the file's bytes.

CSV is three exporters, not one: ``nodes.csv``, ``edges.csv`` and ``documents.csv``, one table
each with its own columns (a single CSV with a ``kind`` column would leave half of every row
empty and confuse Excel users); the XLSX export holds the same three tables as sheets.

>>> sorted(EXPORTERS)  # doctest: +NORMALIZE_WHITESPACE
['documents.csv', 'edges.csv', 'gexf', 'graphml', 'html', 'jsonld', 'nodes.csv', 'nq', 'nt', 'png',
 'report.html', 'report.pdf', 'svg', 'trig', 'ttl', 'xlsx', 'zip']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Exporter:
    extension: str
    media_type: str
    label: str
    render: Callable[..., bytes]


def _exporters() -> dict[str, Exporter]:
    from webapp.exports import (
        bundle,
        csv_tables,
        gexf,
        graphml,
        html,
        jsonld,
        ntriples,
        picture,
        report,
        trig,
        turtle,
        xlsx,
    )

    found = [turtle.EXPORTER, *trig.EXPORTERS, jsonld.EXPORTER, ntriples.EXPORTER, graphml.EXPORTER,
             gexf.EXPORTER, *csv_tables.EXPORTERS, xlsx.EXPORTER, html.EXPORTER,
             *picture.EXPORTERS, *report.EXPORTERS, bundle.EXPORTER]
    return {e.extension: e for e in found}


EXPORTERS: dict[str, Exporter] = _exporters()

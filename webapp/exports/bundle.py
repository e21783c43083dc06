"""The report bundle: one ZIP with the picture, the data, the query that selects it and the sources.

For an analyst's report: ``network.png`` and ``network.svg``; ``nodes.csv``, ``edges.csv``,
``subgraph.graphml`` and ``subgraph.trig`` (with provenance); ``query.rq`` (the SPARQL that
selects the subgraph's RDF); ``sources.txt`` (the cited documents, numbered); ``README.txt``
(the build id and date the data comes from). Every member is made by the other exporters.
"""

from __future__ import annotations

import io
import zipfile

from webapp.exports import Exporter

MEMBERS = (("network.png", "png"), ("network.svg", "svg"), ("nodes.csv", "nodes.csv"),
           ("edges.csv", "edges.csv"), ("documents.csv", "documents.csv"),
           ("subgraph.graphml", "graphml"), ("subgraph.trig", "trig"))


def render(subgraph) -> bytes:
    from webapp.exports import EXPORTERS

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, extension in MEMBERS:
            _add(archive, name, EXPORTERS[extension].render(subgraph))
        _add(archive, "query.rq", subgraph.query.encode("utf-8"))
        _add(archive, "sources.txt", sources(subgraph).encode("utf-8"))
        _add(archive, "README.txt", readme(subgraph).encode("utf-8"))
    return out.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))  # same subgraph, same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def sources(subgraph) -> str:
    """The cited documents, numbered, as a report's source list.

    >>> from webapp.subgraph import Subgraph
    >>> print(sources(Subgraph([], [], documents=[{"iri": "https://w3id.org/ikg/doc/a", "title": "标题", "date": "2024-03-28"}])), end="")
    [1] 标题 (2024-03-28). https://w3id.org/ikg/doc/a
    """
    lines = [f"[{i}] {d['title'] or d['iri'].rsplit('/', 1)[-1]}" + (f" ({d['date']})" if d["date"] else "")
             + f". {d['iri']}" for i, d in enumerate(subgraph.documents, 1)]
    return "\n".join(lines) + ("\n" if lines else "")


def readme(subgraph) -> str:
    return (f"ikg report bundle: {subgraph.title}\n"
            f"build {subgraph.build or 'unknown'}, ended {subgraph.built or 'unknown'}\n\n"
            "network.png, network.svg  the network picture\n"
            "nodes.csv, edges.csv, documents.csv  the tables (UTF-8 with BOM for Excel)\n"
            "subgraph.graphml  for Gephi, yEd, Cytoscape\n"
            "subgraph.trig  the RDF, one named graph per source document (provenance)\n"
            "query.rq  the SPARQL query that selects this RDF\n"
            "sources.txt  the cited documents, numbered\n")


EXPORTER = Exporter("zip", "application/zip", "report bundle (ZIP)", render)

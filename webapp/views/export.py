"""``/export/<name>.<ext>``: download a subgraph in any registered format.

The subgraph is an entity's neighbourhood (``entity``, ``depth``), the current network view
(the same parameters as ``/network``), one document (``document``) or what a CONSTRUCT or
DESCRIBE query gives (``query``, in the address or, as queries can be long, a POSTed form; run by
the ``/sparql`` endpoint's engine with its checks and timeout). File names keep Chinese readable
through RFC 6266 ``filename*`` and never carry a path.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote_to_bytes

from flask import Blueprint, Response, abort, current_app, g, request

from webapp import subgraph as sg
from webapp.exports import EXPORTERS
from webapp.views import mark_truncated, snapshot, store
from webapp.views.explore import _int_arg

bp = Blueprint("export", __name__)


def choose(snap):
    """The subgraph the query string (or a POSTed form's query) asks for, and a name for its file."""
    if request.method == "POST" or "query" in request.args:
        from webapp.views.sparql import engine, utf8

        utf8(unquote_to_bytes(request.query_string))  # Werkzeug would silently replace bad bytes
        if request.method == "POST":
            utf8(unquote_to_bytes(request.get_data(cache=True)))
        text = request.values.get("query", "")
        if not text.strip():
            abort(400, description="the query is empty: write a CONSTRUCT or DESCRIBE query")
        limit = current_app.config["EXPORT_MAX_TRIPLES"]
        return sg.from_construct(engine(), snap, text, limit), "ikg-query"
    if request.args.get("document"):
        doc = request.args["document"]
        if doc not in snap.documents:
            abort(404, description=f"no document {doc[:200]!r} in the graph")
        return sg.from_document(store(), snap, doc), snap.documents[doc].title
    if request.args.get("entity"):
        from webapp.names import entity_arg

        iri = entity_arg(snap, "entity")
        depth = _int_arg("depth", 1, 1, 3)
        return sg.from_entity(store(), snap, iri, depth), f"{snap.nodes[iri].zh or 'entity'}-{depth}"
    if request.args.get("view") or request.args.get("focus"):
        from webapp.views.network import selection_from_args

        kind, selection = selection_from_args(snap)
        return sg.from_selection(store(), snap, selection), f"ikg-{kind}"
    abort(400, description="say what to export: entity=IRI (and depth), document=IRI, query=CONSTRUCT..., "
                           "or a network view's parameters")


def filename(name: str, extension: str) -> str:
    """A safe file name: no path separators or control characters, Chinese kept.

    >>> filename("../北京/报告", "ttl")
    '北京-报告.ttl'
    """
    clean = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "-", name).strip(" .-")[:80] or "ikg"
    clean = re.sub(r"^\.+", "", clean).strip("-") or "ikg"
    return f"{clean}.{extension}"


def disposition(name: str, extension: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987).

    >>> print(disposition("智能家电-2.ttl", "ttl"))
    attachment; filename="ikg-export.ttl"; filename*=UTF-8''%E6%99%BA%E8%83%BD%E5%AE%B6%E7%94%B5-2.ttl
    """
    stem = name[: -len(extension) - 1]
    ascii_stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-")
    if not re.search(r"[A-Za-z]", ascii_stem):
        ascii_stem = "ikg-export"
    return f"attachment; filename=\"{ascii_stem}.{extension}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.route("/export.<path:extension>", methods=["GET", "POST"])
def export(extension: str):
    exporter = EXPORTERS.get(extension)
    if exporter is None:
        abort(400, description=f"no export format {extension[:40]!r}; use one of {', '.join(sorted(EXPORTERS))}")
    snap = snapshot()
    chosen, name = choose(snap)
    body = exporter.render(chosen)
    response = Response(body, content_type=exporter.media_type)
    response.headers["Content-Disposition"] = disposition(filename(name, extension), extension)
    return mark_truncated(response, g.get("ikg_capped"))

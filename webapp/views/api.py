"""The JSON API the pages use (search, entity card, neighbours, network), described by OpenAPI."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, abort, current_app, g, jsonify, request

from webapp import network as net
from webapp.i18n import property_name, type_name
from webapp.views import mark_truncated, snapshot
from webapp.views.explore import _date_arg, _int_arg
from webapp.views.network import _types

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def _check_lang():
    """The pages fall back to the default language; the API says when ``lang`` is wrong."""
    if request.args.get("lang", "") not in ("", "zh", "en"):
        abort(400, description="lang must be zh or en")


def _iri_arg(snap) -> str:
    """``iri``: an entity's IRI, or its name, alias or pinyin (300 with the candidates if several)."""
    from webapp.names import entity_arg

    return entity_arg(snap, "iri", required=True)


def _card(node, lang: str) -> dict:
    return {"iri": node.iri, "type": node.type, "type_label": type_name(node.type), "label": node.label(lang),
            "zh": node.zh, "en": node.en,
            "aliases": node.aliases[:10], "mentions": node.mentions, "documents": len(node.documents),
            "url": "/" + node.iri.split("/ikg/", 1)[1]}


@bp.get("/search")
def search():
    if "q" not in request.args:
        abort(400, description="q is required: the text to look for (it may be empty)")
    q = request.args["q"]
    if len(q) > 200:
        abort(400, description="q is longer than 200 characters")
    limit = _int_arg("limit", current_app.config["SEARCH_LIMIT"], 1, 100)
    types = _types() or None  # an unknown type is a 400, not an empty answer
    snap = snapshot()
    hits = snap.index.search(q, limit=limit, types=types)
    return jsonify({"query": q, "results": [
        _card(snap.nodes[h.iri], g.lang) | {"matched": h.matched} for h in hits
    ]})


@bp.get("/entity")
def entity():
    snap = snapshot()
    iri = _iri_arg(snap)
    node = snap.nodes[iri]
    counts: dict[str, int] = defaultdict(int)
    for _s, _o, p in snap.graph.out_edges(iri, keys=True):
        counts[f"{p}>"] += 1
    for _s, _o, p in snap.graph.in_edges(iri, keys=True):
        counts[f"<{p}"] += 1
    return jsonify(_card(node, g.lang) | {"degree": snap.graph.degree(iri), "properties": counts})


@bp.get("/neighbours")
def neighbours():
    """An entity's neighbours grouped by property and direction, at most ``limit`` per group."""
    snap = snapshot()
    iri = _iri_arg(snap)
    limit = _int_arg("limit", current_app.config["EXPAND_LIMIT"], 1, 500)
    offset = _int_arg("offset", 0, 0, 10**7)
    only = request.args.get("group", "")
    if only and not (only.endswith(">") or only.startswith("<")):
        abort(400, description="group is a property with its direction, e.g. 'inIndustry>' or '<inIndustry'")
    groups: dict[str, list] = defaultdict(list)
    for s, o, p, data in snap.graph.out_edges(iri, keys=True, data=True):
        groups[f"{p}>"].append((o, s, o, p, data))
    for s, o, p, data in snap.graph.in_edges(iri, keys=True, data=True):
        groups[f"<{p}"].append((s, s, o, p, data))
    out = []
    for name in sorted(groups):
        if only and name != only:
            continue
        items = sorted(groups[name], key=lambda t: (-snap.nodes[t[0]].mentions, t[0]))
        page = items[offset: offset + limit]
        out.append({
            "group": name, "property": name.strip("<>"), "label": property_name(name.strip("<>")),
            "direction": "in" if name.startswith("<") else "out",
            "count": len(items), "more": max(0, len(items) - offset - len(page)),
            "nodes": [_card(snap.nodes[n], g.lang) for n, *_ in page],
            "edges": [{"from": s, "to": o, "property": p, "label": property_name(p), "inferred": d["inferred"]}
                      for _, s, o, p, d in page],
        })
    return jsonify({"iri": iri, "groups": out})


@bp.get("/network")
def network():
    from webapp.views.network import selection_from_args

    _check_view_args()
    snap = snapshot()
    kind, selection = selection_from_args(snap)
    graph = net.to_network(snap, selection, g.lang, current_app.config["LAYOUT_THRESHOLD"])
    body = jsonify(net.data_of(graph) | {"view": kind, "shown": len(selection.nodes), "total": selection.total})
    return mark_truncated(body, g.ikg_capped)


def _check_view_args() -> None:
    """Refuse a bad parameter even where the chosen view would ignore it, as the description
    promises (each view reads only its own parameters)."""
    _int_arg("depth", 1, 1, 3)
    _types()
    _types("include")
    _date_arg("until")
    if request.args.get("inferred", "1") not in ("0", "1"):
        abort(400, description="inferred must be 0 or 1")
    if len(request.args.get("focus", "")) > 500:
        abort(400, description="focus is longer than 500 characters")


@bp.get("/openapi.json")
def openapi():
    from webapp.openapi import SPEC

    return jsonify(SPEC)

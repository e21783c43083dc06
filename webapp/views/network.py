"""Network views (neighbourhood, clusters and parks, filters), the matrix and paths.

A view's state (focus, depth, filters, language, time) lives in its URL, so a link reproduces it.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, make_response, render_template, request

from webapp import network as net
from webapp.i18n import TYPES
from webapp.views import mark_truncated, snapshot
from webapp.views.explore import _date_arg, _int_arg

bp = Blueprint("network", __name__)
#: What ties an entity to its industry: a park hosts one, anything else is in one.
INDUSTRY_LINKS = ("inIndustry", "hostsIndustry")


def _types(name: str = "types") -> set[str]:
    raw = [t for t in request.args.get(name, "").split(",") if t]
    unknown = [t for t in raw if t not in TYPES]
    if unknown:
        abort(400, description=f"unknown type(s) {', '.join(unknown)}; use {', '.join(TYPES)}")
    return set(raw)


def _entity_arg(snap, name: str, required: bool = False) -> str:
    from webapp.names import entity_arg

    return entity_arg(snap, name, required)


#: The arguments that only the filter view reads: asking for one of them asks for that view.
FILTER_ARGS = ("types", "industry", "region")


def default_view(args) -> str:
    """The view a URL without ``view=`` means: a focus's neighbourhood, the filter view when a
    filter is set, else the clusters and their parks (every entity at once is an unreadable ring)."""
    if args.get("focus"):
        return "neighbourhood"
    return "filter" if any(args.get(name) for name in FILTER_ARGS) else "clusters"


def selection_from_args(snap):
    """The view the query string asks for: ``(kind, selection, params)``."""
    until = _date_arg("until")
    inferred = request.args.get("inferred", "1") != "0"
    kind = request.args.get("view") or default_view(request.args)
    if kind == "neighbourhood":
        depth = _int_arg("depth", 1, 1, 3)  # read first: a 300 page of candidates keeps it in its links
        focus = _entity_arg(snap, "focus", required=True)
        selection = net.select_neighbourhood(snap, focus, depth, _types() or None, until, inferred)
        keep = focus
    elif kind == "clusters":
        selection = net.select_clusters(snap, _types("include"), until, inferred)
        keep = ""
    elif kind == "filter":
        selection = net.select_filtered(snap, _types() or None, _entity_arg(snap, "industry"),
                                        _entity_arg(snap, "region"), until, inferred)
        keep = ""
    else:
        abort(400, description="view must be neighbourhood, clusters or filter")
    capped = net.cap(selection, snap, current_app.config["MAX_NODES"], keep)
    g.ikg_capped = (len(capped.nodes), selection.total)  # for the X-IKG-Truncated header
    return kind, capped


@bp.get("/network")
def network():
    snap = snapshot()
    kind, selection = selection_from_args(snap)
    graph = net.to_network(snap, selection, g.lang, current_app.config["LAYOUT_THRESHOLD"])
    page = render_template(
        "network.html", kind=kind, data=net.data_of(graph), shown=len(selection.nodes), total=selection.total,
        snap=snap, types=TYPES, style=net.STYLE, args=request.args, until=_date_arg("until"),
    )
    return mark_truncated(make_response(page), g.ikg_capped)


@bp.get("/network/clusters")
def clusters():
    from flask import redirect, url_for

    params = {k: request.args[k] for k in ("types", "include", "until", "inferred", "lang") if k in request.args}
    return redirect(url_for("network.network", view="clusters", **params))


@bp.get("/matrix")
def matrix():
    snap = snapshot()
    kind = request.args.get("kind", "cluster-park")
    pairs = {"cluster-park": ("Cluster", "Park", ("hasPark",), ("linkedPark",)),
             "platform-cluster": ("Platform", "Cluster", ("supportsCluster",), ("linkedCluster",))}
    if kind not in pairs:
        abort(400, description="kind must be cluster-park or platform-cluster")
    row_type, col_type, stated, inferred = pairs[kind]
    rows = sorted((n for n in snap.nodes.values() if n.type == row_type), key=lambda n: n.label(g.lang))
    cols = sorted((n for n in snap.nodes.values() if n.type == col_type), key=lambda n: n.label(g.lang))
    cells = {}
    for s, o, p, data in snap.graph.edges(keys=True, data=True):
        # supportsCluster also links actions to clusters: only the row and column types count
        if (p in stated or p in inferred) and (snap.nodes[s].type, snap.nodes[o].type) == (row_type, col_type):
            status = "inferred" if data["inferred"] else "stated"
            if cells.get((s, o)) != "stated":
                cells[(s, o)] = status
    notes = _cell_notes(snap, cells, stated, g.lang)
    linked_cols = [c for c in cols if any((r.iri, c.iri) in cells for r in rows)]
    linked_rows = [r for r in rows if any((r.iri, c.iri) in cells for c in cols)]
    show_all = request.args.get("all") == "1"
    return render_template("matrix.html", kind=kind, rows=rows if show_all else linked_rows,
                           cols=cols if show_all else linked_cols, cells=cells, notes=notes, snap=snap,
                           hidden=(len(rows) - len(linked_rows), len(cols) - len(linked_cols)), show_all=show_all)


def _cell_notes(snap, cells: dict, stated: tuple[str, ...], lang: str) -> dict:
    """What a cell's hover says: the stating sentence and how it was found, or the shared industry."""
    from rdflib import URIRef

    from ontology import app_query
    from webapp.i18n import how_name
    from webapp.views import store

    notes: dict[tuple[str, str], str] = {}
    for prop in stated:
        rows = store().query(app_query("relation_evidence"),
                             bindings={"p": URIRef("https://w3id.org/ikg/ontology#" + prop)}).rows
        for s, o, quote, how in rows:
            if (str(s), str(o)) in cells:
                found = how_name(str(how or ""), lang)
                notes.setdefault((str(s), str(o)), f"“{quote}”" + (f" ({found})" if found else ""))
    for (a, b), status in cells.items():
        if status == "inferred" and (a, b) not in notes:
            shared = _industries(snap, a) & _industries(snap, b)
            names = "、".join(sorted(snap.nodes[i].label(lang) for i in shared))
            notes[(a, b)] = ("via " if lang == "en" else "共同产业：") + names
    return notes


def _industries(snap, iri: str) -> set[str]:
    return {o for _, o, p in snap.graph.out_edges(iri, keys=True) if p in INDUSTRY_LINKS}


@bp.get("/paths")
def paths():
    snap = snapshot()
    source, target = _entity_arg(snap, "from"), _entity_arg(snap, "to")
    found = shortest_paths(snap, source, target) if source and target else None
    for path in found or ():
        for hop in path:
            hop["evidence"] = edge_evidence(hop)
    return render_template("paths.html", source=source, target=target, found=found, snap=snap)


def shortest_paths(snap, source: str, target: str, hops: int = 3, limit: int = 10) -> list[list[dict]]:
    """Up to ``limit`` shortest paths of at most ``hops`` edges, each hop with its property and sources."""
    import networkx as nx

    undirected = nx.Graph(snap.graph)
    try:
        found = nx.all_shortest_paths(undirected, source, target)
        out = []
        for path in found:
            if len(path) - 1 > hops:
                break
            out.append([_hop(snap, a, b) for a, b in zip(path, path[1:], strict=False)])
            if len(out) >= limit:
                break
        return out
    except nx.NetworkXNoPath:
        return []


def _hop(snap, a: str, b: str) -> dict:
    forward = snap.graph.get_edge_data(a, b) or {}
    backward = snap.graph.get_edge_data(b, a) or {}
    prop, data, reverse = next(iter(
        [(p, d, False) for p, d in forward.items()] + [(p, d, True) for p, d in backward.items()]
    ))
    return {"from": a, "to": b, "property": prop, "reverse": reverse, "inferred": data["inferred"],
            "documents": sorted(data["documents"])}


def edge_evidence(hop: dict) -> list[dict]:
    from rdflib import URIRef

    from ontology import app_query
    from webapp.views import store

    s, o = (hop["to"], hop["from"]) if hop["reverse"] else (hop["from"], hop["to"])
    bindings = {"s": URIRef(s), "p": URIRef("https://w3id.org/ikg/ontology#" + hop["property"]), "o": URIRef(o)}
    rows = store().query(app_query("edge_evidence"), bindings=bindings, limit=5).rows
    dated = bool(request.args.get("until"))  # under a time filter, only the documents up to it speak
    return [{"document": str(d), "start": int(a), "end": int(b), "quote": str(q), "how": str(how or "")}
            for d, a, b, q, how in rows if not dated or str(d) in hop["documents"]]

"""Network views: choose a subgraph of the snapshot, then lay it out as a pyvis ``Network``.

``select_*`` pick nodes and edges (pure functions over the NetworkX graph); ``to_network``
fills pyvis's node and edge lists directly (``add_node`` scans its lists on every call: 49 s
for 20,000 nodes) and, above ``layout_threshold`` nodes, fixes positions computed here so the
browser draws with physics off. Labels and tooltips are plain text; the page escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyvis.network import Network

from graph.types import FALLBACK_STYLE, style  # noqa: F401  (re-exported for the views and exports)
from graph.types import TYPES as ENTITY_TYPE_TABLE

#: Colour and shape per class, shared by the legend, the pages and the exports (the type table's).
STYLE = {t.name: (t.colour, t.shape) for t in ENTITY_TYPE_TABLE}
CLUSTER_LINKS = ("hasPark", "linkedPark")


def add_node(net, item: dict, positions: dict) -> None:
    """Put ``item`` into the pyvis network, pinned with physics off where ``positions`` place it."""
    iri = item["id"]
    if iri in positions:
        item["x"], item["y"] = positions[iri]
        item["physics"] = False
    net.nodes.append(item)
    net.node_ids.append(iri)
    net.node_map[iri] = item


@dataclass
class Selection:
    nodes: set[str]
    edges: list[tuple[str, str, str]]  # (source, target, property)
    total: int  # nodes before the cap


def _visible_edges(snap, until: str | None, inferred: bool):
    """Edges of the snapshot as the documents dated up to ``until`` state them."""
    docs = snap.visible(until)
    for s, o, p, data in snap.graph.edges(keys=True, data=True):
        if data["inferred"]:
            if inferred:
                yield s, o, p, True
        elif docs is None or not data["documents"] or data["documents"] & docs:
            yield s, o, p, False


def _node_visible(snap, iri: str, docs) -> bool:
    return docs is None or bool(snap.nodes[iri].documents & docs)


def select_neighbourhood(snap, focus: str, depth: int = 1, types: set[str] | None = None,
                         until: str | None = None, inferred: bool = True) -> Selection:
    """Entities within ``depth`` hops of ``focus`` (either direction), of ``types`` if given."""
    docs = snap.visible(until)
    adjacency: dict[str, list[tuple[str, str, str]]] = {}
    for s, o, p, _ in _visible_edges(snap, until, inferred):
        adjacency.setdefault(s, []).append((s, o, p))
        adjacency.setdefault(o, []).append((s, o, p))
    nodes, frontier = {focus}, {focus}
    for _ in range(depth):
        nxt = set()
        for n in frontier:
            for s, o, _p in adjacency.get(n, ()):
                other = o if s == n else s
                if other in nodes or not _node_visible(snap, other, docs):
                    continue
                if types and snap.nodes[other].type not in types:
                    continue
                nxt.add(other)
        nodes |= nxt
        frontier = nxt
    edges = sorted({(s, o, p) for n in nodes for s, o, p in adjacency.get(n, ()) if s in nodes and o in nodes})
    return Selection(nodes, edges, len(nodes))


def select_clusters(snap, include: set[str] = frozenset(), until: str | None = None,
                    inferred: bool = True) -> Selection:
    """Every cluster with its parks; optionally the platforms, companies and industries around them."""
    docs = snap.visible(until)
    clusters = {i for i, n in snap.nodes.items() if n.type == "Cluster" and _node_visible(snap, i, docs)}
    nodes, edges = set(clusters), set()
    for s, o, p, _ in _visible_edges(snap, until, inferred):
        if s in clusters and p in CLUSTER_LINKS:
            nodes.add(o)
            edges.add((s, o, p))
        elif include and (s in clusters or o in clusters):
            other = o if s in clusters else s
            if snap.nodes[other].type in include:
                nodes.add(other)
                edges.add((s, o, p))
    return Selection(nodes, sorted(edges), len(nodes))


def select_filtered(snap, types: set[str] | None = None, industry: str = "", region: str = "",
                    until: str | None = None, inferred: bool = True) -> Selection:
    """Entities of ``types`` linked to ``industry`` / ``region`` (when given), and the edges among them."""
    docs = snap.visible(until)
    nodes = {
        i for i, n in snap.nodes.items()
        if (not types or n.type in types) and _node_visible(snap, i, docs)
        and (not industry or i == industry or snap.graph.has_edge(i, industry))
        and (not region or i == region or snap.graph.has_edge(i, region))
    }
    edges = sorted({(s, o, p) for s, o, p, _ in _visible_edges(snap, until, inferred) if s in nodes and o in nodes})
    return Selection(nodes, edges, len(nodes))


def cap(selection: Selection, snap, max_nodes: int, keep: str = "") -> Selection:
    """At most ``max_nodes`` nodes: the best connected first (and ``keep`` always)."""
    if len(selection.nodes) <= max_nodes:
        return selection
    degree = {n: 0 for n in selection.nodes}
    for s, o, _ in selection.edges:
        degree[s] += 1
        degree[o] += 1
    ranked = sorted(selection.nodes, key=lambda n: (n != keep, -degree[n], -snap.nodes[n].mentions, n))
    kept = set(ranked[:max_nodes])
    edges = [e for e in selection.edges if e[0] in kept and e[1] in kept]
    return Selection(kept, edges, selection.total)


def to_network(snap, selection: Selection, lang: str = "zh", layout_threshold: int = 200,
               inferred_label: str = "inferred") -> Network:
    """The selection as a pyvis ``Network``: colour and shape by class, size by degree."""
    from webapp.i18n import PROPERTIES

    net = Network(directed=True, height="100%", width="100%", cdn_resources="local")
    degree: dict[str, int] = {n: 0 for n in selection.nodes}
    for s, o, _ in selection.edges:
        degree[s] += 1
        degree[o] += 1
    positions = _layout(selection) if len(selection.nodes) > layout_threshold else {}
    for iri in sorted(selection.nodes):
        node = snap.nodes[iri]
        colour, shape = style(node.type)
        item = {
            "id": iri, "label": node.label(lang), "shape": shape, "color": colour,
            "size": 10 + min(30, 3 * degree[iri]), "group": node.type,
            "title": f"{node.label(lang)}\n{_type_label(node.type, lang)} · {node.mentions} {MENTIONS[lang]}",
            "type": node.type, "zh": node.zh, "en": node.en,
        }
        add_node(net, item, positions)
    for s, o, p in selection.edges:
        data = snap.graph.get_edge_data(s, o, p) or {}
        zh, en = PROPERTIES.get(p, (p, p))
        net.edges.append({
            "from": s, "to": o, "label": en if lang == "en" else zh, "property": p, "arrows": "to",
            "dashes": bool(data.get("inferred")), "inferred": bool(data.get("inferred")),
        })
    net.options = _options(physics=not positions)
    return net


MENTIONS = {"zh": "次提及", "en": "mentions"}


def _type_label(type_: str, lang: str) -> str:
    from webapp.i18n import TYPES

    zh, en = TYPES.get(type_, (type_, type_))
    return en if lang == "en" else zh


def _layout(selection: Selection) -> dict[str, tuple[float, float]]:
    """Positions for a big view, computed once here so the browser need not simulate."""
    from webapp.layout import layout

    nodes = sorted(selection.nodes)
    return layout(nodes, [(s, o) for s, o, _ in selection.edges], scale=60 * len(nodes) ** 0.5)


#: Canvas labels: the system CJK fonts, then the bundled one (``webapp/static/fonts``, fetched only if needed).
FONT_FACE = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "ikg Noto Sans CJK SC", sans-serif'


def _options(physics: bool) -> dict:
    return {
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 200, "fit": True},
        },
        "edges": {"smooth": False, "font": {"size": 10, "align": "middle", "face": FONT_FACE},
                  "color": {"inherit": False, "color": "#999"}},
        "nodes": {"font": {"size": 14, "face": FONT_FACE}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
    }


def data_of(net: Network) -> dict:
    """What the page script needs: nodes, edges and options, for ``tojson``."""
    return {"nodes": net.nodes, "edges": net.edges, "options": net.options}

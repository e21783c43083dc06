"""A standalone HTML page of the network: open it offline, nothing is loaded from anywhere.

The page is a pyvis ``Network`` (nodes and edges filled directly, as :mod:`webapp.network` does)
rendered with this project's own template, autoescaped: pyvis's template points at CDNs and
leaves tooltips unescaped. vis-network's script and stylesheet are inlined from the vendored
copy; the data travels as JSON in ``<script type="application/json">`` with ``<``, ``>`` and
``&`` written as ``\\u003c`` and so on, so no label can close the script element; tooltips are
built in the page with ``textContent``. Above ``LAYOUT_THRESHOLD`` nodes positions are computed
here and physics is off.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from webapp.exports import Exporter
from webapp.network import STYLE, _options, add_node, style

WEBAPP = Path(__file__).resolve().parent.parent
VENDOR = WEBAPP / "static" / "vendor" / "vis-network"
LAYOUT_THRESHOLD = 200
_SOURCE_MAP = re.compile(r"^\s*/[/*][#@] sourceMappingURL=.*$", re.MULTILINE)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def render(subgraph) -> bytes:
    net = to_network(subgraph)
    page = _template().render(
        title=_title(subgraph), subgraph=subgraph, legend=_legend(subgraph),
        data=json_for_script({"nodes": net.nodes, "edges": net.edges, "options": net.options}),
        vis_css=_inline(_vendor("vis-network.min.css"), "style"),
        vis_js=_inline(_vendor("vis-network.min.js"), "script"),
        physics=net.options["physics"]["enabled"],
    )
    return page.encode("utf-8")


def to_network(subgraph, layout_threshold: int = LAYOUT_THRESHOLD) -> Network:
    """The subgraph as a pyvis ``Network``: zh labels, colour and shape by class, inferred links dashed."""
    from webapp.i18n import PROPERTIES, TYPES, how_labels

    net = Network(directed=True, height="100%", width="100%", cdn_resources="local")
    ids, edges, degree = subgraph.drawable()
    positions = {}
    if len(ids) > layout_threshold:
        from webapp.layout import layout

        positions = layout(sorted(ids), [(e["source"], e["target"]) for e in edges], scale=60 * len(ids) ** 0.5)
    for n in subgraph.nodes:
        iri = n["iri"]
        colour, shape = style(n["type"])
        label = n.get("zh") or n.get("en") or iri.rsplit("/", 1)[-1]
        type_zh, type_en = TYPES.get(n["type"], (n["type"], n["type"]))
        lines = [label]
        if n.get("en") and n["en"] != label:
            lines.append(n["en"])
        lines += [f"{type_zh} / {type_en} · {n.get('mentions', 0)} 次提及 / mentions", iri]
        item = {"id": iri, "label": label, "shape": shape, "color": colour, "group": n["type"],
                "size": 10 + min(30, 3 * degree[iri]), "title": "\n".join(lines)}
        add_node(net, item, positions)
    for e in edges:
        zh, en = PROPERTIES.get(e["property"], (e["property"], e["property"]))
        inferred = bool(e.get("inferred"))
        found = how_labels(e.get("how", ()))
        title = f"{zh} / {en}" + (" · 推理 / inferred" if inferred else "") + (f" · {found}" if found else "")
        net.edges.append({"from": e["source"], "to": e["target"], "label": zh, "title": title,
                          "arrows": "to", "dashes": inferred})
    net.options = _options(physics=not positions)
    return net


def json_for_script(value) -> Markup:
    """``value`` as JSON that is safe inside ``<script type="application/json">``.

    >>> str(json_for_script({"a": "</script>&"}))
    '{"a": "\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text))


def _inline(text: str, element: str) -> Markup:
    """Vendored code to put inside ``<element>``: no source-map comment, no closing tag."""
    text = _SOURCE_MAP.sub("", text)
    return Markup(re.sub(f"</({element})", r"<\\/\1", text, flags=re.IGNORECASE))


@cache
def _vendor(name: str) -> str:
    return (VENDOR / name).read_text(encoding="utf-8")


@cache
def _template():
    env = Environment(loader=FileSystemLoader(WEBAPP / "templates"), autoescape=select_autoescape(default=True))
    return env.get_template("export_network.html")


def _title(subgraph) -> str:
    return f"ikg 网络图 / network · {len(subgraph.nodes)} 个实体 / entities, {len(subgraph.edges)} 条关系 / links"


def _legend(subgraph) -> list[tuple[str, str, str, str, str]]:
    """(type, zh, en, colour, shape) for each class present, in ``STYLE`` order."""
    from webapp.i18n import TYPES

    present = {n["type"] for n in subgraph.nodes}
    order = [t for t in STYLE if t in present] + sorted(present - set(STYLE))
    return [(t, *TYPES.get(t, (t, t)), *style(t)) for t in order]


EXPORTER = Exporter("html", "text/html; charset=utf-8", "HTML (standalone network)", render)

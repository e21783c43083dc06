"""PNG and SVG pictures of a subgraph's network, drawn with matplotlib (Agg, no display needed).

Nodes are coloured and shaped by class as in :data:`webapp.network.STYLE` and sized by degree;
inferred links are dashed; labels are the Chinese names, with a legend of the classes present
and a title. Positions come from :func:`webapp.layout.layout`, so the same subgraph gives the
same picture.

Chinese is drawn with the font ikg ships (:mod:`webapp.fonts`), never a system font, so the
picture is the same on every machine; DejaVu Sans (shipped with matplotlib) draws what the subset
lacks. The SVG draws text as paths (``svg.fonttype = "path"``): a downloaded SVG is opened where
we cannot know the fonts (a laptop, a slide program, a server with no CJK font), and text in a
family the viewer lacks would be boxes or a wider face spilling out of its label boxes. Each
label's text stays in the file as an XML comment beside its glyphs (matplotlib escapes ``--``);
labels are stripped of characters XML cannot hold and drawn with mathtext off, so ``$`` is just a
dollar sign. matplotlib is imported lazily.
"""

from __future__ import annotations

import io
import math
import re

from webapp import fonts
from webapp.exports import Exporter
from webapp.network import STYLE, style

#: vis-network shapes (``STYLE``) as matplotlib markers.
MARKERS = {"dot": "o", "square": "s", "triangle": "^", "diamond": "D", "star": "*", "box": "s",
           "ellipse": "o", "hexagon": "h", "triangleDown": "v"}
#: Above this many nodes only the best connected are labelled.
LABEL_LIMIT = 250
#: C0/C1 controls, lone surrogates and the non-characters XML 1.0 forbids.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` without control characters (which XML cannot hold), whitespace collapsed.

    >>> clean("a\\x0bb\\n c\\x00")
    'ab c'
    """
    return " ".join(_UNPRINTABLE.sub(lambda m: " " if m.group() in "\t\n\r" else "", text).split())


def cjk_font() -> str:
    """The family of the bundled CJK font, registered with matplotlib; ``MissingPart`` if it is unusable."""
    return fonts.family()


def families() -> list[str]:
    """The font families text is drawn in: the bundled CJK font, then DejaVu Sans for what it lacks."""
    return [cjk_font(), "DejaVu Sans"]


def figure(subgraph):
    """The subgraph drawn on a matplotlib ``Figure`` (not attached to pyplot)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from webapp.i18n import TYPES
    from webapp.layout import layout

    font = families()
    ids, edges, degree = subgraph.drawable()
    # positions are rounded to 0.1: a scale of 1 would snap the picture to a 21 x 21 grid
    pos = layout(sorted(ids), [(e["source"], e["target"]) for e in edges], scale=1000.0)

    side = min(30.0, 7.0 + 1.1 * math.sqrt(len(ids)))
    fig = Figure(figsize=(side, side * 0.8), dpi=100)
    ax = fig.add_axes((0.02, 0.02, 0.96, 0.90))
    ax.set_axis_off()
    ax.set_aspect("equal", adjustable="datalim")

    for inferred, line in ((False, "solid"), (True, (0, (4, 3)))):
        segments = [(pos[e["source"]], pos[e["target"]]) for e in edges if bool(e.get("inferred")) == inferred]
        if segments:
            ax.add_collection(LineCollection(segments, colors="#999999", linewidths=0.8, linestyles=line,
                                             alpha=0.8, zorder=1))

    present = {n["type"] for n in subgraph.nodes}
    order = [t for t in STYLE if t in present] + sorted(present - set(STYLE))
    handles = []
    for type_ in order:
        colour, shape = style(type_)
        marker = MARKERS.get(shape, "o")
        members = sorted(n["iri"] for n in subgraph.nodes if n["type"] == type_)
        ax.scatter([pos[i][0] for i in members], [pos[i][1] for i in members], c=colour, marker=marker,
                   s=[_size(degree[i]) ** 2 for i in members], edgecolors="white",
                   linewidths=0.6, zorder=2)
        zh, en = TYPES.get(type_, (type_, type_))
        handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=9, color=colour,
                              label=clean(f"{zh} / {en}")))
    handles.append(Line2D([], [], color="#999999", linestyle=(0, (4, 3)), label="推理 / inferred"))

    labelled = sorted(ids, key=lambda i: (-degree[i], i))[:LABEL_LIMIT]
    names = {n["iri"]: n for n in subgraph.nodes}
    for iri in sorted(labelled):
        n = names[iri]
        label = clean(n.get("zh") or n.get("en") or iri.rsplit("/", 1)[-1])
        if label:
            above = _size(degree[iri]) / 2 + 2  # marker radius in points, and a gap
            ax.annotate(label, pos[iri], xytext=(0, above), textcoords="offset points", fontsize=9,
                        fontfamily=font, ha="center", va="bottom", zorder=3, parse_math=False,
                        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none",
                              "alpha": 0.75})
    # room for labels at the edges
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    pad = 0.08 * max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)

    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 1.0),
                       frameon=True, framealpha=0.85, prop={"family": font, "size": 9})
    for text in legend.get_texts():
        text.set_parse_math(False)
    fig.suptitle(title(subgraph), fontsize=13, fontfamily=font, parse_math=False)
    return fig


def _size(degree: int) -> float:
    """A node's marker width in points, growing with its degree."""
    return 6 + min(20, 2 * degree)


def title(subgraph) -> str:
    return f"ikg 网络图 / network · {len(subgraph.nodes)} 个实体 / entities, {len(subgraph.edges)} 条关系 / links"


def _save(subgraph, fmt: str) -> bytes:
    import matplotlib

    settings = {"svg.fonttype": "path", "svg.hashsalt": "ikg", "font.family": families(), "text.usetex": False}
    with matplotlib.rc_context(settings):
        fig = figure(subgraph)
        out = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(out, format=fmt, metadata=metadata, facecolor="white")
    return out.getvalue()


def render_png(subgraph) -> bytes:
    return _save(subgraph, "png")


def render_svg(subgraph) -> bytes:
    return _save(subgraph, "svg")


EXPORTERS = [
    Exporter("png", "image/png", "PNG picture (network)", render_png),
    Exporter("svg", "image/svg+xml", "SVG picture (network)", render_svg),
]

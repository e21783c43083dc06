"""Home, browse by type, the document view, search results and the indicators table."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, current_app, g, make_response, render_template, request

from graph.iris import DOC
from webapp import model
from webapp.charts import metric_charts
from webapp.i18n import TYPES
from webapp.views import snapshot, store

bp = Blueprint("explore", __name__)

SORTS = ("mentions", "name", "degree")
LEVELS = {"national": "国家", "provincial": "省"}


@bp.get("/")
def home():
    snap = snapshot()
    counts = Counter(n.type for n in snap.nodes.values())
    documents = sorted(snap.documents.values(), key=lambda d: (d.date, d.iri), reverse=True)
    values = sum(n.mentions for n in snap.nodes.values() if n.type == "Indicator")  # what /indicators lists
    return render_template("home.html", counts=counts, types=TYPES, documents=documents, snap=snap, values=values)


@bp.get("/favicon.ico")
def favicon():
    from flask import redirect, url_for

    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/browse/<type_>")
def browse(type_: str):
    if type_ not in TYPES:
        abort(404, description=f"unknown type {type_!r}; try one of {', '.join(TYPES)}")
    snap = snapshot()
    args = request.args
    sort = args.get("sort", "mentions")
    if sort not in SORTS:
        abort(400, description=f"sort must be one of {', '.join(SORTS)}")
    page = _int_arg("page", 1, 1, 10**6)
    nodes = [n for n in snap.nodes.values() if n.type == type_]
    nodes = _filter(nodes, snap, args)
    key = {
        "mentions": lambda n: (-n.mentions, n.zh),
        "name": lambda n: n.label(g.lang),
        "degree": lambda n: (-snap.graph.degree(n.iri), n.zh),
    }[sort]
    nodes.sort(key=key)
    size = current_app.config["PAGE_SIZE"]
    total = len(nodes)
    if page > 1 and (page - 1) * size >= total:
        abort(404, description=f"there are only {max(1, -(-total // size))} page(s) of {type_}")
    rows = nodes[(page - 1) * size: page * size]
    industries = sorted((n for n in snap.nodes.values() if n.type == "Industry"), key=lambda n: n.zh)
    regions = sorted((n for n in snap.nodes.values() if n.type == "Region"), key=lambda n: n.zh)
    return render_template(
        "browse.html", type_=type_, rows=rows, total=total, page=page, size=size, sort=sort, snap=snap,
        industries=industries, regions=regions, levels=LEVELS, args=args,
    )


def _filter(nodes, snap, args):
    industry, region = args.get("industry"), args.get("region")
    level, document = args.get("level"), args.get("document")
    if level and level not in LEVELS:
        abort(400, description=f"level must be one of {', '.join(LEVELS)}")
    for name, value in (("industry", industry), ("region", region)):
        if value and value not in snap.nodes:
            abort(404, description=f"no {name} {value[:200]!r} in the graph")
    if document and document not in snap.documents:
        abort(404, description=f"no document {document[:200]!r} in the graph")
    out = []
    for n in nodes:
        if industry and not snap.graph.has_edge(n.iri, industry):
            continue
        if region and not snap.graph.has_edge(n.iri, region):
            continue
        if level and LEVELS[level] not in n.zh:
            continue
        if document and document not in n.documents:
            continue
        out.append(n)
    return out


@bp.get("/doc/<slug>")
def document(slug: str):
    from webapp.views.ld import SLUG

    if not SLUG.fullmatch(slug):
        abort(404, description=f"no document {slug[:80]!r}: document names use letters, digits, -, _ and . only")
    doc = model.document(store(), snapshot(), DOC + slug)
    if _wants_rdf():
        from webapp.views.ld import describe

        return describe(DOC + slug)
    response = make_response(render_template("document.html", doc=doc, types=TYPES))
    response.vary.add("Accept")  # the same address also answers RDF
    return response


@bp.get("/search")
def search():
    q = request.args.get("q", "").strip()
    if len(q) > 200:
        abort(400, description="the search text is longer than 200 characters")
    snap = snapshot()
    hits = snap.index.search(q, limit=50) if q else []
    return render_template("search.html", q=q, hits=hits, snap=snap)


@bp.get("/indicators")
def indicators():
    snap = snapshot()
    until = _date_arg("until")
    rows = model.indicator_values(store(), snap, graphs=_graphs(snap, until))
    filters = {k: request.args.get(k, "") for k in ("metric", "region", "year", "action", "document", "kind")}
    if filters["year"] and not (filters["year"].isdecimal() and len(filters["year"]) <= 4):
        abort(400, description="year must be a number such as 2025")
    chosen = [r for r in rows if _keep(r, filters)]
    metrics = Counter(r["metric"] for r in rows)
    names = {r["metric"]: _metric_name(snap, r) for r in rows}
    charts = metric_charts(chosen, snap, g.lang)
    return render_template("indicators.html", rows=chosen, total=len(rows), filters=filters, metrics=metrics,
                           metric_names=names, snap=snap, until=until or "", charts=charts)


def _metric_name(snap, row) -> str:
    node = snap.nodes.get(row["metric"])
    return node.label(g.lang) if node else row["metric_label"]


def _keep(row, f) -> bool:
    return (
        (not f["metric"] or row["metric_label"] == f["metric"] or row["metric"] == f["metric"])
        and (not f["region"] or row["scope"] == f["region"])
        and (not f["year"] or row["year"] == int(f["year"]))
        and (not f["action"] or row["action"] == f["action"])
        and (not f["document"] or row["document"] == f["document"])
        and (not f["kind"] or row["kind"] == f["kind"])
    )


def _graphs(snap, until):
    visible = snap.visible(until)
    return None if visible is None else sorted(visible)


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdecimal() or len(raw) > len(str(high)) or not low <= int(raw) <= high:
        abort(400, description=f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _date_arg(name: str) -> str | None:
    """``?name=YYYY-MM-DD``, or the date the form's ``name_year``/``_month``/``_day`` selects compose."""
    from datetime import date

    from webapp.dates import PARTS, DateError, compose

    raw = request.args.get(name, "")
    if not raw:
        try:
            return compose(*(request.args.get(f"{name}_{part}", "").strip() for part in PARTS))
        except DateError as exc:
            abort(400, description=f"{name}: {exc}")
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        abort(400, description=f"{name} must be a date such as 2024-03-31")


def _wants_rdf() -> bool:
    from webapp.views.ld import negotiate

    return negotiate() is not None

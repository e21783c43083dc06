"""The indicator tracker: one chart per metric over the years, as SVG geometry the template draws
(no script, nothing to escape twice).

A metric is the graph's indicator node, so the registry's canonical metrics gather the values of
every document that states them (``ontology/metrics.ttl``). A point is one value: its year on the
x axis, its scope's colour, hollow for a target and filled for a reported value, and a link to the
sentence that states it. Values in 亿元 and 万亿元 are drawn on one scale, the chart's commonest unit.
"""

from __future__ import annotations

from collections import Counter, defaultdict

WIDTH, HEIGHT = 420, 190
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 18, 30
PAD_X = 28
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f")
_SCALE = {"": 1.0, "千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}


def metric_charts(rows: list[dict], snap, lang: str, limit: int = 12) -> list[dict]:
    """Charts for the metrics stated for the most years and documents (two values at least)."""
    by_metric: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        if r["year"] is not None:
            by_metric[(r["metric"], _family(r["unit"]))].append(r)
    ranked = sorted(
        (kv for kv in by_metric.items() if len(kv[1]) >= 2),
        key=lambda kv: (-len({v["year"] for v in kv[1]}), -len({v["document"] for v in kv[1]}), -len(kv[1]),
                        kv[1][0]["metric_label"]),
    )
    return [_chart(metric, values, snap, lang) for (metric, _), values in ranked[:limit]]


def _family(unit: str) -> str:
    return unit[len(_prefix(unit)):]


def _prefix(unit: str) -> str:
    for p in ("万亿", "亿", "万", "千"):
        if unit.startswith(p) and len(unit) > len(p):
            return p
    return ""


def _chart(metric: str, values: list[dict], snap, lang: str) -> dict:
    unit = Counter(v["unit"] for v in values).most_common(1)[0][0]
    factor = _SCALE[_prefix(unit)]
    scopes = sorted({v["scope"] for v in values})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(scopes)}
    years = sorted({v["year"] for v in values})
    first, last = years[0], years[-1]
    span = max(1, last - first)
    numbers = [v["number"] * _SCALE[_prefix(v["unit"])] / factor for v in values]
    low, high = min(0.0, min(numbers)), max(numbers) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    inner = plot_w - 2 * PAD_X  # the first and last years stand off the axes, their points whole

    def x(year: int) -> float:
        return round(LEFT + PAD_X + (inner / 2 if last == first else inner * (year - first) / span), 1)

    def y(number: float) -> float:
        return round(TOP + plot_h * (1 - (number - low) / (high - low or 1.0)), 1)

    # Points of one year and scope side by side, so that a target and a reported value never hide each other.
    per_year = Counter(v["year"] for v in values)
    gap = min(14.0, (inner / max(1, len(years))) * 0.8 / max(per_year.values()))
    slots: Counter = Counter()
    points = []
    for v, number in sorted(zip(values, numbers, strict=True), key=lambda p: (p[0]["year"], p[0]["scope"], p[1])):
        slot = slots[v["year"]]
        slots[v["year"]] += 1
        points.append({
            "x": round(x(v["year"]) + gap * (slot - (per_year[v["year"]] - 1) / 2), 1),
            "y": y(number), "colour": colour[v["scope"]], "hollow": v["kind"] == "target",
            "href": _quote_href(v), "label": f"{number:g}",
            "title": _title(v, snap, lang),
        })
    ticks = [{"x": x(year), "label": str(year)} for year in range(first, last + 1)] if span <= 12 else \
        [{"x": x(year), "label": str(year)} for year in years]
    documents = len({v["document"] for v in values})
    label = snap.nodes.get(metric)
    return {
        "metric": metric, "label": (label.label(lang) if label else values[0]["metric_label"]), "unit": unit,
        "points": points, "ticks": ticks, "width": WIDTH, "height": HEIGHT, "base": TOP + plot_h,
        "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
        "y_ticks": [{"y": y(n), "label": f"{n:g}"} for n in _nice(low, high)],
        "legend": [{"colour": colour[s], "name": _name(snap, s, lang)} for s in scopes],
        "summary": {"values": len(values), "documents": documents, "years": f"{first}–{last}" if span else str(first)},
    }


def _nice(low: float, high: float) -> list[float]:
    """Three round numbers across the axis: 0, half, top."""
    if high <= low:
        return [low]
    return [low, round((low + high) / 2, 2), round(high, 2)]


def _quote_href(v: dict) -> str:
    slug = v["document"].split("/doc/", 1)[-1]
    return f"/doc/{slug}#s{v['start']}-{v['end']}"


def _title(v: dict, snap, lang: str) -> str:
    doc = v.get("doc")
    source = f"{doc.date} {doc.title}" if doc else v["document"].rsplit("/", 1)[-1]
    from webapp.units import period_en, unit_en

    period, unit = v.get("period") or "", v["unit"]
    if lang == "en":
        period, unit = period_en(period), f" {unit_en(unit)}"
    return (f"{v['year']}{f' ({period})' if period else ''} · {_name(snap, v['scope'], lang)} · {v['number']:g}{unit} "
            f"({_kind(v['kind'], lang)}) · “{v['quote']}” — {source}")


def _name(snap, iri: str, lang: str) -> str:
    node = snap.nodes.get(iri)
    return node.label(lang) if node else (iri.rsplit("/", 1)[-1] if iri else "—")


def _kind(kind: str, lang: str) -> str:
    return kind if lang == "en" else {"target": "目标", "reported": "实际"}.get(kind, kind)

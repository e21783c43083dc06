"""Small bar charts as SVG geometry, drawn by the template (no script, nothing to escape twice).

One chart per metric: a bar per (year, region), so a target can be read against its year.
"""

from __future__ import annotations

from collections import defaultdict

WIDTH, HEIGHT, PAD = 360, 150, 28
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")


def metric_charts(rows: list[dict], snap, lang: str, limit: int = 12) -> list[dict]:
    """Charts for the metrics with the most values (at least two, in one unit)."""
    by_metric: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        if r["year"] is not None:
            by_metric[(r["metric_label"], r["unit"])].append(r)
    ranked = sorted(by_metric.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [_chart(metric, unit, values, snap, lang) for (metric, unit), values in ranked if len(values) >= 2][:limit]


def _chart(metric: str, unit: str, values: list[dict], snap, lang: str) -> dict:
    scopes = sorted({v["scope"] for v in values})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(scopes)}
    values = sorted(values, key=lambda v: (v["year"], v["scope"], v["number"]))
    top = max(v["number"] for v in values) or 1.0
    step = (WIDTH - 2 * PAD) / len(values)
    bars = []
    for i, v in enumerate(values):
        height = (HEIGHT - 2 * PAD) * v["number"] / top
        bars.append({
            "x": round(PAD + i * step + step * 0.1, 1), "y": round(HEIGHT - PAD - height, 1),
            "w": round(step * 0.8, 1), "h": round(height, 1), "colour": colour[v["scope"]],
            "label": f"{v['year']}", "value": f"{v['number']:g}{v['unit']}",
            "title": f"{v['year']} · {_name(snap, v['scope'], lang)} · {v['number']:g}{v['unit']} ({_kind(v['kind'], lang)})",
            "cx": round(PAD + i * step + step / 2, 1),
        })
    legend = [{"colour": colour[s], "name": _name(snap, s, lang)} for s in scopes]
    return {"metric": metric, "unit": unit, "bars": bars, "legend": legend, "width": WIDTH, "height": HEIGHT,
            "base": HEIGHT - PAD}


def _name(snap, iri: str, lang: str) -> str:
    node = snap.nodes.get(iri)
    return node.label(lang) if node else (iri.rsplit("/", 1)[-1] if iri else "—")


def _kind(kind: str, lang: str) -> str:
    return kind if lang == "en" else {"target": "目标", "reported": "实际"}.get(kind, kind)

"""Explorer speed: page and API latency on the corpus and on ~1M triples; drawing 2,000 nodes.

Measures, in one run:

1. Entity page (``/id/...``) and neighbourhood API (``/api/neighbours``) latency through the Flask
   test client (routing, store queries, templates; no network), median and p95 in ms, on the
   bundled corpus and on the generated ~1M-triple graph of ``bench_store.py``; search latency at
   1M; the time to read the snapshot (overview + search index) once per build.
2. A 2,000-node network view drawn in headless Chromium (Debian's ``/usr/bin/chromium``): our view
   (positions computed by the server, physics off) against pyvis's default options (physics on,
   dynamic smooth edges), same nodes and edges, same vendored vis-network; time from navigation
   until drawn and settled, and the ratio.

Run: ``python benchmarks/bench_web.py [--triples 1000000] [--nodes 2000] [--pyvis-budget 120]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pyoxigraph as ox  # noqa: E402

from graph.ingest import build  # noqa: E402
from graph.store.oxigraph import MemoryStore  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp import network as net  # noqa: E402


def latencies(client, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        out.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    return out


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered) * 1000:6.2f} ms  p95 {p95 * 1000:6.2f} ms  (n={len(values)})"


def page_figures(label: str, store, sample: int, rng: random.Random) -> dict:
    app = create_app({"TESTING": True, "STORE_OBJECT": store, "SECRET_KEY": "bench"})
    start = time.perf_counter()
    snap = app.extensions["ikg"]["snapshot"].get()
    loaded = time.perf_counter() - start
    entities = sorted(i for i, n in snap.nodes.items() if n.type != "Indicator")
    chosen = rng.sample(entities, min(sample, len(entities)))
    client = app.test_client()
    latencies(client, ["/" + i.split("/ikg/", 1)[1] for i in chosen[:5]])  # warm up
    pages = latencies(client, ["/" + i.split("/ikg/", 1)[1] for i in chosen])
    api = latencies(client, [f"/api/neighbours?iri={i}" for i in chosen])
    words = [snap.nodes[i].zh[:2] for i in chosen[:50]] + ["haier", "zhineng", "gongsi", "a"]
    search = latencies(client, [f"/api/search?q={w}" for w in words])
    print(f"[{label}] {len(snap.nodes)} entities, {snap.graph.number_of_edges()} links; snapshot read in {loaded:.2f} s")
    print(f"[{label}] entity page      {summary(pages)}")
    print(f"[{label}] neighbours API   {summary(api)}")
    print(f"[{label}] search API       {summary(search)}")
    return {"app": app, "snap": snap, "pages": pages, "api": api, "search": search, "load": loaded}


def draw_time(html_path: Path, budget: float) -> float | None:
    """Seconds until the page's network is drawn and settled, or None past ``budget``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(html_path.as_uri())
        try:
            page.wait_for_function("window.__settled === true", timeout=budget * 1000, polling=50)
        except Exception:  # noqa: BLE001 - a timeout is the measurement
            browser.close()
            return None
        elapsed = time.perf_counter() - start
        browser.close()
        return elapsed


PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}"><script src="{js}"></script></head>
<body style="margin:0"><div id="n" style="width:1400px;height:900px"></div>
<script>
var data = {data};
var network = new vis.Network(document.getElementById("n"),
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}}, data.options);
var physics = data.options.physics && data.options.physics.enabled !== false;
if (physics) network.once("stabilized", function () {{ window.__settled = true; }});
else network.once("afterDrawing", function () {{ window.__settled = true; }});
</script></body></html>"""


def network_figures(snap, nodes: int, budget: float, tmp: Path) -> None:
    from pyvis.network import Network

    selection = net.select_filtered(snap, None)
    selection = net.cap(selection, snap, nodes)
    start = time.perf_counter()
    ours = net.to_network(snap, selection, "zh", layout_threshold=200)
    built = time.perf_counter() - start
    defaults = Network(directed=True)
    options = json.loads(defaults.options.to_json()) if hasattr(defaults.options, "to_json") else {}
    options.setdefault("physics", {"enabled": True})
    options["edges"] = {"smooth": {"enabled": True, "type": "dynamic"}}
    plain_nodes = [{k: v for k, v in n.items() if k not in ("x", "y", "physics")} for n in ours.nodes]
    vendor = ROOT / "webapp" / "static" / "vendor" / "vis-network"
    files = {}
    for name, payload in (("ours", net.data_of(ours)),
                          ("pyvis", {"nodes": plain_nodes, "edges": ours.edges, "options": options})):
        path = tmp / f"{name}.html"
        path.write_text(PAGE.format(css=(vendor / "vis-network.min.css").as_uri(),
                                    js=(vendor / "vis-network.min.js").as_uri(),
                                    data=json.dumps(payload, ensure_ascii=False)), encoding="utf-8")
        files[name] = path
    print(f"[network] {len(selection.nodes)} nodes, {len(selection.edges)} edges; "
          f"server side (selection, layout, pyvis lists) {built:.2f} s")
    ours_t = draw_time(files["ours"], budget)
    pyvis_t = draw_time(files["pyvis"], budget)
    shown = lambda t: f"{t:.2f} s" if t is not None else f">{budget:.0f} s (not settled)"  # noqa: E731
    print(f"[network] drawn and settled: ours {shown(ours_t)}, pyvis defaults {shown(pyvis_t)}")
    if ours_t:
        slow = pyvis_t if pyvis_t is not None else budget
        print(f"[network] ratio pyvis defaults / ours: {'>' if pyvis_t is None else ''}{slow / ours_t:.1f}x "
              f"(goal: 2,000 nodes under 1.5 s: {'met' if ours_t < 1.5 else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=200, help="entities sampled per figure")
    parser.add_argument("--pyvis-budget", type=float, default=120.0, help="seconds before pyvis defaults give up")
    args = parser.parse_args()
    rng = random.Random(7)

    corpus = MemoryStore()
    build([ROOT / "data" / "corpus"], corpus)
    small = page_figures("corpus", corpus, args.sample, rng)

    from bench_store import generate

    start = time.perf_counter()
    generated = generate(args.triples, 7)
    big = MemoryStore()
    big._store.bulk_load(generated.nquads, format=ox.RdfFormat.N_QUADS)
    print(f"[1M] generated and loaded {len(big)} quads in {time.perf_counter() - start:.1f} s")
    large = page_figures("1M", big, args.sample, rng)
    median = statistics.median(large["pages"]) * 1000
    print(f"[1M] entity page median {median:.2f} ms (goal < 20 ms: {'met' if median < 20 else 'NOT met'}); "
          f"1M/corpus ratio {median / (statistics.median(small['pages']) * 1000):.1f}x")

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        network_figures(large["snap"], args.nodes, args.pyvis_budget, Path(tmp))


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()

"""Export speed: every format of ``EXPORTERS`` on a 10,000-node subgraph cut from a ~1M-triple graph.

Measures, in one run:

1. The generated graph of ``bench_store.py`` (``generate``, same seed) loaded into a ``MemoryStore``
   and its snapshot read, as the web app does once per build.
2. Cutting the subgraph: 10,000 entities taken breadth-first along the snapshot's links from the
   best-connected entity (a neighbourhood as an analyst would cut it, hubs included) with the links
   between them, and their RDF read from the store by ``webapp.subgraph.from_selection`` (one
   SELECT per entity): seconds, entities, links, quads.
3. Each exporter rendering that subgraph, in a forked child stopped after ``--budget`` seconds:
   seconds and bytes, as a table. The report bundle (``zip``) contains the PNG, the SVG, the CSV,
   GraphML and TriG exports, so its time is about their sum.

Run: ``python benchmarks/bench_export.py [--triples 1000000] [--nodes 10000] [--budget 300]
[--only png,svg]``; ``--quick`` is 100k triples and 1,000 nodes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pyoxigraph as ox  # noqa: E402

from graph.store.oxigraph import MemoryStore  # noqa: E402
from webapp import subgraph as sg  # noqa: E402
from webapp.exports import EXPORTERS  # noqa: E402
from webapp.network import Selection  # noqa: E402
from webapp.snapshot import load  # noqa: E402

_CHOSEN = None  # the subgraph, inherited by the forked children


def breadth_first(snap, size: int) -> Selection:
    """``size`` entities reached breadth-first from the best-connected one, and the links among them."""
    graph = snap.graph
    start = max(graph.nodes, key=lambda n: (graph.degree(n), n))
    seen, queue = {start}, deque([start])
    while queue and len(seen) < size:
        node = queue.popleft()
        for other in sorted(set(graph.successors(node)) | set(graph.predecessors(node))):
            if other not in seen and len(seen) < size:
                seen.add(other)
                queue.append(other)
    edges = [(s, o, p) for s, o, p in graph.edges(keys=True) if s in seen and o in seen]
    return Selection(seen, edges, len(seen))


def _render(extension: str, conn) -> None:
    start = time.perf_counter()
    try:
        body = EXPORTERS[extension].render(_CHOSEN)
        conn.send((time.perf_counter() - start, len(body), ""))
    except Exception as exc:  # noqa: BLE001 - a failing exporter is a row of the table, not the end of the run
        conn.send((time.perf_counter() - start, 0, f"{type(exc).__name__}: {exc}"[:200]))


def timed(extension: str, budget: float) -> tuple[float | None, int, str]:
    """Seconds and bytes of one export in a forked child, ``None`` seconds past ``budget``."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_render, args=(extension, child), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(budget):
            return None, 0, f"stopped after {budget:g} s"
        return parent.recv()
    except EOFError:
        return None, 0, f"the child died (exit code {process.exitcode}; out of memory?)"
    finally:
        if process.is_alive():
            process.kill()
        process.join()


def main() -> None:
    global _CHOSEN
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=300.0, help="seconds one export may take")
    parser.add_argument("--only", default="", help="comma-separated extensions (default: all)")
    parser.add_argument("--quick", action="store_true", help="100k triples, 1,000 nodes")
    args = parser.parse_args()
    if args.quick:
        args.triples, args.nodes = 100_000, 1000

    from bench_store import generate

    start = time.perf_counter()
    store = MemoryStore()
    store._store.bulk_load(generate(args.triples, 7).nquads, format=ox.RdfFormat.N_QUADS)
    snap = load(store)
    print(f"[graph] {len(store):,} quads, {len(snap.nodes):,} entities, {snap.graph.number_of_edges():,} links; "
          f"generated, loaded and snapshot read in {time.perf_counter() - start:.1f} s")

    selection = breadth_first(snap, args.nodes)
    start = time.perf_counter()
    _CHOSEN = sg.from_selection(store, snap, selection)
    cut = time.perf_counter() - start
    print(f"[cut] {len(_CHOSEN.nodes):,} entities, {len(_CHOSEN.edges):,} links, {len(_CHOSEN.quads):,} quads, "
          f"{len(_CHOSEN.documents):,} documents: cut from the store in {cut:.1f} s")

    wanted = [e for e in args.only.split(",") if e] or list(EXPORTERS)
    print(f"\n{'format':<14}{'seconds':>10}{'bytes':>16}  note")
    for extension in wanted:
        seconds, size, note = timed(extension, args.budget)
        shown = f"{seconds:.2f}" if seconds is not None else "-"
        print(f"{extension:<14}{shown:>10}{size:>16,}  {note}", flush=True)


if __name__ == "__main__":
    main()

"""Scale: the real build of 50, 500 and 1,000 generated documents, and the explorer at each size.

For each size, a corpus from ``gen_corpus.py`` (same seed: each corpus is a prefix of the next)
is built by ``ikg build`` in a child process into a fresh on-disk Oxigraph store, SHACL
validation included, as a user would run it. Measured:

- build wall time (process start included) and the build's own time (``Summary.seconds``);
  documents/s and MB/s of input; peak RSS of the child (``os.wait4`` rusage);
- store size on disk and quads;
- named queries from ``ontology/queries`` through the SPARQL engine (checks, worker process,
  JSON), median of a few runs each;
- the explorer through the Flask test client (``bench_web.page_figures``): entity page,
  ``/api/neighbours`` and ``/api/search`` median and p95, and the snapshot read once per build.

At the largest size the same store is dumped and loaded into a local Virtuoso
(``tests/virtuoso.py``; ``ikg restore`` through the graph store protocol) and the same queries
and pages are timed against it. Growth from the smallest to the largest size is given as an
exponent (time or memory ~ documents^k: k = 1 is linear). The curves go to ``docs/scale.png``.

Run: ``python benchmarks/bench_scale.py`` (about 10 min on 2 cores), or ``--quick`` (10 and
30 documents, no Virtuoso: a smoke run of under a minute).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_web import page_figures  # noqa: E402
from gen_corpus import write_corpus  # noqa: E402

QUERIES = ("entities_per_type", "clusters_and_parks", "companies_per_cluster", "targets_by_year")


@dataclass
class Figures:
    docs: int
    megabytes: float = 0.0
    wall: float = 0.0
    build: float = 0.0
    peak_mib: float = 0.0
    store_mb: float = 0.0
    quads: int = 0
    queries: dict[str, float] = field(default_factory=dict)
    pages: dict[str, list[float]] = field(default_factory=dict)
    snapshot: float = 0.0
    load: float = 0.0  # Virtuoso only: ikg restore of the dump


def run_build(corpus: Path, store: Path) -> tuple[float, float, float, str]:
    """``ikg build`` in a child process: (wall s, build s, peak RSS MiB, its output)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "webapp.cli_main", "build", "--corpus", str(corpus),
                                 "--store", f"oxigraph:{store}"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"ikg build failed ({proc.returncode}):\n{text}")
    seconds = float(re.search(r"triples in ([\d.]+) s", text).group(1))
    return wall, seconds, usage.ru_maxrss / 1024, text


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def query_figures(store_url: str, repeat: int) -> dict[str, float]:
    """Median seconds of each named query through the engine (a worker process, JSON out)."""
    from graph.errors import KGError
    from graph.sparql import Engine, Options
    from ontology import queries

    texts = {q.name: q.text for q in queries()}
    engine = Engine(store_url, Options(workers=1, timeout=120, max_rows=1_000_000, queue_wait=60))
    try:
        out = {}
        for name in QUERIES:
            try:
                engine.run(texts[name], ["json"], unlimited=True)  # warm up: caches, worker start
            except KGError as exc:  # Virtuoso refuses what it estimates to take too long
                print(f"  query {name} on {store_url}: {exc.message[:160]}")
                out[name] = math.nan
                continue
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                engine.run(texts[name], ["json"], unlimited=True)
                times.append(time.perf_counter() - started)
            out[name] = statistics.median(times)
        return out
    finally:
        engine.close()


def explorer_figures(label: str, store, sample: int, fig: Figures) -> None:
    found = page_figures(label, store, sample, random.Random(7))
    fig.pages = {"entity page": found["pages"], "neighbours API": found["api"], "search API": found["search"]}
    fig.snapshot = found["load"]


def measure(docs: int, seed: int, tmp: Path, args) -> tuple[Figures, Path]:
    from graph.store.oxigraph import DiskStore

    corpus, store = tmp / f"corpus-{docs}", tmp / f"store-{docs}"
    files = write_corpus(corpus, docs, seed)
    fig = Figures(docs, megabytes=sum(p.stat().st_size for p in files) / 1e6)
    fig.wall, fig.build, fig.peak_mib, output = run_build(corpus, store)
    print(f"[{docs}] {output.strip().splitlines()[0]}")
    fig.store_mb = size_of(store) / 1e6
    fig.quads = len(DiskStore(store, read_only=True))
    fig.queries = query_figures(f"oxigraph:{store}", args.repeat)
    explorer_figures(f"{docs} docs", DiskStore(store, read_only=True), args.sample, fig)
    return fig, store


def virtuoso_figures(store: Path, docs: int, tmp: Path, args) -> Figures:
    """The largest store, dumped and restored into a local Virtuoso; the same queries and pages."""
    from graph.errors import KGError
    from graph.store.oxigraph import DiskStore
    from graph.store.remote import RemoteStore
    from tests.virtuoso import virtuoso_server

    dump = tmp / "all.nq"
    with open(dump, "wb") as out:
        DiskStore(store, read_only=True).dump(out, "nquads")
    with virtuoso_server(tmp, max_rows=2_000_000) as v:
        fig = Figures(docs)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "IKG_STORE": v.sparql, "IKG_STORE_GSP": v.gsp,
               "IKG_STORE_TIMEOUT": "600"}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "webapp.cli_main", "restore", str(dump)], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        fig.load = time.perf_counter() - started
        remote = RemoteStore(v.sparql, timeout=600)
        fig.quads = len(remote)
        print(f"[virtuoso] restored {fig.quads:,} quads in {fig.load:.1f} s")
        fig.queries = query_figures(v.sparql, args.repeat)
        try:
            explorer_figures("virtuoso", remote, args.sample, fig)
        except KGError as exc:
            print(f"[virtuoso] the explorer could not read its snapshot: {exc.message[:200]}")
    return fig


# ---------------------------------------------------------------------------------------------
# Report


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def p95_ms(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)] * 1000


def exponent(small: float, large: float, n_small: int, n_large: int) -> float:
    """k in value ~ docs^k between two sizes: 1 is linear, 2 quadratic."""
    return math.log(large / small) / math.log(n_large / n_small)


def table(rows: list[tuple]) -> None:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  " + "  ".join([str(r[0]).ljust(widths[0])] + [str(c).rjust(w) for c, w in zip(r[1:], widths[1:],
                                                                                               strict=True)]))


def report(figs: list[Figures], remote: Figures | None) -> None:
    print(f"\nscale ({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at the end)")
    rows = [("documents", *(f"{f.docs:,}" for f in figs))]
    rows += [
        ("input MB", *(f"{f.megabytes:.1f}" for f in figs)),
        ("ikg build wall s (process start incl.)", *(f"{f.wall:.1f}" for f in figs)),
        ("build s (Summary.seconds)", *(f"{f.build:.1f}" for f in figs)),
        ("documents/s", *(f"{f.docs / f.build:.1f}" for f in figs)),
        ("MB/s", *(f"{f.megabytes / f.build:.2f}" for f in figs)),
        ("ms per document", *(f"{f.build / f.docs * 1000:.0f}" for f in figs)),
        ("peak RSS MiB", *(f"{f.peak_mib:,.0f}" for f in figs)),
        ("store on disk MB", *(f"{f.store_mb:,.0f}" for f in figs)),
        ("quads", *(f"{f.quads:,}" for f in figs)),
        ("snapshot read s", *(f"{f.snapshot:.2f}" for f in figs)),
    ]
    rows += [(f"query {name} ms", *(f"{f.queries[name] * 1000:.1f}" for f in figs)) for name in QUERIES]
    for name in figs[0].pages:
        rows.append((f"{name} median / p95 ms", *(f"{median_ms(f.pages[name]):.2f} / {p95_ms(f.pages[name]):.2f}"
                                                  for f in figs)))
    table(rows)
    small, large = figs[0], figs[-1]
    if large.docs > small.docs:
        k_time = exponent(small.build, large.build, small.docs, large.docs)
        k_mem = exponent(small.peak_mib, large.peak_mib, small.docs, large.docs)
        k_store = exponent(small.store_mb, large.store_mb, small.docs, large.docs)
        verdict = "linear" if k_time < 1.15 else "worse than linear"
        print(f"\ngrowth {small.docs} -> {large.docs} documents ({large.docs / small.docs:.0f}x): build time "
              f"{large.build / small.build:.1f}x (k = {k_time:.2f}, {verdict}; ms/document "
              f"{small.build / small.docs * 1000:.0f} -> {large.build / large.docs * 1000:.0f}), peak RSS "
              f"{large.peak_mib / small.peak_mib:.1f}x (k = {k_mem:.2f}), store {large.store_mb / small.store_mb:.1f}x "
              f"(k = {k_store:.2f}); value ~ documents^k")
    if remote is not None:
        print(f"\nVirtuoso against embedded Oxigraph at {large.docs:,} documents ({remote.quads:,} quads; "
              f"ikg restore into Virtuoso {remote.load:.1f} s against {large.build:.1f} s for the whole Oxigraph build):")
        rows = [("figure (median ms)", "oxigraph", "virtuoso", "ratio")]
        for name in QUERIES:
            a, b = large.queries[name] * 1000, remote.queries[name] * 1000
            rows.append((f"query {name}", f"{a:.1f}", "refused" if math.isnan(b) else f"{b:.1f}",
                         "-" if math.isnan(b) else f"{b / a:.1f}x"))
        for name in remote.pages:
            a, b = median_ms(large.pages[name]), median_ms(remote.pages[name])
            rows.append((name, f"{a:.2f}", f"{b:.2f}", f"{b / a:.1f}x"))
        if remote.pages:
            rows.append(("snapshot read (s)", f"{large.snapshot:.2f}", f"{remote.snapshot:.2f}",
                         f"{remote.snapshot / large.snapshot:.1f}x"))
        table(rows)


def plot(figs: list[Figures], remote: Figures | None, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    docs = [f.docs for f in figs]
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    ax = axes[0][0]
    ax.plot(docs, [f.build for f in figs], "o-", label="ikg build (measured)")
    ax.plot(docs, [figs[0].build / figs[0].docs * d for d in docs], "--", color="grey",
            label=f"linear from {figs[0].docs} documents")
    ax.set(title="Build time", xlabel="documents", ylabel="seconds")
    ax.legend()
    ax = axes[0][1]
    ax.plot(docs, [f.peak_mib for f in figs], "o-", color="tab:red")
    ax.set(title="Peak memory of ikg build", xlabel="documents", ylabel="MiB (max RSS)", ylim=(0, None))
    ax = axes[1][0]
    ax.plot(docs, [f.store_mb for f in figs], "o-", color="tab:green", label="store on disk (MB)")
    ax.plot(docs, [f.quads / 1e4 for f in figs], "s--", color="tab:olive", label="quads (x 10,000)")
    ax.set(title="Store size", xlabel="documents")
    ax.legend()
    ax = axes[1][1]
    for name in QUERIES:
        ax.plot(docs, [f.queries[name] * 1000 for f in figs], "o-", label=f"query {name}")
    for name in figs[0].pages:
        ax.plot(docs, [median_ms(f.pages[name]) for f in figs], "s--", label=name)
    if remote is not None:
        for name in QUERIES:
            if not math.isnan(remote.queries[name]):
                ax.plot([remote.docs], [remote.queries[name] * 1000], "x", color="black")
        ax.plot([], [], "x", color="black", label="the queries on Virtuoso")
    ax.set(title="Median latency", xlabel="documents", ylabel="ms", yscale="log")
    ax.legend(fontsize=7)
    fig.suptitle(f"ikg at scale: generated corpora, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,1000", help="corpus sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each named query")
    parser.add_argument("--sample", type=int, default=100, help="entities sampled per page figure")
    parser.add_argument("--virtuoso", action=argparse.BooleanOptionalAction, default=None,
                        help="also time Virtuoso at the largest size (default: yes, except with --quick)")
    parser.add_argument("--png", default=str(ROOT / "docs" / "scale.png"), help="where to write the curves")
    parser.add_argument("--json", help="also write the figures there, after each size")
    parser.add_argument("--quick", action="store_true", help="10 and 30 documents, no Virtuoso, no PNG")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeat, args.sample = "10,30", 2, 20
    with_virtuoso = args.virtuoso if args.virtuoso is not None else not args.quick
    sizes = sorted(int(s) for s in args.sizes.split(","))
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as name:
        tmp = Path(name)
        figs, store = [], None
        for docs in sizes:
            fig, store = measure(docs, args.seed, tmp, args)
            figs.append(fig)
            if args.json:
                Path(args.json).write_text(json.dumps([asdict(f) for f in figs]))
        remote = virtuoso_figures(store, sizes[-1], tmp, args) if with_virtuoso else None
    report(figs, remote)
    if not args.quick:
        plot(figs, remote, Path(args.png))
    print(f"total run time {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()

"""SPARQL endpoint speed: a 1-hop query direct on the store, through the worker, through HTTP.

On the generated ~1M-triple graph of ``bench_store.py`` (written to an on-disk store), measures
the 1-hop neighbourhood query of random entities:

1. directly on pyoxigraph (the store the workers open);
2. through ``graph.sparql.Engine`` (checks, a worker process round trip, JSON writing);
3. through ``/sparql`` over HTTP on 127.0.0.1, served by ``ikg serve`` (gunicorn, two workers),
   one keep-alive client;
4. throughput of ``/sparql`` with several concurrent clients for a fixed time, and the error rate.

Run: ``python benchmarks/bench_sparql.py [--triples 1000000] [--seconds 10] [--clients 8]``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pyoxigraph as ox  # noqa: E402


def one_hop(iri: str) -> str:
    return f"SELECT DISTINCT ?p ?o WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?o ?p <{iri}> }} }}"


def figures(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn: http.client.HTTPConnection, query: str) -> int:
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}),
                 headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    response.read()
    return response.status


def serve(root: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "IKG_STORE": f"oxigraph:{root}", "IKG_RATE_LIMIT": "1000000 per minute"}
    proc = subprocess.Popen([sys.executable, "-m", "webapp.cli_main", "serve", "--port", str(port), "--workers", "2"],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if get(conn, "ASK {}") == 200:
                return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("ikg serve did not answer within 120 s")


def load(port: int, queries: list[str], seconds: float, clients: int) -> tuple[int, int, list[float]]:
    done, errors, latencies = [0], [0], []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                status = get(conn, rng.choice(queries))
            except OSError:
                status, conn = 0, http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                done[0] += 1
                latencies.append(time.perf_counter() - start)
                errors[0] += status != 200

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0], errors[0], latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()

    from bench_store import generate

    from graph.sparql import Engine, Options
    from graph.store.oxigraph import DiskStore

    generated = generate(args.triples, 7)
    rng = random.Random(11)
    queries = [one_hop(iri) for iri in rng.sample(generated.entities, args.queries)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "store"
        writer = DiskStore(root).begin()
        writer._store.bulk_load(generated.nquads, format=ox.RdfFormat.N_QUADS)
        writer.commit()
        print(f"{generated.quads:,} quads written to an on-disk store")

        raw = ox.Store.read_only(str(root / os.readlink(root / "current")))
        direct = []
        for q in queries:
            start = time.perf_counter()
            list(raw.query(q, use_default_graph_as_union=True))
            direct.append(time.perf_counter() - start)

        engine = Engine(f"oxigraph:{root}", Options(workers=1))
        engine.run(queries[0], ["json"])
        through_engine = []
        for q in queries:
            start = time.perf_counter()
            engine.run(q, ["json"])
            through_engine.append(time.perf_counter() - start)
        engine.close()

        port = free_port()
        proc = serve(root, port)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for q in queries[:20]:
                get(conn, q)
            through_http = []
            for q in queries:
                start = time.perf_counter()
                status = get(conn, q)
                through_http.append(time.perf_counter() - start)
                assert status == 200, status
            total, errors, latencies = load(port, queries, args.seconds, args.clients)
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    d, e, h = figures(direct), figures(through_engine), figures(through_http)
    print(f"{'1-hop query':<44}{'median':>10}{'p95':>10}")
    print(f"{'direct on pyoxigraph':<44}{d[0]:>8.2f}ms{d[1]:>8.2f}ms")
    print(f"{'through the engine (worker round trip)':<44}{e[0]:>8.2f}ms{e[1]:>8.2f}ms")
    print(f"{'through /sparql over HTTP (gunicorn x2)':<44}{h[0]:>8.2f}ms{h[1]:>8.2f}ms")
    print(f"ratios: engine/direct {e[0] / d[0]:.1f}x, http/direct {h[0] / d[0]:.1f}x; "
          f"goal /sparql median < 3 ms: {'met' if h[0] < 3 else 'NOT met'}")
    lat = figures(latencies)
    print(f"throughput: {total / args.seconds:,.0f} requests/s with {args.clients} clients for {args.seconds:g} s "
          f"(median {lat[0]:.2f} ms, p95 {lat[1]:.2f} ms), errors {errors} of {total} "
          f"({100 * errors / max(1, total):.2f}%); clients and server share this machine's "
          f"{os.cpu_count()} cores")


if __name__ == "__main__":
    main()

"""A bounded load test of the production server on 127.0.0.1, and readers during rebuilds.

Builds the bundled corpus into a temporary store, starts ``ikg serve`` (gunicorn, two workers)
on a free local port, and sends a fixed number of requests per scenario from a few keep-alive
clients: entity pages, search, the neighbourhood API, SPARQL, export, and all of them mixed.
Prints requests/s, median and p95 latency and the error rate per scenario. Then, with
``--rebuilds N``, keeps readers running while ``ikg build`` swaps the store N times, and
checks that no request failed and that no answer mixed two builds.

Run: ``python benchmarks/load.py [--requests 3000] [--clients 4] [--rebuilds 6]``. It never
talks to anything but 127.0.0.1 and stops after the requests (or ``--seconds``) are spent.
The per-client rate limit is raised for the run (``IKG_RATE_LIMIT``): one address sends it all.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SPARQL = ("PREFIX ikg: <https://w3id.org/ikg/ontology#> SELECT ?park ?cluster WHERE "
          "{ ?cluster a ikg:Cluster ; ikg:linkedPark ?park } LIMIT 50")


def ikg(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """``ikg ARGS`` in a fresh interpreter (this checkout's code), failing loudly."""
    return subprocess.run([sys.executable, "-m", "webapp.cli_main", *args], cwd=ROOT, check=True,
                          env={**os.environ, **(env or {})}, **kwargs)


def build(corpus: Path, store: Path) -> None:
    ikg("build", "--corpus", str(corpus), "--store", f"oxigraph:{store}",
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(store: Path, workers: int = 2, env: dict | None = None):
    """``ikg serve`` (gunicorn) on a free port of 127.0.0.1; yields ``(host, port)`` once it answers."""
    port = free_port()
    env = {**os.environ, "IKG_RATE_LIMIT": "1000000 per minute", **(env or {})}
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "webapp.cli_main", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--workers", str(workers), "--store", f"oxigraph:{store}"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"ikg serve exited with {proc.returncode}:\n{log.read().decode()[-2000:]}")
            try:
                status, _, _ = get(("127.0.0.1", port), "/")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("ikg serve did not answer within 60 s")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def get(address, path: str, conn: http.client.HTTPConnection | None = None, headers: dict | None = None):
    """``(status, headers, body)`` of one GET (on ``conn`` if given: keep-alive)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(*address, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        if own:
            conn.close()


def scenarios(address) -> dict[str, list[tuple[str, dict]]]:
    """The request paths of each scenario, from entities the served graph really holds."""
    iris: dict[str, str] = {}
    for q in ("青岛", "产业", "集群", "园", "中心", "集团", "行动", "智能", "海尔", "工业"):
        _, _, body = get(address, "/api/search?" + urllib.parse.urlencode({"q": q, "limit": 20}))
        iris.update({hit["iri"]: hit["url"] for hit in json.loads(body)["results"]})
    if not iris:
        raise RuntimeError("the served graph has no entities to ask for")
    items = sorted(iris.items())
    accept_json = {"Accept": "application/sparql-results+json"}
    plans = {
        "entity page": [(url, {}) for _, url in items],
        "search": [("/api/search?" + urllib.parse.urlencode({"q": q}), {})
                   for q in ("青岛", "haier", "集群", "qing dao", "园区", "人工智能", "卡奥斯", "产业园")],
        "neighbours": [("/api/neighbours?" + urllib.parse.urlencode({"iri": iri}), {}) for iri, _ in items],
        "sparql": [("/sparql?" + urllib.parse.urlencode({"query": SPARQL}), accept_json)],
        "export": [(f"/export.{fmt}?" + urllib.parse.urlencode({"entity": iri, "depth": 1}), {})
                   for fmt in ("ttl", "nodes.csv", "graphml") for iri, _ in items[:10]],
    }
    plans["mixed"] = [p for name in list(plans) for p in plans[name][:10]]
    return plans


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # (path, build id) -> digests of the bodies seen: one each unless an answer mixed builds
    answers: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def count(self) -> int:
        return len(self.latencies)

    def summary(self) -> dict:
        ordered = sorted(self.latencies)
        return {
            "requests": self.count,
            "per_second": self.count / self.seconds if self.seconds else 0.0,
            "median_ms": 1000 * statistics.median(ordered) if ordered else 0.0,
            "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0,
            "errors": len(self.errors),
        }


def hammer(address, paths, *, clients: int, requests: int | None = None, stop: threading.Event | None = None,
           seconds: float | None = None, answers: frozenset[int] = frozenset({200})) -> Stats:
    """Send ``paths`` round-robin from ``clients`` threads until ``requests`` are spent, ``seconds``
    pass or ``stop`` is set; a status not in ``answers`` or a broken connection is an error."""
    stats, lock = Stats(), threading.Lock()
    counter = iter(range(requests if requests is not None else 10**12))
    deadline = time.monotonic() + seconds if seconds else None

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(*address, timeout=30)
        try:
            for n in counter:  # shared: the threads split the budget between them
                if (stop is not None and stop.is_set()) or (deadline and time.monotonic() > deadline):
                    return
                path, headers = paths[(n + offset) % len(paths)]
                started = time.perf_counter()
                try:
                    status, head, body = get(address, path, conn, headers)
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    conn = http.client.HTTPConnection(*address, timeout=30)
                    status, head, body = None, {}, str(exc).encode()
                elapsed = time.perf_counter() - started
                with lock:
                    stats.latencies.append(elapsed)
                    if status not in answers:
                        stats.errors.append(f"{status} {path[:80]}: {body[:200]!r}")
                    elif "X-IKG-Build" in head:
                        digest = hashlib.sha1(b"%d " % status + body).hexdigest()
                        stats.answers[(path, head["X-IKG-Build"])].add(digest)
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats.seconds = time.perf_counter() - started
    return stats


def corpus_copy(folder: Path, names: list[str] | None = None) -> Path:
    """The bundled corpus (or only the documents ``names``) with its manifest, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in CORPUS.iterdir():
        if path.name == "manifest.json" or names is None or path.name in names:
            shutil.copy(path, folder / path.name)
    return folder


def rebuild_under_load(address, corpus: Path, store: Path, rebuilds: int, clients: int) -> tuple[Stats, list[str]]:
    """Readers on every scenario while ``ikg build`` swaps the store ``rebuilds`` times, the corpus
    alternating between all documents and all but two. An entity of the two documents is then
    rightly a 404 in every other build, so 404 is an answer here, not an error. Returns the
    readers' stats and the answers that mixed builds (the same request, the same build id,
    different statuses or bodies)."""
    paths = [p for name, plan in scenarios(address).items() if name not in ("mixed", "sparql") for p in plan[:8]]
    moved = sorted(p for p in corpus.glob("*.txt"))[-2:]
    aside = corpus.parent / "aside"
    aside.mkdir(exist_ok=True)
    stop = threading.Event()
    result: list[Stats] = []
    reader = threading.Thread(target=lambda: result.append(hammer(address, paths, clients=clients, stop=stop,
                                                                answers=frozenset({200, 404}))))
    reader.start()
    try:
        for i in range(rebuilds):
            time.sleep(0.5)
            for path in moved:  # take two documents out, then put them back
                src, dst = (path, aside / path.name) if i % 2 == 0 else (aside / path.name, path)
                shutil.move(src, dst)
            build(corpus, store)
        time.sleep(1.0)  # the last build's snapshot is read in the background: let readers see it
    finally:
        stop.set()
        reader.join()
    stats = result[0]
    mixed = [f"{path} under build {build_id}: {len(bodies)} different answers"
             for (path, build_id), bodies in stats.answers.items() if len(bodies) > 1]
    return stats, mixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per scenario (default 3000)")
    parser.add_argument("--seconds", type=float, default=60.0, help="at most this long per scenario (default 60)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive clients (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--rebuilds", type=int, default=6, help="store swaps under load (default 6; 0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, store = corpus_copy(Path(tmp) / "corpus"), Path(tmp) / "store"
        print(f"building the corpus into {store} ...", flush=True)
        build(corpus, store)
        with serve(store, args.workers) as address:
            print(f"ikg serve: {args.workers} gunicorn workers on {address[0]}:{address[1]}; "
                  f"{args.clients} clients, {args.requests} requests or {args.seconds:.0f} s per scenario")
            print(f"{'scenario':<14}{'requests':>9}{'req/s':>9}{'median ms':>11}{'p95 ms':>9}{'errors':>8}")
            failed = False
            for name, paths in scenarios(address).items():
                s = hammer(address, paths, clients=args.clients, requests=args.requests, seconds=args.seconds)
                row = s.summary()
                print(f"{name:<14}{row['requests']:>9}{row['per_second']:>9.0f}{row['median_ms']:>11.1f}"
                      f"{row['p95_ms']:>9.1f}{row['errors']:>8}", flush=True)
                for error in s.errors[:3]:
                    print(f"  {error}")
                failed |= bool(s.errors)
            if args.rebuilds:
                stats, mixed = rebuild_under_load(address, corpus, store, args.rebuilds, args.clients)
                row = stats.summary()
                builds = {b for _, b in stats.answers}
                print(f"readers during {args.rebuilds} rebuilds: {row['requests']} requests, {len(builds)} builds "
                      f"served, {row['errors']} failed, {len(mixed)} mixed answers, p95 {row['p95_ms']:.1f} ms")
                for line in (stats.errors + mixed)[:5]:
                    print(f"  {line}")
                failed |= bool(stats.errors or mixed)
    print("goal: zero errors, p95 under 200 ms for pages at corpus scale")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

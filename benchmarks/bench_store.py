"""Store speed: building the bundled corpus, and pyoxigraph against rdflib on a generated ~1M-triple graph.

Measures, in one run:

1. ``graph.ingest.build`` of ``data/corpus`` into a fresh on-disk store (``DiskStore`` in a temp dir):
   cold (first build, includes loading the segmenter and gazetteer) and warm (a second build where
   nothing changed), in seconds.
2. On a generated graph (deterministic for a seed) shaped like our document graphs: entities of
   ikg:Cluster/Park/Platform/Company/Industry/Region with Chinese-looking ``skos:prefLabel``@zh and
   @en labels, relations (ikg:hasPark, partOfCluster, inIndustry, hostsIndustry, locatedIn,
   locatedInPark, supportsCluster) whose objects are
   drawn from Zipf-like weights (a few regions and industries are hubs), spread over one named graph
   per document (~1000 per 1M triples); each graph restates the type and labels of the entities it
   names and carries ikg:Mention and ikg:Evidence nodes as ``graph/build.py`` writes them:

   - load time of the same N-Quads bytes: in-memory ``pyoxigraph.Store`` (``bulk_load``, ``load`` and
     ``extend(parse(...))`` are all timed; the fastest is reported) against ``rdflib.Dataset().parse``;
   - 1-hop neighbourhood latency (``SELECT DISTINCT ?p ?o``, outgoing UNION incoming edges) and
     2-hop neighbourhood latency (entities within two ikg relation hops either way, with their labels,
     as one property path ``<e> R ?m . ?m R? ?n``), over the union of the named graphs
     (``use_default_graph_as_union=True`` / ``Dataset(default_union=True)``), median and p95 in ms per
     query for random entities, query parsing and reading all rows included; rdflib runs in a forked
     child with a time budget (``--rdflib-budget``) and is reported as timed out past it. (Written as a
     join of two ``{ <e> ?p ?m } UNION { ?m ?p <e> }`` groups instead, the 2-hop query takes seconds in
     pyoxigraph too and does not finish in rdflib: the property path is the form to use.) Most of the
     2-hop time is the labels: every document graph restates the labels of the entities it names, so
     over the union graph a hub's label comes back once per graph before ``DISTINCT``;
   - the same 1-hop and 2-hop queries through our ``MemoryStore.query`` (rows converted to rdflib terms);
   - peak RSS of the process (``resource.getrusage``) after each engine's part, and the ratios
     rdflib/oxigraph.

Run: ``python benchmarks/bench_store.py [--triples 1000000] [--seed 7] [--rdflib-budget 60]``
(75 s on this 2-CPU machine when quiet, 2.5 min under load), or ``--quick`` (100k triples, ~10 s).
"""

from __future__ import annotations

import argparse
import gc
import math
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from graph.ingest import build  # noqa: E402
from graph.store.oxigraph import DiskStore, MemoryStore  # noqa: E402

IKG = "https://w3id.org/ikg/ontology#"
ID = "https://w3id.org/ikg/id/"
DOC = "https://w3id.org/ikg/doc/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDF_SUBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>"
RDF_PREDICATE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>"
RDF_OBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>"
PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
QUOTED = "<http://www.w3.org/ns/prov#wasQuotedFrom>"
INT = "^^<http://www.w3.org/2001/XMLSchema#integer>"
DATE = "^^<http://www.w3.org/2001/XMLSchema#date>"
RELATIONS = ("hasPark", "partOfCluster", "inIndustry", "hostsIndustry", "locatedIn", "locatedInPark",
             "supportsCluster")
VERBS = {"hasPark": "依托", "partOfCluster": "加入", "inIndustry": "聚焦", "hostsIndustry": "聚集", "locatedIn": "位于",
         "locatedInPark": "入驻", "supportsCluster": "支撑"}

# ---------------------------------------------------------------------------------------------
# The generated graph

#: Share of the entities per class.
SHARES = {"Company": 0.58, "Park": 0.12, "Platform": 0.12, "Cluster": 0.10, "Industry": 0.04, "Region": 0.04}
#: Relations a subject of each class may state: (predicate, object classes, probability).
SCHEMA = {
    "Company": [("partOfCluster", ("Cluster",), 0.45), ("inIndustry", ("Industry",), 0.3),
                ("locatedInPark", ("Park",), 0.2), ("locatedIn", ("Region",), 0.15)],
    "Cluster": [("hasPark", ("Park",), 0.6), ("inIndustry", ("Industry",), 0.5),
                ("locatedIn", ("Region",), 0.35)],
    "Park": [("locatedIn", ("Region",), 0.6), ("hostsIndustry", ("Industry",), 0.35)],
    "Platform": [("supportsCluster", ("Cluster",), 0.5), ("inIndustry", ("Industry",), 0.35),
                 ("locatedInPark", ("Park",), 0.15), ("locatedIn", ("Region",), 0.1)],
    "Region": [("locatedIn", ("Region",), 0.5)],
    "Industry": [],
}
CHARS = ("青qing 岛dao 胶jiao 州zhou 即ji 墨mo 平ping 度du 莱lai 西xi 海hai 崂lao 山shan 城cheng 阳yang "
         "黄huang 东dong 南nan 北bei 安an 华hua 泰tai 金jin 鑫xin 瑞rui 德de 兴xing 盛sheng 源yuan 丰feng "
         "宏hong 达da 新xin 通tong 光guang 明ming 龙long 凤feng 江jiang 河he 湖hu 林lin 嘉jia 恒heng 远yuan "
         "康kang 宁ning 永yong 长chang 文wen 博bo 宇yu 星xing 辰chen 云yun 天tian 中zhong 信xin 卓zhuo 越yue "
         "正zheng 和he 美mei 乐le 汇hui 聚ju 合he 润run 益yi 昌chang 晟sheng 睿rui 思si 创chuang 科ke 智zhi "
         "芯xin 蓝lan 沧cang 泉quan 石shi 桥qiao 峰feng 松song 柏bai 湾wan 港gang").split()
CORES = [("家电", "home appliance"), ("集成电路", "integrated circuit"), ("新能源汽车", "new energy vehicle"),
         ("生物医药", "biomedicine"), ("新材料", "new material"), ("海洋装备", "marine equipment"),
         ("虚拟现实", "virtual reality"), ("人工智能", "artificial intelligence"), ("半导体", "semiconductor"),
         ("储能", "energy storage"), ("机器人", "robotics"), ("航空航天", "aerospace"), ("食品", "food"),
         ("纺织服装", "textile and apparel"), ("精细化工", "fine chemical"), ("软件", "software"),
         ("轨道交通", "rail transit"), ("船舶", "shipbuilding"), ("光伏", "photovoltaic"), ("氢能", "hydrogen")]
MODIFIERS = [("智能", "smart"), ("高端", "high-end"), ("绿色", "green"), ("数字", "digital"), ("先进", "advanced"),
             ("现代", "modern"), ("海洋", "marine"), ("未来", "future"), ("", "")]
PARTS = [("", ""), ("零部件", "components"), ("服务", "services"), ("材料", "materials"), ("设备", "equipment"),
         ("软件", "software"), ("检测", "testing"), ("制造", "manufacturing")]
SUFFIXES = {
    "Region": [("市", "City"), ("区", "District"), ("县", "County"), ("新区", "New Area")],
    "Cluster": [("产业集群", "industrial cluster")],
    "Park": [("产业园", "Industrial Park"), ("科技园", "Science Park"), ("生态园", "Eco Park"),
             ("产业基地", "Industrial Base")],
    "Platform": [("创新中心", "Innovation Center"), ("工业互联网平台", "Industrial Internet Platform"),
                 ("重点实验室", "Key Laboratory"), ("公共服务平台", "Public Service Platform")],
    "Company": [("有限公司", "Co., Ltd."), ("股份有限公司", "Co., Ltd. (joint-stock)"),
                ("集团有限公司", "Group Co., Ltd.")],
}


@dataclass
class Generated:
    nquads: bytes
    quads: int
    graphs: int
    entities: list[str] = field(default_factory=list)  # IRIs of the entities some graph names
    relations: int = 0


def _place(rng: random.Random) -> tuple[str, str]:
    a, b = rng.sample(CHARS, 2)
    return a[0] + b[0], (a[1:] + b[1:]).capitalize()


def _label(rng: random.Random, cls: str, tries: int) -> tuple[str, str]:
    """A Chinese label and its English rendering for an entity of ``cls``; more varied after ``tries``."""
    (mz, me), (cz, ce), (pz, pe) = rng.choice(MODIFIERS), rng.choice(CORES), rng.choice(PARTS)
    industry_zh, industry_en = mz + cz + pz, " ".join(w for w in (me, ce, pe) if w)
    place_zh, place_en = _place(rng)
    if cls == "Industry":  # few words: past the first collisions, a local industry (胶州智能家电产业)
        if tries > 3:
            return place_zh + industry_zh + "产业", f"{place_en} {industry_en} industry"
        return industry_zh + "产业", industry_en + " industry"
    sz, se = rng.choice(SUFFIXES[cls])
    if cls == "Region":
        return place_zh + sz, f"{place_en} {se}"
    if cls == "Company":
        brand_zh, brand_en = _place(rng)
        return place_zh + brand_zh + cz + sz, f"{place_en} {brand_en} {ce.title()} {se}"
    return place_zh + industry_zh + sz, f"{place_en} {industry_en} {se}"


def _entities(rng: random.Random, count: int) -> dict[str, list[tuple[str, str, str]]]:
    """``{class: [(iri, label zh, label en), ...]}``, labels and IRIs unique."""
    seen_labels, seen_iris, out = set(), set(), {}
    for cls, share in SHARES.items():
        items = out.setdefault(cls, [])
        tries = 0
        while len(items) < max(3, round(count * share)):
            zh, en = _label(rng, cls, tries)
            if tries > 50:  # never loop for ever: number the label
                zh, en = f"{zh}{tries}", f"{en} {tries}"
            if zh in seen_labels:
                tries += 1
                continue
            tries = 0
            seen_labels.add(zh)
            slug = "-".join("".join(ch for ch in w if ch.isalnum()) for w in en.lower().split())
            iri, n = f"{ID}{cls.lower()}/{slug}", 2
            while iri in seen_iris:
                iri, n = f"{ID}{cls.lower()}/{slug}-{n}", n + 1
            seen_iris.add(iri)
            items.append((iri, zh, en))
    return out


def generate(target: int, seed: int) -> Generated:
    """About ``target`` quads: ~target/20 entities, one named graph per ~1000 quads."""
    rng = random.Random(seed)
    pools = _entities(rng, target // 20)
    kind = {e[0]: (cls, e) for cls, items in pools.items() for e in items}
    # Zipf-like weights, a random order of ranks per class: a few hubs, a long tail.
    cum = {}
    for cls, items in pools.items():
        rng.shuffle(items)
        cum[cls] = list(_accumulate(1 / (r + 1) ** 1.05 for r in range(len(items))))
    everyone = [e for items in pools.values() for e in items]
    rng.shuffle(everyone)
    n_graphs = max(10, target // 1000)
    new_per_graph = math.ceil(len(everyone) / n_graphs)
    lines: list[str] = []
    named, relations, cursor, g_index = set(), 0, 0, 0
    while len(lines) < target:
        g = f"<{DOC}gen_{g_index:05d}>"
        doc = g[1:-1]
        g_index += 1
        date = f"20{20 + g_index % 6}-0{1 + g_index % 9}-15"
        lines += [f"{g} {RDF_TYPE} <{IKG}Document> {g} .",
                  f'{g} <http://purl.org/dc/terms/title> "关于加快第{g_index}批产业集群发展的通知"@zh {g} .',
                  f'{g} <http://purl.org/dc/terms/date> "{date}"{DATE} {g} .',
                  f'{g} <{IKG}fileName> "gen_{g_index:05d}.txt" {g} .',
                  f'{g} <{IKG}sha256> "{rng.getrandbits(256):064x}" {g} .',
                  f'{g} <{IKG}extractorVersion> "1" {g} .']
        subjects = [everyone[(cursor + k) % len(everyone)] for k in range(new_per_graph)]
        cursor += new_per_graph
        for _ in range(max(1, new_per_graph // 10)):  # a few well-known entities, named again and again
            cls = rng.choices(list(SHARES), weights=list(SHARES.values()))[0]
            subjects.append(rng.choices(pools[cls], cum_weights=cum[cls])[0])
        in_graph: dict[str, tuple[str, str, str]] = {}
        stated = set()
        for s in subjects:
            in_graph[s[0]] = s
            for pred, classes, p in SCHEMA[kind[s[0]][0]]:
                if rng.random() >= p:
                    continue
                cls = classes[0] if len(classes) == 1 else rng.choice(classes)
                o = rng.choices(pools[cls], cum_weights=cum[cls])[0]
                if o[0] == s[0] or (s[0], pred, o[0]) in stated:
                    continue
                stated.add((s[0], pred, o[0]))
                in_graph[o[0]] = o
                ev, at = f"<{doc}#e-{len(stated)}>", rng.randrange(20000)
                lines += [f"<{s[0]}> <{IKG}{pred}> <{o[0]}> {g} .",
                          f"{ev} {RDF_TYPE} <{IKG}Evidence> {g} .",
                          f"{ev} {RDF_SUBJECT} <{s[0]}> {g} .",
                          f"{ev} {RDF_PREDICATE} <{IKG}{pred}> {g} .",
                          f"{ev} {RDF_OBJECT} <{o[0]}> {g} .",
                          f'{ev} <{IKG}how> "stated" {g} .',
                          f"{ev} {QUOTED} {g} {g} .",
                          f'{ev} <{IKG}start> "{at}"{INT} {g} .',
                          f'{ev} <{IKG}end> "{at + 30}"{INT} {g} .',
                          f'{ev} <{IKG}quote> "{s[1]}{VERBS[pred]}{o[1]}" {g} .']
        relations += len(stated)
        for k, (iri, zh, en) in enumerate(in_graph.values()):
            named.add(iri)
            lines += [f"<{iri}> {RDF_TYPE} <{IKG}{kind[iri][0]}> {g} .",
                      f'<{iri}> {PREF} "{zh}"@zh {g} .',
                      f'<{iri}> {PREF} "{en}"@en {g} .']
            if rng.random() < 0.25:  # a mention of it in the document's text
                m, at = f"<{doc}#m-{k}>", rng.randrange(20000)
                lines += [f"{m} {RDF_TYPE} <{IKG}Mention> {g} .",
                          f"{m} <{IKG}denotes> <{iri}> {g} .",
                          f"{m} {QUOTED} {g} {g} .",
                          f'{m} <{IKG}start> "{at}"{INT} {g} .',
                          f'{m} <{IKG}end> "{at + len(zh)}"{INT} {g} .',
                          f'{m} <{IKG}quote> "{zh}" {g} .']
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return Generated(data, len(lines), g_index, sorted(named), relations)


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


# ---------------------------------------------------------------------------------------------
# Queries

_HOP = "|".join(f"ikg:{p}|^ikg:{p}" for p in RELATIONS)


def one_hop(iri: str) -> str:
    """Every edge at ``iri``, out and in. DISTINCT: Oxigraph's union graph repeats a triple per graph."""
    return f"SELECT DISTINCT ?p ?o WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?o ?p <{iri}> }} }}"


def two_hop(iri: str) -> str:
    """The entities one or two ikg relations (either way) from ``iri``, with their labels."""
    return (f"PREFIX ikg: <{IKG}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            f"SELECT DISTINCT ?n ?label WHERE {{ <{iri}> ({_HOP}) ?m . ?m ({_HOP})? ?n . "
            f"?n skos:prefLabel ?label }}")


def run_ox(store: ox.Store, sparql: str) -> int:
    return len([tuple(row) for row in store.query(sparql, use_default_graph_as_union=True)])


def run_ours(store: MemoryStore, sparql: str) -> int:
    return len(store.query(sparql).rows)


def run_rdflib(ds: rdflib.Dataset, sparql: str) -> int:
    return len(list(ds.query(sparql)))


def timed(run, queries: list[str]) -> tuple[list[float], list[int]]:
    times, rows = [], []
    for q in queries:
        started = time.perf_counter()
        rows.append(run(q))
        times.append(time.perf_counter() - started)
    return times, rows


@dataclass
class Budgeted:
    times: list[float]
    rows: list[int]
    asked: int
    spent: float

    @property
    def timed_out(self) -> bool:
        return len(self.times) < self.asked


def timed_in_child(run, queries: list[str], budget: float) -> Budgeted:
    """``timed`` in a forked child (it shares the loaded graph), killed after ``budget`` seconds."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def work() -> None:
        for q in queries:
            started = time.perf_counter()
            n = run(q)
            send.send((time.perf_counter() - started, n))

    child = ctx.Process(target=work, daemon=True)
    started = time.perf_counter()
    child.start()
    send.close()
    times, rows = [], []
    while len(times) < len(queries):
        left = started + budget - time.perf_counter()
        if left <= 0 or not receive.poll(left):
            break
        try:
            t, n = receive.recv()
        except EOFError:
            break
        times.append(t)
        rows.append(n)
    spent = time.perf_counter() - started
    if child.is_alive():
        child.kill()
    child.join()
    return Budgeted(times, rows, len(queries), spent)


# ---------------------------------------------------------------------------------------------
# Figures


def ms(seconds: float) -> str:
    value = seconds * 1e3
    return f"{value:.3f} ms" if value < 1 else f"{value:.2f} ms" if value < 100 else f"{value:,.0f} ms"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def ratio(slow: float | None, fast: float | None, lower_bound: bool = False) -> str:
    if slow is None or not fast:
        return "-"
    return f"{'>' if lower_bound else ''}{slow / fast:,.1f}x"


def rss_mib() -> float:
    """Peak resident memory of this process so far (Linux: KiB in ``ru_maxrss``)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return rss_mib()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000,
                        help="size of the generated graph (default 1M)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 100k triples, fewer queries")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated graph and the sample")
    parser.add_argument("--queries", type=int, default=200, help="oxigraph queries per figure (default 200)")
    parser.add_argument("--rdflib-queries", type=int, default=30,
                        help="rdflib queries per figure (default 30)")
    parser.add_argument("--rdflib-budget", type=float, default=60.0,
                        help="seconds rdflib may spend on each query figure before it is cut off "
                             "(default 60)")
    args = parser.parse_args()
    if args.quick:
        args.triples, args.queries, args.rdflib_queries = 100_000, 100, 10
        args.rdflib_budget = min(args.rdflib_budget, 20.0)
    began = time.perf_counter()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; "
          f"pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}, Python {sys.version.split()[0]}")
    rows: list[tuple[str, str, str, str]] = []

    # 1. The bundled corpus through graph.ingest.build, on disk.
    corpus = ROOT / "data/corpus"
    with tempfile.TemporaryDirectory() as tmp:
        store = DiskStore(Path(tmp) / "store")
        cold = build([corpus], store)
        warm = build([corpus], store)
        store.close()
    print(f"corpus build ({len(cold.added)} documents, {cold.triples:,} triples, DiskStore):")
    print(f"  cold {cold.seconds:.2f} s (first build, segmenter and gazetteer loaded on the way)")
    print(f"  warm {warm.seconds:.2f} s ({len(warm.unchanged)} unchanged, a new generation served)")
    rows += [("corpus build, cold", f"{cold.seconds:.2f} s", "-", "-"),
             ("corpus build, warm", f"{warm.seconds:.2f} s", "-", "-")]

    # 2. The generated graph.
    started = time.perf_counter()
    data = generate(args.triples, args.seed)
    print(f"\ngenerated graph: {data.quads:,} quads in {data.graphs:,} named graphs, {len(data.entities):,} "
          f"entities, {data.relations:,} relations, {len(data.nquads) / 1e6:.0f} MB of N-Quads "
          f"({time.perf_counter() - started:.1f} s)")
    sample = random.Random(args.seed + 1).sample(data.entities, min(args.queries, len(data.entities)))
    few = sample[:args.rdflib_queries]
    base = current_rss_mib()

    # pyoxigraph, in memory: three ways to load the same bytes; the fastest is kept.
    loaders = {
        "bulk_load": lambda s: s.bulk_load(data.nquads, format=ox.RdfFormat.N_QUADS),
        "load": lambda s: s.load(data.nquads, format=ox.RdfFormat.N_QUADS),
        "extend(parse)": lambda s: s.extend(ox.parse(data.nquads, format=ox.RdfFormat.N_QUADS)),
    }
    loads = {}
    for name, load in loaders.items():
        candidate = ox.Store()
        started = time.perf_counter()
        load(candidate)
        loads[name] = time.perf_counter() - started
        assert len(candidate) == data.quads, (name, len(candidate), data.quads)
        del candidate
        gc.collect()
    fastest = min(loads, key=loads.get)
    ox_store = ox.Store()
    loaders[fastest](ox_store)
    print("pyoxigraph in memory: load " + ", ".join(f"{n} {t:.2f} s" for n, t in loads.items())
          + f" -> {fastest}")
    for q in (one_hop(sample[0]), two_hop(sample[0])):  # warm up
        run_ox(ox_store, q)
    ox1, ox1_rows = timed(partial(run_ox, ox_store), [one_hop(e) for e in sample])
    ox2, ox2_rows = timed(partial(run_ox, ox_store), [two_hop(e) for e in sample])
    ours = MemoryStore(ox_store)
    ours1, ours1_rows = timed(partial(run_ours, ours), [one_hop(e) for e in sample])
    ours2, ours2_rows = timed(partial(run_ours, ours), [two_hop(e) for e in sample])
    assert ours1_rows == ox1_rows and ours2_rows == ox2_rows
    ox_peak = rss_mib()
    for label, times, n in (("1-hop", ox1, ox1_rows), ("2-hop", ox2, ox2_rows),
                            ("1-hop via MemoryStore.query", ours1, ours1_rows),
                            ("2-hop via MemoryStore.query", ours2, ours2_rows)):
        print(f"  {label}: median {ms(statistics.median(times))}, p95 {ms(p95(times))} over {len(times)} "
              f"entities ({statistics.median(n):.0f} rows median, {max(n):,} max)")
    for label, raw, conv, n in (("1-hop", ox1, ours1, ox1_rows), ("2-hop", ox2, ours2, ox2_rows)):
        converted, plain = statistics.median(conv), statistics.median(raw)
        per_row = (sum(conv) - sum(raw)) / max(1, sum(n)) * 1e6
        print(f"  conversion to rdflib terms in MemoryStore.query, {label}: median {ms(converted)} "
              f"vs {ms(plain)} raw ({converted / plain:.2f}x); {per_row:+.2f} us per row over all "
              f"{sum(n):,} rows")
    print(f"  peak RSS {ox_peak:,.0f} MiB ({ox_peak - base:+,.0f} MiB over the {base:,.0f} MiB "
          "before loading)")
    del ours, ox_store
    gc.collect()

    # rdflib, in memory, same bytes; queries in a forked child with a time budget.
    base_rdflib = current_rss_mib()
    ds = rdflib.Dataset(default_union=True)
    started = time.perf_counter()
    ds.parse(data=data.nquads, format="nquads")
    rd_load = time.perf_counter() - started
    rd_peak = rss_mib()
    print(f"rdflib Dataset in memory: parse {rd_load:.2f} s; peak RSS {rd_peak:,.0f} MiB "
          f"({rd_peak - base_rdflib:+,.0f} MiB over the {base_rdflib:,.0f} MiB before loading)")
    run_rdflib(ds, one_hop(few[0]))  # warm up: rdflib's SPARQL parser and algebra
    rd1 = timed_in_child(partial(run_rdflib, ds), [one_hop(e) for e in few], args.rdflib_budget)
    rd2 = timed_in_child(partial(run_rdflib, ds), [two_hop(e) for e in few], args.rdflib_budget)
    for label, result, ox_rows in (("1-hop", rd1, ox1_rows), ("2-hop", rd2, ox2_rows)):
        if not result.times:
            print(f"  {label}: >{result.spent:.3g} s (timed out: not one of {result.asked} queries finished)")
            continue
        done = len(result.times)
        same = result.rows == ox_rows[:done]
        note = f"; {result.asked - done} cut off after {result.spent:.3g} s" if result.timed_out else ""
        print(f"  {label}: median {ms(statistics.median(result.times))}, p95 {ms(p95(result.times))} over "
              f"{done} entities{note} (rows {'match' if same else 'DIFFER from'} pyoxigraph)")
    del ds
    print(f"  peak RSS of the process at the end: {rss_mib():,.0f} MiB")

    def rdflib_cell(result: Budgeted, stat, fast: float) -> tuple[str, str]:
        """The rdflib figure and its ratio to ``fast``; a lower bound when nothing finished."""
        if not result.times:
            return f">{result.spent:.3g} s (timed out)", ratio(result.spent, fast, lower_bound=True)
        value = stat(result.times)
        return ms(value) + ("*" if result.timed_out else ""), ratio(value, fast)

    median = statistics.median
    rows.append((f"load {data.quads / 1e6:.2f}M quads", f"{loads[fastest]:.2f} s ({fastest})",
                 f"{rd_load:.2f} s", ratio(rd_load, loads[fastest])))
    for label, fast, slow in (("1-hop", ox1, rd1), ("2-hop", ox2, rd2)):
        for name, stat in (("median", median), ("p95", p95)):
            rows.append((f"{label} {name}", ms(stat(fast)), *rdflib_cell(slow, stat, stat(fast))))
    for label, fast, slow in (("1-hop", ours1, rd1), ("2-hop", ours2, rd2)):
        rows.append((f"{label} median, MemoryStore.query", ms(median(fast)),
                     *rdflib_cell(slow, median, median(fast))))
    rows.append(("peak RSS over baseline", f"{ox_peak - base:,.0f} MiB", f"{rd_peak - base_rdflib:,.0f} MiB",
                 ratio(rd_peak - base_rdflib, ox_peak - base)))

    print(f"\nsummary ({data.quads:,} quads; {len(sample)} oxigraph / {len(few)} rdflib queries per figure; "
          f"ratio = rdflib / oxigraph)")
    table = [("figure", "oxigraph", "rdflib", "ratio"), *rows]
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    for r in table:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)]
        print("  " + "  ".join(cells))
    if (rd1.timed_out and rd1.times) or (rd2.timed_out and rd2.times):
        print("  * over the queries rdflib finished within --rdflib-budget only; the rest were cut off")
    print(f"total run time {time.perf_counter() - began:.0f} s, "
          f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()

"""Score extraction against the annotated gold set: entities, indicators and relations.

The matching rules are the annotators' (``tests/data/gold/CONVENTIONS.md``): names compared
after removing white space, quote marks and brackets, a shorter name matching a longer one it
covers by 70%; indicators by value, unit (with scale) and year, the metric by a loose bigram
overlap; relations by predicate meaning with both ends matched like entities. Recall is over
the gold's core items; precision over every prediction, right when it matches any gold item,
core or not (a non-core gold item is a judgement call, not an error).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.corpus import load_manifest, read_document
from graph.extract import extract
from graph.extract.gazetteer import Gazetteer

TYPES = ("Cluster", "Park", "Platform", "Company", "Action", "Policy", "Industry")
ENTITIES = "entities (all types)"
INDICATORS = "indicators (value+unit+year)"
RELATIONS = "relations (all predicates)"
METRIC_NAMES = "metric names a reader accepts"
KINDS = "target or reported"
PERIODS = "periods"
#: Our predicates and the gold's by meaning: the two industry links are one.
PREDICATES = {
    "inIndustry": "industry", "hostsIndustry": "industry", "targets": "targets", "memberOf": "memberOf",
    "partOfCluster": "partOfCluster", "supportsCluster": "supportsCluster", "operatedBy": "operatedBy",
    "setBy": "setBy", "locatedInPark": "locatedInPark",
}

_STRIP = re.compile(r"[\s“”\"'‘’《》「」『』〈〉()（）·・]")
_PREFIXES = ("青岛市", "青岛", "山东省", "国家级", "省级", "市级")
_UNITS = {"％": "%", "个百分点": "百分点", "家企业": "家"}


@dataclass
class Score:
    """Recall counts (over core gold) and precision counts (over predictions) kept apart."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def norm(name: str) -> str:
    """The form names are compared in.

    >>> norm("青岛市“芯屏”产业集群")
    '芯屏产业集群'
    """
    s = _STRIP.sub("", unicodedata.normalize("NFKC", name or ""))
    for prefix in _PREFIXES:
        if s.startswith(prefix) and len(s) > len(prefix) + 1:
            return s[len(prefix):]
    return s


def same(a: str, b: str) -> bool:
    """Two normalised names match when equal, or when the shorter covers 70% of the longer.

    >>> same(norm("国家虚拟现实创新中心"), norm("国家虚拟现实创新中心（青岛）")), same("家电", "智能家电产业集群")
    (True, False)
    """
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and short in long_ and len(short) / len(long_) >= 0.7


def _names(*names: str | None, aliases: Iterable[str] = ()) -> set[str]:
    return {n for n in map(norm, [*names, *aliases]) if n}


def _any_same(a: set[str], b: set[str]) -> bool:
    return any(same(x, y) for x in a for y in b)


def _bigrams(s: str) -> set[str]:
    s = norm(s)
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def metric_similarity(a: str, b: str) -> float:
    """Dice overlap of character bigrams: metric names are paraphrased, not fixed strings.

    >>> round(metric_similarity("规上工业增加值增长", "规模以上工业增加值同比增长"), 2)
    0.6
    """
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _close(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _unit(u) -> str:
    u = unicodedata.normalize("NFKC", str(u or "")).strip()
    return _UNITS.get(u, u)


def indicator_match(gold: dict, pred: dict) -> bool:
    """Same value and unit, the gold year (when it has one), and a metric that reads alike."""
    if not _close(gold.get("value"), pred.get("value")) or _unit(gold.get("unit")) != _unit(pred.get("unit")):
        return False
    if gold.get("year"):
        try:
            if int(pred.get("year")) != int(gold["year"]):
                return False
        except (TypeError, ValueError):
            return False
    return metric_similarity(gold.get("metric", ""), pred.get("metric", "")) >= 0.25


@dataclass
class Accuracy:
    """Share of judged items that are right; ``misses`` holds the wrong ones."""

    judged: int = 0
    right: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.judged if self.judged else 1.0

    def add(self, ok: bool, doc: str, text: str) -> None:
        self.judged += 1
        if ok:
            self.right += 1
        else:
            self.misses.append((doc, text))


def _same_value(gold: dict, pred: dict) -> bool:
    """:func:`indicator_match` without the metric: what naming is judged on."""
    return indicator_match(gold | {"metric": "-"}, pred | {"metric": "-"})


def score_naming(pred: dict, gold: dict, scores: dict) -> None:
    """Metric names, target or reported, and periods, judged on the values the reader also has."""
    doc = gold["doc"]
    for p in pred["indicators"]:
        same = [g for g in gold["indicators"] if _same_value(g, p)]
        if same:
            best = max(same, key=lambda g: metric_similarity(g.get("metric", ""), p["metric"]))
            scores[METRIC_NAMES].add(metric_similarity(best.get("metric", ""), p["metric"]) >= 0.25, doc,
                                     f"{p['metric']} (reader: {best.get('metric')})")
        matched = [g for g in same if indicator_match(g, p)]
        if not matched:
            continue
        g = max(matched, key=lambda g: metric_similarity(g.get("metric", ""), p["metric"]))
        if g.get("kind") in ("target", "reported"):
            scores[KINDS].add(p.get("kind") == g["kind"], doc,
                              f"{p['metric']} {p['value']:g}{p['unit']}: {p.get('kind')}, reader {g['kind']}")
        if g.get("period") or p.get("period"):
            scores[PERIODS].add((p.get("period") or "") == (g.get("period") or ""), doc,
                                f"{p['metric']} {p['value']:g}{p['unit']}: {p.get('period')}, reader {g.get('period')}")


def score_entities(pred: dict, gold: dict, scores: dict[str, Score]) -> None:
    doc = gold["doc"]
    golds = [(e["type"], _names(e["name"], aliases=e.get("aliases") or ()), e.get("core", True), e["name"],
              {e["type"], *(e.get("alt_types") or ())}) for e in gold["entities"]]
    preds = [(e["type"], _names(e["label"], aliases=e.get("aliases") or ()), e["label"]) for e in pred["entities"]]
    for type_, names, core, name, ok_types in golds:
        if not core or type_ not in TYPES:
            continue
        for key in (type_, ENTITIES):
            scores[key].gold += 1
        if any(t in ok_types and _any_same(names, p) for t, p, _ in preds):
            for key in (type_, ENTITIES):
                scores[key].found += 1
        else:
            scores[type_].misses.append((doc, name))
    for type_, names, label in preds:
        if type_ not in TYPES:
            continue
        for key in (type_, ENTITIES):
            scores[key].predicted += 1
        if any(type_ in ok and _any_same(g, names) for _, g, _, _, ok in golds):
            for key in (type_, ENTITIES):
                scores[key].correct += 1
        else:
            scores[type_].extras.append((doc, label))


def score_indicators(pred: dict, gold: dict, score: Score) -> None:
    doc = gold["doc"]
    golds, preds = gold["indicators"], pred["indicators"]
    used: set[int] = set()
    for g in (g for g in golds if g.get("core", True)):
        score.gold += 1
        hit = next((j for j, p in enumerate(preds) if j not in used and indicator_match(g, p)), None)
        if hit is None:
            score.misses.append((doc, f"{g['metric']} {g['value']}{g['unit']} {g.get('year')}"))
        else:
            used.add(hit)
            score.found += 1
    for p in preds:
        score.predicted += 1
        if any(indicator_match(g, p) for g in golds):
            score.correct += 1
        else:
            score.extras.append((doc, f"{p['metric']} {p['value']}{p['unit']} {p.get('year')}"))


def _gold_relations(gold: dict) -> list[tuple[str, object, object, bool, str]]:
    indicators = {i["id"]: i for i in gold["indicators"] if "id" in i}
    entities = {e["name"]: e for e in gold["entities"]}

    def end(name, id_=None):
        if id_ in indicators:
            return indicators[id_]
        e = entities.get(name)
        return _names(name, aliases=(e.get("aliases") or ()) if e else ())

    return [(PREDICATES[r["p"]], end(r["s"]), end(r["o"], r.get("o_id")), r.get("core", True),
             f"{r['s']} {r['p']} {r['o']}") for r in gold["relations"] if r["p"] in PREDICATES]


def _predicted_relations(pred: dict) -> list[tuple[str, object, object, str]]:
    names = {e["iri"]: (_names(e["label"], aliases=e.get("aliases") or ()), e["label"]) for e in pred["entities"]}
    values = {i["iri"]: i for i in pred["indicators"] if "iri" in i}
    out = []
    for r in pred["relations"]:
        if r["p"] not in PREDICATES or r.get("inferred"):
            continue
        s, s_label = names.get(r["s"], ({norm(r["s"])}, r["s"]))
        if r["o"] in values:
            o, o_label = values[r["o"]], values[r["o"]]["metric"]
        else:
            o, o_label = names.get(r["o"], ({norm(r["o"])}, r["o"]))
        out.append((PREDICATES[r["p"]], s, o, f"{s_label} {r['p']} {o_label}"))
    return out


def _end_match(g, p) -> bool:
    if isinstance(g, dict) or isinstance(p, dict):
        return isinstance(g, dict) and isinstance(p, dict) and indicator_match(g, p)
    return _any_same(g, p)


def score_relations(pred: dict, gold: dict, scores: dict[str, Score]) -> None:
    doc = gold["doc"]
    golds, preds = _gold_relations(gold), _predicted_relations(pred)
    for p_, s, o, core, text in golds:
        if not core:
            continue
        score = scores.setdefault(f"  {p_}", Score())
        for sc in (score, scores[RELATIONS]):
            sc.gold += 1
        if any(pp == p_ and _end_match(s, ps) and _end_match(o, po) for pp, ps, po, _ in preds):
            for sc in (score, scores[RELATIONS]):
                sc.found += 1
        else:
            score.misses.append((doc, text))
    for p_, s, o, text in preds:
        score = scores.setdefault(f"  {p_}", Score())
        for sc in (score, scores[RELATIONS]):
            sc.predicted += 1
        if any(gp == p_ and _end_match(gs, s) and _end_match(go, o) for gp, gs, go, _, _ in golds):
            for sc in (score, scores[RELATIONS]):
                sc.correct += 1
        else:
            score.extras.append((doc, text))


def score_document(pred: dict, gold: dict, scores: dict[str, Score]) -> None:
    """Add one document's counts to ``scores``."""
    score_entities(pred, gold, scores)
    score_indicators(pred, gold, scores[INDICATORS])
    score_relations(pred, gold, scores)
    score_naming(pred, gold, scores)


def new_scores() -> dict:
    return {name: Score() for name in (*TYPES, ENTITIES, INDICATORS, RELATIONS)} | {
        name: Accuracy() for name in (METRIC_NAMES, KINDS, PERIODS)}


def evaluate(gold_dir: str | Path, corpus_dir: str | Path, gazetteer: Gazetteer | None = None,
             manifest: bool = True) -> dict:
    """Extract every document that has a gold file and score it.

    ``manifest=False`` reads the documents as ``ikg extract report.txt`` would, with no manifest:
    dates and years must then come from the text.
    """
    scores = new_scores()
    meta = load_manifest(corpus_dir) if manifest else {}
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = read_document(Path(corpus_dir) / gold["doc"], meta.get(gold["doc"], {}))
        score_document(extract(doc, gazetteer).to_json(), gold, scores)
    return scores


def format_scores(title: str, scores: dict) -> str:
    lines = [title, f"{'':<30}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    accuracies = []
    for name, s in scores.items():
        if isinstance(s, Accuracy):
            accuracies.append(f"{name:<30}{s.share:7.3f}{s.right:7d} of {s.judged}")
        else:
            lines.append(f"{name:<30}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.gold:6d}{s.predicted:6d}")
    if accuracies:
        lines += [f"{'accuracy on matched values':<30}{'share':>7}{'right':>7}", *accuracies]
    return "\n".join(lines)

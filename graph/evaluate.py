"""Score extraction against the annotated gold set: precision, recall and F1 per type.

Entities match per document when the types agree and one name of each (label or alias) is
the same after :func:`name_key`; indicator values match as a multiset of (value, unit, year).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.corpus import read_document
from graph.extract import extract
from graph.extract.gazetteer import Gazetteer, name_key
from graph.model import ENTITY_TYPES

TYPES = tuple(t for t in ENTITY_TYPES if t != "Indicator")
INDICATORS = "Indicator (value+unit+year)"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_document(predicted: dict, gold: dict, scores: dict[str, Score]) -> None:
    """Add one document's counts to ``scores`` (keyed by type and ``INDICATORS``)."""
    doc = gold["doc"]
    for type_ in TYPES:
        golds = [g for g in gold["entities"] if g["type"] == type_]
        preds = [p for p in predicted["entities"] if p["type"] == type_]
        score = scores.setdefault(type_, Score())
        unmatched = list(golds)
        for p in preds:
            names = {name_key(n) for n in [p["label"], *p["aliases"]]}
            hit = next((g for g in unmatched if names & {name_key(n) for n in [g["label"], *g.get("aliases", [])]}), None)
            if hit:
                unmatched.remove(hit)
                score.tp += 1
            elif not any(names & {name_key(n) for n in [g["label"], *g.get("aliases", [])]} for g in golds):
                score.fp += 1
                score.extras.append((doc, p["label"]))
        score.fn += len(unmatched)
        score.misses += [(doc, g["label"]) for g in unmatched]
    score = scores.setdefault(INDICATORS, Score())
    key = lambda i: (round(float(i["value"]), 4), i["unit"], i.get("year"))  # noqa: E731
    want = Counter(map(key, gold["indicators"]))
    got = Counter(map(key, predicted["indicators"]))
    score.tp += sum((want & got).values())
    score.fp += sum((got - want).values())
    score.fn += sum((want - got).values())
    score.misses += [(doc, k) for k in (want - got).elements()]
    score.extras += [(doc, k) for k in (got - want).elements()]


def evaluate(gold_dir: str | Path, corpus_dir: str | Path, gazetteer: Gazetteer | None = None) -> dict[str, Score]:
    """Extract every document that has a gold file and score it."""
    scores: dict[str, Score] = {}
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = read_document(Path(corpus_dir) / gold["doc"])
        score_document(extract(doc, gazetteer).to_json(), gold, scores)
    return scores


def format_scores(title: str, scores: dict[str, Score]) -> str:
    lines = [title, f"{'type':<28}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}"]
    for name, s in scores.items():
        lines.append(f"{name:<28}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:5d}{s.fn:5d}")
    return "\n".join(lines)

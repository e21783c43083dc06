"""One metric across documents: the registry of ``ontology/metrics.ttl`` and the folding that
lets paraphrases meet (规上工业增加值增长 = 规模以上工业增加值同比增长).

A name is folded to a key (规上 -> 规模以上, 增速/同比增长 -> 增长, 全市 and 年均 dropped, …) and
looked up among the keys of every registry label with the same unit family. A name no entry
covers keeps its own node, keyed the same way, so two documents' 规上工业企业 and 规模以上工业企业
still meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from graph.iris import label_slug

ID = "https://w3id.org/ikg/id/indicator/"

_FOLDS = (
    (re.compile(r"[“”\"'‘’（）()\s·]"), ""),
    (re.compile(r"规上"), "规模以上"),
    (re.compile(r"^(?:全[市区省县国]|[我本][市区])|(?<=占)全[市区省县国]"), ""),
    (re.compile(r"同比|比上年|年均|较(?:19|20)\d{2}年(?:底|末)?|较上年"), ""),
    (re.compile(r"增速|增幅|增长率"), "增长"),
    (re.compile(r"降幅"), "下降"),
    (re.compile(r"成交额"), "交易额"),
    (re.compile(r"地区生产总值|GDP"), "生产总值"),
    (re.compile(r"工业企业营业收入"), "工业营业收入"),
    (re.compile(r"营收$"), "营业收入"),
    (re.compile(r"总产值"), "产值"),
    (re.compile(r"(?:数量|总数|个数)$"), ""),
)


@lru_cache(maxsize=8192)
def metric_key(name: str) -> str:
    """The folded form two paraphrases share (cached: a corpus repeats its metrics).

    >>> metric_key("规上工业增加值增长") == metric_key("规模以上工业增加值同比增长")
    True
    """
    for pattern, repl in _FOLDS:
        name = pattern.sub(repl, name)
    return name


def unit_family(unit: str) -> str:
    """亿元, 万亿元 and 万元 measure one thing; so do 个 and 万个; 万辆 and 辆."""
    return unit.lstrip("万亿千")


@dataclass(frozen=True)
class Metric:
    iri: str
    zh: str
    en: str
    family: str


class Registry:
    """The canonical metrics, looked up by the key of any of their labels and their unit family."""

    def __init__(self, metrics: list[tuple[Metric, list[str]]]):
        self.metrics = [m for m, _ in metrics]
        self._by_key = {(metric_key(label), m.family): m for m, labels in metrics for label in (m.zh, *labels)}

    def resolve(self, name: str, unit: str) -> Metric | None:
        return self._by_key.get((metric_key(name), unit_family(unit)))

    def iri(self, name: str, unit: str) -> str:
        """The node a value of ``name`` in ``unit`` measures: the registry's, else its own."""
        found = self.resolve(name, unit)
        return found.iri if found else ID + label_slug(metric_key(name) or name)

    @classmethod
    @cache
    def bundled(cls) -> Registry:
        from ontology import metric_entries

        return cls([(Metric(e["iri"], e["zh"], e["en"], e["family"]), e["aliases"]) for e in metric_entries()])

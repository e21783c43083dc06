"""English labels: names translated by their parts (glossary, CC-CEDICT), never one label for two entities.

The oracle is the corpus and the held-out documents: every entity extraction finds there gets an
English label without Chinese characters, distinct from every other entity's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.build import _english_names
from graph.english import distinct_labels, english_label
from graph.extract.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = sorted(p for p in (ROOT / "tests" / "data" / "heldout").iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf"))
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pytest.fixture(scope="module")
def known():
    return _english_names(Gazetteer.bundled())


@pytest.fixture(scope="module")
def all_entities(extractions):
    """Every entity of the corpus and the held-out documents, by IRI: (type, Chinese, English)."""
    from graph.corpus import read_document
    from graph.extract import extract

    found = {}
    for ex in [*extractions, *(extract(read_document(p)) for p in HELDOUT)]:
        for e in ex.entities:
            found[e.iri] = (e.type, e.label, e.label_en)
    return found


@pytest.mark.parametrize(("label", "type_", "expected"), [
    ("五大行动", "Action", "Five major action"),
    ("企业技改升级焕新行动", "Action", "Enterprise technological upgrading renewal action"),
    ("储能装备产业集群", "Cluster", "Energy storage equipment industrial cluster"),
    ("临沂经济技术开发区", "Park", "Linyi economic and technological development zone"),
    ("山东玲珑轮胎股份有限公司", "Company", "Shandong Linglong Tyres Co., Ltd."),
    ("培育“链主”企业", "Action", "Cultivation “chain leader” enterprise"),
    ("山东省制造业强省建设行动计划（2024—2026年）", "Policy",
     "Shandong manufacturing strong province development action plan (2024–2026)"),
    ("MEMS产业园", "Park", "MEMS industrial park"),
])
def test_english_label_by_parts(label, type_, expected, known):
    assert english_label(label, known, type_) == expected


@pytest.mark.parametrize(("label", "expected"), [
    ("行动", "Action"),          # only a suffix: it is the name
    ("", ""),                    # nothing to translate
    ("“”", ""),                  # quotes alone
    ("5G", "5G"),                # Latin stays as written
    ("海之心", "Haizhixin"),      # nothing covers it: pinyin, never Chinese
])
def test_english_label_edges(label, expected, known):
    assert english_label(label, known) == expected


@pytest.mark.parametrize("pair", [("船舶与海工装备产业集群", "船舶与海洋工程装备产业集群"), ("家电产业集群", "智能家电产业集群")])
def test_english_label_issue_14_clusters_apart(pair, known):
    """Two clusters the issue saw under one English label; an alias is translated by its own parts."""
    first, second = (english_label(label, known, "Cluster") for label in pair)
    assert first != second


@pytest.mark.parametrize("labels", [
    {"a": ("培育链主企业", "Chain leaders"), "b": ("链主培育", "Chain leaders"), "c": ("其他", "Other")},
    {"a": ("甲", "Same"), "b": ("乙", "same")},  # case does not tell labels apart for a reader
])
def test_distinct_labels_qualifies_only_collisions(labels):
    out = distinct_labels(labels)
    assert len({v.casefold() for v in out.values()}) == len(labels)
    for iri, (_, en) in labels.items():
        shared = sum(other.casefold() == en.casefold() for _, other in labels.values()) > 1
        assert (out[iri] == en) is not shared


def test_english_labels_of_every_entity_read_as_english(all_entities, known):
    """No Chinese character in any English label of the corpus and the held-out documents."""
    assert len(all_entities) > 400
    bad = {zh: english_label(zh, known, t) for t, zh, en in all_entities.values()
           if CJK.search(en or english_label(zh, known, t))}
    assert not bad


def test_english_labels_of_distinct_entities_differ(all_entities, known):
    """Distinct entities never share one English label (issue 14), checked over all documents at once."""
    english = distinct_labels({iri: (zh, en or english_label(zh, known, t)) for iri, (t, zh, en) in all_entities.items()})
    by_label: dict[str, list[str]] = {}
    for iri, en in english.items():
        by_label.setdefault(en.casefold(), []).append(all_entities[iri][1])
    assert not {en: zhs for en, zhs in by_label.items() if len(zhs) > 1}

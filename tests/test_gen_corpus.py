"""The synthetic corpus of ``benchmarks/gen_corpus.py``: deterministic, and of the bundled genre."""

import json
from collections import Counter

import pytest

from benchmarks import gen_corpus
from graph.corpus import iter_documents
from graph.extract import extract
from graph.model import ENTITY_TYPES

from .conftest import ROOT


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    return folder, gen_corpus.write_corpus(folder, 12, seed=3)


def test_gen_corpus_is_deterministic_and_prefix_stable(tmp_path, corpus):
    folder, files = corpus
    again = gen_corpus.write_corpus(tmp_path, 5, seed=3)  # the first 5 of the 12
    assert [p.name for p in again] == [p.name for p in files[:5]]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(again, files, strict=False))
    other = gen_corpus.document(0, seed=4)
    assert other.name != files[0].name and other.text != gen_corpus.document(0, seed=3).text


def test_gen_corpus_writes_a_manifest_like_the_bundled_one(corpus):
    folder, files = corpus
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    bundled = json.loads((ROOT / "data/corpus/manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest) == sorted(p.name for p in files)
    assert all(set(entry) == set(next(iter(bundled.values()))) for entry in manifest.values())


def test_gen_corpus_has_layout_noise_and_gb18030(corpus):
    folder, files = corpus
    docs = [gen_corpus.document(i, seed=3) for i in range(len(files))]
    assert {d.encoding for d in docs} == {"utf-8", "gb18030"}
    text = "".join(d.text for d in docs)
    assert "％" in text or "．" in text, "full-width digits"
    assert any(f"{d} {e} " in text for d in "0123456789" for e in "0123456789"), "spaced digits"
    assert "等" in text and "个新兴产业专业园区" in text, "enumerations"


def test_gen_corpus_extracts_to_every_entity_type(corpus):
    folder, _ = corpus
    found, indicators = Counter(), 0
    for doc in iter_documents([folder]):
        result = extract(doc)
        found.update(e.type for e in result.entities)
        indicators += len(result.indicators)
    assert set(ENTITY_TYPES) - {"Indicator"} <= set(found), found
    assert indicators > 12 * 10

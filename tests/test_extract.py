"""Whole-document extraction on the real corpus: offsets, contract, safety."""

import json

import pytest

from graph.corpus import read_document
from graph.extract import extract
from graph.model import ENTITY_TYPES


def _squash(s):
    return "".join(s.split())


def test_every_offset_points_at_its_text(extractions):
    checked = 0
    for result in extractions:
        original = result.doc.text
        payload = result.to_json()
        for entity in payload["entities"]:
            for m in entity["mentions"]:
                assert _squash(original[m["start"]:m["end"]]) == _squash(m["text"]), (entity["label"], m)
                assert m["text"], entity
                checked += 1
        for value in payload["indicators"]:
            assert _squash(original[value["start"]:value["end"]]) == _squash(value["text"])
            checked += 1
        for rel in payload["relations"]:
            assert 0 <= rel["start"] < rel["end"] <= len(original)
    assert checked > 500


def test_mention_text_matches_its_entity(extractions):
    """A mention's text, cleaned, is one of its entity's names or contains it (lists, quotes)."""
    from graph.extract.gazetteer import name_key

    for result in extractions:
        for e in result.entities:
            names = {name_key(n) for n in (e.label, *e.aliases)}
            for m in e.mentions:
                text = name_key(result.doc.text[m.start:m.end])
                assert text in names or any(text in n or n in text for n in names) or e.type in ("Park", "Cluster", "Action", "Platform"), (e.label, text)


def test_json_contract(docs):
    payload = extract(docs[0]).to_json()
    assert set(payload) == {"doc", "entities", "indicators", "relations"}
    for e in payload["entities"]:
        assert set(e) == {"type", "label", "aliases", "iri", "mentions"}
        assert e["type"] in ENTITY_TYPES
        assert e["iri"].startswith("https://w3id.org/ikg/id/")
    for i in payload["indicators"]:
        assert {"metric", "value", "unit", "qualifier", "year", "scope", "start", "end", "text"} <= set(i)
        assert isinstance(i["value"], float)
    for r in payload["relations"]:
        assert set(r) >= {"s", "p", "o", "start", "end"}
    json.dumps(payload, ensure_ascii=False)


def test_aliases_merge_into_one_entity(extractions):
    by_doc = {r.doc.name: r for r in extractions}
    platforms = {e.label: e for e in by_doc["001_4175fc14fb9bbd76.txt"].entities if e.type == "Platform"}
    assert "COSMOPlat" in platforms["卡奥斯"].aliases and "海尔卡奥斯" in platforms["卡奥斯"].aliases
    clusters = {e.label: e for e in by_doc["001_4175fc14fb9bbd76.txt"].entities if e.type == "Cluster"}
    assert "青岛仪器仪表产业集群" in clusters["仪器仪表产业集群"].aliases


def test_iris_are_stable_across_runs(docs):
    first = [e.iri for e in extract(docs[1]).entities]
    second = [e.iri for e in extract(docs[1]).entities]
    assert first == second and len(set(first)) == len(first)


def test_hostile_label_is_kept_as_plain_text(write):
    path = write("hostile.txt", "青岛市将建设“<script>x</script>”平台，推动<img src=x onerror=alert(1)>产业集群发展。")
    payload = extract(read_document(path)).to_json()
    labels = [e["label"] for e in payload["entities"]]
    assert "“<script>x</script>”平台" in labels
    line = json.dumps(payload, ensure_ascii=False)
    assert json.loads(line) == payload


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16", "utf-8-sig"])
def test_same_entities_whatever_the_encoding(write, corpus_files, encoding):
    text = corpus_files[4].read_text(encoding="utf-8")
    path = write(f"doc-{encoding}.txt", text.encode(encoding))
    expected = [(e.type, e.label) for e in extract(read_document(corpus_files[4])).entities]
    got = extract(read_document(path))
    assert [(e.type, e.label) for e in got.entities] == expected
    for e in got.entities:
        for m in e.mentions:
            assert _squash(got.doc.text[m.start:m.end])

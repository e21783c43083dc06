"""Distinct entities never share one English label in the graph a user sees, whatever document
named them (issue 14): the snapshot qualifies labels two documents gave two entities, and every
page and export reads them from there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

#: Two documents, each naming one park: 智能制造 and 智慧制造 both read "Smart manufacturing".
TWO = {"a.txt": "青岛市加快建设智能制造产业园，打造智能家电产业集群。\n",
       "b.txt": "烟台市推进智慧制造产业园建设，发展高端装备。\n"}


def _store(folders):
    from graph.ingest import build
    from graph.store.oxigraph import MemoryStore

    store = MemoryStore()
    build(folders, store)
    return store


def _clashes(nodes) -> dict[str, list[str]]:
    by_label = defaultdict(list)
    for node in nodes:
        by_label[node.en.casefold()].append(node.zh)
    return {en: zhs for en, zhs in by_label.items() if len(zhs) > 1}


@pytest.fixture(scope="module")
def two_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two")
    for name, text in TWO.items():
        (folder / name).write_text(text, encoding="utf-8")
    return _store([folder])


@pytest.fixture(scope="module")
def two_snapshot(two_store):
    from webapp.snapshot import load

    return load(two_store)


def _park(snapshot, zh: str):
    return next(n for n in snapshot.nodes.values() if n.zh == zh)


def test_store_wide_the_two_documents_translate_alike(two_store):
    """The premise: each document's build labels its park the same English (no clash inside one)."""
    rows = two_store.query('SELECT ?en WHERE { ?p a <https://w3id.org/ikg/ontology#Park> ; '
                           '<http://www.w3.org/2004/02/skos/core#prefLabel> ?en FILTER(lang(?en) = "en") }').rows
    assert [str(r[0]) for r in rows] == ["Smart manufacturing industrial park"] * 2


def test_store_wide_snapshot_qualifies_shared_labels(two_snapshot):
    assert not _clashes(two_snapshot.nodes.values())
    first, second = _park(two_snapshot, "智能制造产业园"), _park(two_snapshot, "智慧制造产业园")
    for park in (first, second):
        assert park.en.startswith("Smart manufacturing industrial park (")
        assert not CJK.search(park.en)
    assert _park(two_snapshot, "青岛市").en == "Qingdao"  # what no other entity shares stays as built


@pytest.mark.parametrize("zh", ["智能制造产业园", "智慧制造产业园"])
def test_store_wide_pages_and_exports_show_the_qualified_label(two_store, two_snapshot, zh):
    from webapp import create_app
    from webapp.exports import EXPORTERS
    from webapp.subgraph import from_entity

    park = _park(two_snapshot, zh)
    client = create_app({"TESTING": True, "STORE_OBJECT": two_store, "SECRET_KEY": "t"}).test_client()
    page = client.get(park.iri.replace("https://w3id.org/ikg", "") + "?lang=en").get_data(as_text=True)
    assert f'<p class="en">{park.en}</p>' in page
    assert '<p class="en">Smart manufacturing industrial park</p>' not in page
    hits = client.get("/api/search?q=Smart+manufacturing+industrial+park").get_json()["results"]
    assert park.en in {h["en"] for h in hits}
    table = EXPORTERS["nodes.csv"].render(from_entity(two_store, two_snapshot, park.iri, depth=1)).decode("utf-8")
    assert park.en in table


@pytest.mark.parametrize(("labels", "kinds"), [
    ({"a": ("青岛", "Qingdao"), "b": ("青岛", "Qingdao")}, {"a": "Region", "b": "Company"}),  # one name, two types
    ({"a": ("青岛", "Qingdao"), "b": ("青岛", "Qingdao")}, {}),  # nothing but a number tells them apart
    ({"a": ("公式", "Formula"), "b": ("公事", "Formula")}, {}),  # homophones: one pinyin
])
def test_store_wide_qualifiers_when_pinyin_is_not_enough(labels, kinds):
    from graph.english import distinct_labels

    out = distinct_labels(labels, kinds)
    assert len({v.casefold() for v in out.values()}) == len(labels)
    assert not any(CJK.search(v) for v in out.values())


@pytest.mark.slow
def test_store_wide_corpus_and_heldout_labels_differ():
    """The bundled and the held-out documents in one store: no two entities share an English label,
    none has a Chinese character, and the build is valid (a metric's paraphrases share one label)."""
    from webapp.snapshot import load

    snapshot = load(_store([ROOT / "data" / "corpus", ROOT / "tests" / "data" / "heldout"]))
    assert len(snapshot.nodes) > 1000
    assert not _clashes(snapshot.nodes.values())
    assert not [n.en for n in snapshot.nodes.values() if CJK.search(n.en) or not n.en.strip()]

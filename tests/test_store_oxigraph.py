"""Oxigraph stores: queries, generations swapped atomically, dumps that restore the dataset."""

import io
import os

import pytest
from rdflib import Graph, Literal, URIRef

from graph.errors import BadQuery, StoreUnavailable
from graph.store import open_store
from graph.store.oxigraph import DiskStore, MemoryStore

G1, G2 = "https://w3id.org/ikg/doc/a", "https://w3id.org/ikg/doc/b"
S, P = URIRef("https://w3id.org/ikg/id/park/x"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


def graph(name: str, *labels: str) -> Graph:
    g = Graph(identifier=URIRef(name))
    for label in labels:
        g.add((S, P, Literal(label, lang="zh")))
    return g


def labels(store) -> set[str]:
    return {str(r[0]) for r in store.query("SELECT ?l WHERE { ?s ?p ?l }").rows}


@pytest.mark.parametrize("url, kind", [("memory:", MemoryStore), ("oxigraph:/tmp/x", DiskStore), ("/tmp/x", DiskStore)])
def test_open_store_picks_by_scheme(url, kind):
    assert isinstance(open_store(url), kind)


def test_open_store_refuses_unknown_schemes():
    with pytest.raises(Exception, match="unknown store 'ftp://x'"):
        open_store("ftp://x")


def test_queries_see_the_union_of_named_graphs():
    store = MemoryStore()
    store.replace({G1: graph(G1, "甲"), G2: graph(G2, "乙")})
    assert labels(store) == {"甲", "乙"}
    store.replace({G1: graph(G1, "丙"), G2: None})
    assert labels(store) == {"丙"}
    assert store.graph_names() == {G1}


def test_query_limit_marks_truncation_and_bindings_substitute():
    store = MemoryStore()
    store.replace({G1: graph(G1, *"一二三四")})
    result = store.query("SELECT ?l WHERE { ?s ?p ?l }", limit=2)
    assert len(result.rows) == 2 and result.truncated
    bound = store.query("ASK { ?s ?p ?l }", bindings={"l": Literal("三", lang="zh")})
    assert bound.boolean is True


def test_malformed_query_is_a_bad_query_with_position():
    with pytest.raises(BadQuery, match="SPARQL syntax error"):
        MemoryStore().query("SELECT ?x WHERE { ?x ")


def test_memory_build_commits_or_leaves_the_store_alone():
    store = MemoryStore()
    store.replace({G1: graph(G1, "旧")})
    writer = store.begin()
    writer.replace({G1: graph(G1, "新")})
    writer.abort()
    assert labels(store) == {"旧"}
    writer = store.begin()
    writer.replace({G1: graph(G1, "新")})
    assert labels(store) == {"旧"}, "readers see the old graph until commit"
    writer.commit()
    assert labels(store) == {"新"}


def test_disk_generations_swap_atomically_and_readers_follow(tmp_path):
    reader = DiskStore(tmp_path / "store", read_only=True)
    assert len(reader) == 0, "before the first build the store is empty, not an error"
    writer = DiskStore(tmp_path / "store").begin()
    writer.replace({G1: graph(G1, "第一版")})
    assert len(reader) == 0
    writer.commit()
    assert labels(reader) == {"第一版"}
    second = DiskStore(tmp_path / "store").begin()
    second.replace({G1: graph(G1, "第二版")})
    second.commit()
    assert labels(reader) == {"第二版"}
    assert len(os.listdir(tmp_path / "store" / "generations")) == 2, "the served one and the one before"


def test_disk_abort_and_leftovers_of_a_killed_build_are_swept(tmp_path):
    root = tmp_path / "store"
    first = DiskStore(root).begin()
    first.replace({G1: graph(G1, "好")})
    first.commit()
    (root / "generations" / "99999999T000000.000000000-1").mkdir()  # what a SIGKILLed build leaves
    writer = DiskStore(root).begin()
    writer.abort()
    assert labels(DiskStore(root)) == {"好"}
    assert len(os.listdir(root / "generations")) == 1


def test_disk_refuses_two_builds_at_once(tmp_path):
    writer = DiskStore(tmp_path).begin()
    with pytest.raises(StoreUnavailable, match="another build"):
        DiskStore(tmp_path).begin()
    writer.abort()
    DiskStore(tmp_path).begin().abort()


def test_unwritable_store_folder_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "store"
    blocker.write_text("a file where the store folder should be")
    with pytest.raises(StoreUnavailable, match="cannot write to"):
        DiskStore(blocker).begin()


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_dump_and_restore_give_back_the_same_dataset(built_store, tmp_path, fmt):
    out = io.BytesIO()
    built_store.dump(out, fmt)
    path = tmp_path / f"dump.{'trig' if fmt == 'trig' else 'nq'}"
    path.write_bytes(out.getvalue())
    restored = MemoryStore()
    restored.load_dump(path)
    again_a, again_b = io.BytesIO(), io.BytesIO()
    built_store.dump(again_a, "nquads")
    restored.dump(again_b, "nquads")
    assert again_a.getvalue() == again_b.getvalue()
    assert len(restored) == len(built_store) > 5000


def test_restore_of_a_broken_dump_is_refused(tmp_path):
    path = tmp_path / "broken.nq"
    path.write_text("<a> <b> .\n")
    with pytest.raises(BadQuery, match="not a valid dump"):
        MemoryStore().load_dump(path)

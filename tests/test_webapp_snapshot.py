"""SnapshotCache keeps the snapshot and the store of one build together while builds are swapped in."""

from __future__ import annotations

import threading

import pytest
from rdflib import Graph, Literal, URIRef

from graph.store.oxigraph import DiskStore
from webapp import snapshot as snap_module
from webapp.snapshot import SnapshotCache

G = "https://w3id.org/ikg/doc/test"


def commit(store: DiskStore, triples: int) -> str:
    """A new generation holding ``triples`` triples; returns its name."""
    graph = Graph()
    for i in range(triples):
        graph.add((URIRef(f"https://w3id.org/ikg/id/x/{i}"), URIRef("https://example.org/p"), Literal(i)))
    writer = store.begin()
    writer.replace({G: graph})
    writer.commit()
    return store.generation


@pytest.fixture
def counted(monkeypatch):
    """``load`` replaced by one that records how many triples the store it read held."""
    gate = threading.Event()
    gate.set()

    def load(store):
        gate.wait(10)
        return snap_module.Snapshot(str(len(store)), {}, None, {}, None)

    monkeypatch.setattr(snap_module, "load", load)
    return gate


def test_a_new_generation_is_served_with_its_own_snapshot(tmp_path, counted):
    store = DiskStore(tmp_path)
    first = commit(store, 1)
    cache = SnapshotCache(store, wait=5)
    old = cache.view()
    assert (old.store.generation, old.snapshot.version) == (first, "1")
    second = commit(store, 3)
    new = cache.view()
    assert (new.store.generation, new.snapshot.version) == (second, "3")
    assert len(old.store) == 1  # a request holding the old pair still reads the old build


def test_a_slow_snapshot_keeps_requests_on_the_old_build_until_it_is_read(tmp_path, counted):
    store = DiskStore(tmp_path)
    commit(store, 1)
    cache = SnapshotCache(store, wait=0.05)
    cache.view()
    counted.clear()  # the next snapshot takes as long as the test says
    second = commit(store, 2)
    during = cache.view()
    assert during.snapshot.version == "1" and len(during.store) == 1  # old, and consistent
    counted.set()
    cache._loading.join(5)
    after = cache.view()
    assert after.store.generation == second and after.snapshot.version == "2"


def test_a_snapshot_that_cannot_be_read_leaves_the_old_build_served(tmp_path, monkeypatch, caplog):
    store = DiskStore(tmp_path)
    commit(store, 1)
    cache = SnapshotCache(store, wait=5)
    monkeypatch.setattr(snap_module, "load", lambda s: snap_module.Snapshot(str(len(s)), {}, None, {}, None))
    assert cache.view().snapshot.version == "1"

    def broken(_store):
        raise OSError("disk gone")

    monkeypatch.setattr(snap_module, "load", broken)
    commit(store, 2)
    assert cache.view().snapshot.version == "1"
    assert "could not read the snapshot" in caplog.text

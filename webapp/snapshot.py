"""An in-memory overview of the graph: entities, labels, entity-to-entity links and documents.

Network views, paths, the matrix and search need the whole entity graph at once; asking the
store for it on every click would be slow, so it is read once per build (a few queries) into a
NetworkX multigraph and a label index, and read again when the store's build id changes.
Pages that need provenance (entity, document) still ask the store directly.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from graph.lookup import Candidate, candidates
from ontology import app_query
from ontology.namespace import GAZETTEER_GRAPH, INFERRED_GRAPH
from webapp.search import LabelIndex

NS = "https://w3id.org/ikg/ontology#"
log = logging.getLogger(__name__)
INFERRED = str(INFERRED_GRAPH)
GAZETTEER = str(GAZETTEER_GRAPH)


@dataclass
class Node(Candidate):
    """An entity as the pages show it."""

    def label(self, lang: str) -> str:
        return (self.en if lang == "en" else self.zh) or self.zh or self.en or self.iri.rsplit("/", 1)[-1]


@dataclass
class Document:
    iri: str
    title: str
    date: str
    entities: int


@dataclass
class Snapshot:
    version: str
    nodes: dict[str, Node]
    graph: nx.MultiDiGraph  # edge key = property local name; data: inferred, documents
    documents: dict[str, Document]
    index: LabelIndex
    built: str = ""
    _dated: dict = field(default_factory=dict, repr=False, compare=False)

    def visible(self, until: str | None) -> set[str] | None:
        """Documents dated on or before ``until`` (``None``: no time filter)."""
        if not until:
            return None
        return {d.iri for d in self.documents.values() if d.date and d.date <= until}

    def until(self, date: str | None) -> Snapshot:
        """The graph as the documents dated up to ``date`` state it: only entities they mention
        and relations they state (an inferred one where both ends remain), so every view that
        takes the time filter reads the same cut. Kept for the few dates last asked for."""
        if not date:
            return self
        if date not in self._dated:
            if len(self._dated) >= 16:
                self._dated.pop(next(iter(self._dated)))
            self._dated[date] = _cut(self, self.visible(date))
        return self._dated[date]


def _cut(snap: Snapshot, docs: set[str]) -> Snapshot:
    nodes = {}
    for iri, n in snap.nodes.items():
        kept = n.documents & docs
        if kept:
            nodes[iri] = Node(iri, n.type, n.zh, n.en, list(n.aliases), sum(n.counts.get(d, 0) for d in kept),
                              kept, {d: c for d, c in n.counts.items() if d in kept})
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    for s, o, p, data in snap.graph.edges(keys=True, data=True):
        if s in nodes and o in nodes and (data["inferred"] or data["documents"] & docs):
            graph.add_edge(s, o, key=p, inferred=data["inferred"], documents=data["documents"] & docs)
    documents = {d: doc for d, doc in snap.documents.items() if d in docs}
    return Snapshot(snap.version, nodes, graph, documents, LabelIndex(nodes.values()), built=snap.built)


def load(store) -> Snapshot:
    """Read the overview from ``store``: four queries, whatever the graph's size."""
    nodes: dict[str, Node] = {n.iri: n for n in candidates(store, Node)}
    _distinct_english(nodes)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    sources: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, p, o, g in store.query(app_query("snapshot_edges")).rows:
        s, o = str(s), str(o)
        if s in nodes and o in nodes and s != o:
            sources[(s, str(p)[len(NS):], o)].add(str(g))
    for (s, p, o), graphs in sources.items():
        graph.add_edge(s, o, key=p, inferred=graphs == {INFERRED},
                       documents=frozenset(g for g in graphs if g not in (INFERRED, GAZETTEER)))
    documents = _documents(store)
    build = store.query(app_query("build_info")).rows
    version = str(build[0][0]) if build else ""
    return Snapshot(version, nodes, graph, documents, LabelIndex(nodes.values()),
                    built=str(build[0][1]) if build else "")


def _distinct_english(nodes: dict[str, Node]) -> None:
    """Qualify English labels two entities share (issue 14): each document's build keeps its own
    entities apart, but two documents may each name a different entity "Smart manufacturing
    industrial park" (智能制造产业园, 智慧制造产业园); pages and exports read labels from here."""
    from graph.english import distinct_labels
    from graph.types import labels

    named = {iri: (n.zh, n.en) for iri, n in nodes.items() if n.en}
    if len({en.casefold() for _, en in named.values()}) == len(named):
        return  # the common case: no clash, and no segmenter to load
    kinds = {iri: labels(nodes[iri].type)[1] for iri in named}
    for iri, en in distinct_labels(named, kinds).items():
        nodes[iri].en = en


def _documents(store) -> dict[str, Document]:
    from ontology import queries

    text = next(q.text for q in queries() if q.name == "documents")
    out = {}
    for doc, title, date, _source, entities in store.query(text).rows:
        out[str(doc)] = Document(str(doc), str(title), str(date or ""), int(entities or 0))
    return out


@dataclass(frozen=True)
class View:
    """A snapshot and the store it was read from: what one request reads, from one build."""

    snapshot: Snapshot
    store: object


class SnapshotCache:
    """The served build's snapshot and store, kept in step as builds are swapped in.

    Oxigraph on disk can hold a generation (``store.pin()``, a ``readlink`` per request): when a
    new one is served, its snapshot is read in a background thread while requests keep the old
    pair, waiting for the new one at most ``wait`` seconds. A small graph switches on the next
    request; a large one (7 s at 1M triples) never stalls a page, and no request mixes builds.
    Memory and remote stores cannot be held: their build id is checked every ``check_every``
    seconds and the snapshot re-read in place.
    """

    def __init__(self, store, check_every: float = 1.0, wait: float = 0.5):
        self.store = store
        self.check_every = check_every
        self.wait = wait
        self._view: View | None = None
        self._checked = 0.0
        self._loading: threading.Thread | None = None
        self._lock = threading.Lock()

    def get(self) -> Snapshot:
        return self.view().snapshot

    def view(self) -> View:
        pinned = self.store.pin()
        if pinned.generation is None:
            return self._checked_view(pinned)
        view = self._view
        if view is not None and view.store.generation == pinned.generation:
            return view
        with self._lock:
            if self._view is None:  # the first request: there is nothing else to serve
                self._view = View(load(pinned), pinned)
            if self._view.store.generation == pinned.generation:
                return self._view
            if self._loading is None:
                self._loading = threading.Thread(target=self._load, args=(pinned,), daemon=True,
                                                 name="ikg-snapshot")
                self._loading.start()
            loading = self._loading
        loading.join(self.wait)
        return self._view

    def _load(self, pinned) -> None:
        try:
            view = View(load(pinned), pinned)
        except Exception:  # noqa: BLE001 - keep serving the old build; the next request tries again
            log.exception("could not read the snapshot of generation %s", pinned.generation)
            view = None
        with self._lock:
            if view is not None:
                self._view = view
            self._loading = None

    def _checked_view(self, store) -> View:
        now = time.monotonic()
        if self._view is not None and now - self._checked < self.check_every:
            return self._view
        with self._lock:
            rows = store.query(app_query("build_info")).rows
            version = str(rows[0][0]) if rows else ""
            if self._view is None or version != self._view.snapshot.version:
                self._view = View(load(store), store)
            self._checked = time.monotonic()
            return self._view

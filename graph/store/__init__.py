"""Where the graph lives: a narrow protocol and a registry of stores keyed by URL scheme.

``open_store(url)`` picks the store:

- ``memory:`` an in-memory Oxigraph store (tests);
- ``oxigraph:PATH`` (or a plain path) Oxigraph on disk, built aside and swapped in atomically;
- ``http://…`` / ``https://…`` any SPARQL 1.1 endpoint with query, update and the graph store
  protocol (Virtuoso, Fuseki, GraphDB).

The default is ``$IKG_STORE``, else ``oxigraph:`` in ``store`` of the user's data folder (:func:`home`).
Every store answers queries over the *union* of its named graphs by default, as Virtuoso
does, so a query needs no ``GRAPH`` clause unless it asks where a fact comes from.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.errors import BadQuery, ConfigError


def home() -> Path:
    """The user's data folder: ``$IKG_HOME``, else ``./data`` of the working directory.

    Never the package's own folder: an installed ikg must not write into site-packages, and two
    checkouts sharing one virtual environment keep two stores.
    """
    return Path(os.environ["IKG_HOME"]) if os.environ.get("IKG_HOME") else Path.cwd() / "data"


def default_store() -> str:
    return f"oxigraph:{home() / 'store'}"


@dataclass
class Results:
    """What a query gives back, whatever the store: rows of rdflib terms, a boolean or triples."""

    kind: str  # "select", "ask" or "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    truncated: bool = False

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.vars, row, strict=True)) for row in self.rows]


class Store(Protocol):
    """What every store offers. ``replace`` is the only write: whole named graphs at a time."""

    url: str
    #: Whether a build can be made aside and swapped in as a whole (else: per named graph).
    atomic_build: bool

    def query(self, sparql: str, *, limit: int | None = None, bindings: dict[str, Node] | None = None,
              graphs: list[str] | None = None) -> Results:
        """Run ``sparql`` over the union of all named graphs, or of ``graphs`` only.

        ``bindings`` fix variables to terms (never string formatting); at most ``limit`` rows
        are kept and ``Results.truncated`` says whether there were more.
        """

    def replace(self, graphs: dict[str, Graph | None]) -> None:
        """Put each graph in place of the named graph of the same name; ``None`` drops it."""

    def graph_names(self) -> set[str]: ...

    def dump(self, out, fmt: str = "trig") -> None: ...

    def load_dump(self, path: str | Path, fmt: str | None = None) -> None: ...

    def pin(self) -> Store:
        """The graph as served now, held: a reader that asks several queries gets them all from
        one build even if a new one is swapped in meanwhile (Oxigraph on disk). Stores that cannot
        hold a state (memory, remote) return themselves; ``pin().generation`` is then ``None``."""

    def flush(self) -> None:
        """Write out what the store buffers in memory (a build does so after each batch)."""

    def begin(self, fresh: bool = False) -> Store:
        """A store to write a new build into; ``commit`` on it makes the build the served one.

        It starts as a copy of the served graph, or empty with ``fresh`` (``ikg build --force``)."""

    def commit(self) -> None: ...

    def abort(self) -> None: ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


def open_store(url: str | None = None, *, read_only: bool = False) -> Store:
    """The store at ``url`` (default ``$IKG_STORE``, else Oxigraph in :func:`home`'s ``store``).

    Raises:
        ConfigError: the URL names no store ikg knows.
        StoreUnavailable: the store cannot be opened or reached.
    """
    url = url or os.environ.get("IKG_STORE") or default_store()
    scheme = url.split(":", 1)[0].lower() if ":" in url and not _is_windows_drive(url) else ""
    if scheme == "memory":
        from graph.store.oxigraph import MemoryStore

        return MemoryStore()
    if scheme in ("http", "https"):
        from graph.store.remote import RemoteStore

        return RemoteStore.from_env(url)
    if scheme in ("oxigraph", ""):
        from graph.store.oxigraph import DiskStore

        return DiskStore(url.split(":", 1)[1] if scheme else url, read_only=read_only)
    raise ConfigError(
        f"unknown store {url!r}: use memory:, oxigraph:PATH or the http(s) URL of a SPARQL endpoint"
    )


def _is_windows_drive(url: str) -> bool:
    return len(url) > 1 and url[1] == ":" and url[0].isalpha() and len(url.split(":", 1)[0]) == 1


#: Characters no SPARQL IRI may hold; ``bind`` and the subgraph query check terms against it.
UNSAFE_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# Strings, IRIs and comments are copied as they are; only variables outside them are replaced.
_TOKENS = re.compile(r'("""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*)'
                     r"|[?$]([A-Za-z_][A-Za-z0-9_]*)")


def bind(sparql: str, bindings: dict[str, Node] | None) -> str:
    """``sparql`` with each bound variable replaced by its term, written with ``n3()``.

    For the app's own named queries only (users' queries are never rewritten). Query engines
    plan a constant far better than a ``VALUES`` join (Oxigraph: 2 ms against 50 ms for an
    entity's values), and every SPARQL 1.1 server accepts the result. A bound variable must not
    be projected. IRIs are checked, literals escaped by rdflib.

    >>> bind('SELECT ?p WHERE { ?e ?p "?e" }  # ?e', {"e": URIRef("https://w3id.org/ikg/id/x")})
    'SELECT ?p WHERE { <https://w3id.org/ikg/id/x> ?p "?e" }  # ?e'
    """
    if not bindings:
        return sparql
    terms = {}
    for name, term in bindings.items():
        if isinstance(term, URIRef) and UNSAFE_IRI.search(str(term)):
            raise BadQuery(f"not a valid IRI: {str(term)[:80]!r}")
        if not isinstance(term, (URIRef, Literal)):
            raise BadQuery(f"only IRIs and literals can be bound, not {term!r}")
        terms[name] = term.n3()

    def replace(match: re.Match) -> str:
        name = match.group(2)
        return terms[name] if name in terms else match.group(0)

    return _TOKENS.sub(replace, sparql)

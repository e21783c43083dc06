"""Oxigraph stores: in memory (tests) and on disk, where every build is a new generation.

On disk the layout is ``ROOT/generations/<id>/`` (one Oxigraph store each, never written again
once served) and ``ROOT/current``, a symbolic link to the served generation. A build copies the
current generation (``Store.backup``: hard links, milliseconds), writes into the copy and swaps
the link with one ``rename``; a build that fails or is killed leaves ``current`` untouched.
Readers re-open when the link moves, so a server follows builds without a restart; a reader that
must not see the swap half way (one web request) holds one generation with ``DiskStore.pin``.
"""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import BadQuery, StoreUnavailable
from graph.store import Results, bind
from graph.store.terms import from_ox, to_ox

FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
           "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
KEEP_GENERATIONS = 2


class _OxigraphBase:
    atomic_build = True
    generation: str | None = None
    _store: ox.Store

    def query(self, sparql: str, *, limit: int | None = None, bindings=None, graphs=None) -> Results:
        scope = {}
        if graphs is not None:  # only these named graphs, as the default graph and for GRAPH ?g
            nodes = [ox.NamedNode(str(g)) for g in graphs]
            scope = {"default_graph": nodes, "named_graphs": nodes}
        try:
            answer = self._current().query(bind(sparql, bindings), use_default_graph_as_union=graphs is None,
                                           **scope)
        except SyntaxError as exc:
            raise BadQuery(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB found a damaged file
            raise StoreUnavailable(f"the store could not be read: {str(exc)[:300]}; rebuild it with "
                                   "`ikg build --force` or `ikg restore FILE`") from None
        return to_results(answer, limit)

    def query_dataset(self, sparql: str, *, limit: int | None, default: list[str] | None,
                      named: list[str] | None) -> Results:
        """A user's query over an explicit dataset (protocol graphs or the query's FROM), else the union.

        pyoxigraph ignores a query's FROM when it takes the union as default graph, so the dataset is
        passed explicitly whenever one is named.
        """
        scope: dict = {"use_default_graph_as_union": default is None and named is None}
        if not scope["use_default_graph_as_union"]:
            scope["default_graph"] = [ox.NamedNode(g) for g in default or ()]
            scope["named_graphs"] = [ox.NamedNode(g) for g in named or ()]
        try:
            answer = self._current().query(sparql, **scope)
        except SyntaxError as exc:
            raise BadQuery(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB found a damaged file
            raise StoreUnavailable(f"the store could not be read: {str(exc)[:300]}; rebuild it with "
                                   "`ikg build --force` or `ikg restore FILE`") from None
        return to_results(answer, limit)

    def replace(self, graphs: dict[str, Graph | None]) -> None:
        store = self._current()
        for name, graph in graphs.items():
            node = ox.NamedNode(str(name))
            if store.contains_named_graph(node):
                store.remove_graph(node)
            if graph is not None and len(graph):
                store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), node) for s, p, o in graph)

    def graph_names(self) -> set[str]:
        return {g.value for g in self._current().named_graphs() if isinstance(g, ox.NamedNode)}

    def dump(self, out, fmt: str = "trig") -> None:
        if fmt in ("nquads", "nq"):
            buffer = io.BytesIO()
            self._current().dump(buffer, format=ox.RdfFormat.N_QUADS)
            out.write(b"".join(sorted(buffer.getvalue().splitlines(keepends=True))))
        else:
            self._current().dump(out, format=FORMATS[fmt])

    def load_dump(self, path, fmt: str | None = None) -> None:
        store = self._current()
        store.clear()
        kind = FORMATS[fmt] if fmt else ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")) or ox.RdfFormat.TRIG
        try:
            store.bulk_load(path=str(path), format=kind)
        except (SyntaxError, ValueError) as exc:
            raise BadQuery(f"{path}: not a valid dump: {exc}") from None

    def __len__(self) -> int:
        return len(self._current())

    def pin(self):
        return self

    def flush(self) -> None:
        """Write what RocksDB holds in memory to disk (nothing to do in memory): a build that
        writes in batches keeps a flat memory (300 documents: 1.2 GiB peak without, about 0.6 with)."""
        self._current().flush()

    def _current(self) -> ox.Store:
        return self._store


def to_results(answer, limit: int | None) -> Results:
    """pyoxigraph's answer as :class:`Results`, keeping at most ``limit`` rows or triples."""
    if isinstance(answer, ox.QueryBoolean):
        return Results("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows, truncated = [], False
        for solution in answer:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append(tuple(from_ox(solution[i]) for i in range(len(names))))
        return Results("select", vars=names, rows=rows, truncated=truncated)
    triples, truncated = [], False
    for t in answer:
        if limit is not None and len(triples) >= limit:
            truncated = True
            break
        triples.append((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return Results("graph", triples=triples, truncated=truncated)


class MemoryStore(_OxigraphBase):
    """Oxigraph in memory; ``begin`` copies it so a failed build changes nothing."""

    url = "memory:"

    def __init__(self, store: ox.Store | None = None, parent: MemoryStore | None = None):
        self._store = store if store is not None else ox.Store()
        self._parent = parent

    def begin(self, fresh: bool = False) -> MemoryStore:
        copy = ox.Store()
        if not fresh:
            copy.extend(self._store.quads_for_pattern(None, None, None, None))
        return MemoryStore(copy, parent=self)

    def commit(self) -> None:
        if self._parent is not None:
            self._parent._store = self._store

    def abort(self) -> None:
        self._store = ox.Store()

    def close(self) -> None:
        pass


class DiskStore(_OxigraphBase):
    """Oxigraph on disk under ``root``, served from ``root/current``."""

    def __init__(self, root: str | os.PathLike, *, read_only: bool = False):
        self.root = Path(root)
        self.url = f"oxigraph:{self.root}"
        self.read_only = read_only
        # (generation, its open store), replaced as one tuple: web threads share this object.
        self._opened: tuple[str | None, ox.Store] | None = None

    @property
    def generation(self) -> str | None:
        """The served generation's folder name, or ``None`` before the first build."""
        try:
            return os.readlink(self.root / "current")
        except OSError:
            return None

    def pin(self) -> Pinned:
        """The generation served now, open, for as long as the caller keeps it."""
        target, store = self._served()
        return Pinned(store, target, self.url)

    def _current(self) -> ox.Store:
        return self._served()[1]

    def _served(self) -> tuple[str | None, ox.Store]:
        target = self.generation
        opened = self._opened
        if opened is None or opened[0] != target:
            opened = self._opened = (target, self._open(target))
        return opened

    def _open(self, target: str | None) -> ox.Store:
        if target is None:
            return ox.Store()  # nothing built yet: an empty graph, not an error
        try:
            return ox.Store.read_only(str(self.root / target))
        except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged file as RuntimeError
            raise StoreUnavailable(
                f"the store in {self.root} could not be opened ({str(exc)[:300]}); rebuild it from the "
                "corpus with `ikg build --force`, or restore a dump with `ikg restore FILE`"
            ) from None

    def begin(self, fresh: bool = False) -> Generation:
        if self.read_only:
            raise StoreUnavailable(f"{self.root} is opened read-only")
        return Generation(self, fresh)

    def commit(self) -> None:
        raise StoreUnavailable("commit a Generation from begin(), not the served store")

    abort = commit

    def close(self) -> None:
        self._opened = None


class Pinned(_OxigraphBase):
    """One served generation: every query reads the same build, whatever ``ikg build`` swaps in."""

    def __init__(self, store: ox.Store, generation: str | None, url: str):
        self._store, self.generation, self.url = store, generation, url

    def begin(self):
        raise StoreUnavailable("a pinned generation is read-only; build with the DiskStore")

    commit = abort = begin

    def close(self) -> None:
        pass


class Generation(_OxigraphBase):
    """A new generation being written; ``commit`` serves it, ``abort`` (or a crash) drops it."""

    def __init__(self, parent: DiskStore, fresh: bool = False):
        """A copy of the served generation, or with ``fresh`` an empty store (which also rebuilds
        past a damaged one)."""
        self.parent = parent
        self.url = parent.url
        root = parent.root
        try:
            (root / "generations").mkdir(parents=True, exist_ok=True)
            self._lock = open(root / ".lock", "w")  # noqa: SIM115 - held until commit/abort
        except OSError as exc:
            raise StoreUnavailable(f"cannot write to {root}: {exc.strerror}") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise StoreUnavailable(f"another build is writing to {root}; wait for it to finish") from None
        _sweep(root)
        now = time.time_ns()
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9))
        self.name = f"generations/{stamp}.{now % 10**9:09d}-{os.getpid()}"  # sorts by time
        self.path = root / self.name
        try:
            current = parent.generation
            if current is not None and not fresh:
                ox.Store.read_only(str(root / current)).backup(str(self.path))
            self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:
            self.abort()
            raise StoreUnavailable(f"cannot start a build in {root}: {str(exc)[:300]}; if the store is damaged, "
                                   "`ikg build --force` rebuilds it from the corpus") from None

    def commit(self) -> None:
        root = self.parent.root
        try:
            self._store.flush()
            self._store.optimize()
            del self._store
            link = root / f"current.{os.getpid()}.tmp"
            if link.is_symlink():
                link.unlink()
            os.symlink(self.name, link)
            _fsync_dir(root / "generations")
            os.replace(link, root / "current")  # the atomic step: readers see old or new, never half
            _fsync_dir(root)
        except OSError as exc:
            self.abort()
            raise StoreUnavailable(f"the new graph could not be saved in {root}: {exc}") from None
        finally:
            self._release()
        _sweep(root)

    def abort(self) -> None:
        self._store = None
        shutil.rmtree(self.path, ignore_errors=True)
        self._release()

    def close(self) -> None:
        self.abort()

    def _release(self) -> None:
        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()


def _sweep(root: Path) -> None:
    """Remove generations a killed build left and all but the newest served ones."""
    try:
        current = os.readlink(root / "current")
    except OSError:
        current = None
    folder = root / "generations"
    if not folder.is_dir():
        return
    names = sorted(p.name for p in folder.iterdir())
    if current is None:
        keep = set()
    else:
        served = current.split("/", 1)[1]
        older = [n for n in names if n < served]
        keep = {served, *older[-(KEEP_GENERATIONS - 1):]} if KEEP_GENERATIONS > 1 else {served}
    for name in names:
        if name not in keep:
            shutil.rmtree(folder / name, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

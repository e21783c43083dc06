"""Any SPARQL 1.1 endpoint as the store (Virtuoso, Fuseki, GraphDB): query, update, graph store protocol.

HTTP goes through urllib (digest and basic auth included): no new dependency. Answers equal Oxigraph's
(``oxigraph.py``, the reference) for the same data: xsd:string literals come back plain, decimals
canonical (Virtuoso stores numbers by value: "6.50" comes back "6.5", as from Oxigraph), blank nodes
without Virtuoso's ``nodeID://``.

Virtuoso quirks met here (all exercised by tests/test_store_remote.py):

- its default graph is the union of *all* graphs, its own too (virtrdf#, ldp#...; ~2,500 triples): a
  query that names no ikg term (``?x a ?c``) sees them; pass ``graphs`` to leave them out. Hiding them
  with ``DEFINE input:*-graph-exclude`` breaks ``GRAPH <iri>`` patterns (no answers); listing ours
  with ``default-graph-uri`` would hide graphs written since the list was made. Other servers must
  union their named graphs themselves (Fuseki ``unionDefaultGraph``, Oxigraph ``--union-default-graph``).
- bindings become constants (``graph.store.bind``, as for Oxigraph), not VALUES: a trailing VALUES
  fails ("No column x") unless the variable is projected and is refused in ASK, CONSTRUCT and DESCRIBE;
  ``VALUES (?a ?b)`` next to an OPTIONAL is an internal compiler error. ``graphs`` become FROM and FROM
  NAMED clauses (the protocol's ``default-graph-uri`` comes back as one response header per graph,
  past urllib's limit of 100).
- it cuts every answer at ``ResultSetMaxRows`` (SELECTs say so in ``X-SPARQL-MaxRows``, CONSTRUCTs do
  not) and refuses a sorted OFFSET past it: whole graphs are read in pages of a sorted subquery.
  ``SELECT DISTINCT ?g`` over all quads can run for minutes where ``GROUP BY ?g`` takes milliseconds.
- DESCRIBE answers nothing unless told ``sql:describe-mode "CBD"`` (what Oxigraph gives).
- its SPARQL parser runs out of stack past ~4,500 triples in one ``INSERT DATA`` block and refuses blank
  nodes there: blocks hold 1,000 triples; blank nodes go through ``INSERT {...} WHERE {}``. Loading
  through the graph store protocol is about ten times faster.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from graph.errors import BadQuery, ConfigError, KGError, QueryTimeout, StoreUnavailable
from graph.store import Results, bind
from graph.store.oxigraph import FORMATS, MemoryStore
from graph.store.terms import from_ox, to_ox

PREFIX = "https://w3id.org/ikg/"
BLOCK_TRIPLES, BLOCK_BYTES = 1000, 1 << 20  # one INSERT DATA block
REQUEST_BYTES = 4 << 20  # one HTTP request: a graph that fits is replaced by one request
PAGE = 10000  # rows per page when reading whole graphs
JSON_RESULTS = "application/sparql-results+json"
RDF_TYPES = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"
XSD = "http://www.w3.org/2001/XMLSchema#"
PLAIN = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
TOKEN = re.compile(r"""(?P<skip>\s+|\#[^\n\r]*)|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<str>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    |(?P<var>[?$]\w+)|(?P<word>[^\W\d][\w-]*)|(?P<punct>.)""", re.X | re.S)
FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}


class RemoteStore:
    """A SPARQL endpoint as a store of the named graphs whose IRI starts with ``prefix``.

    The prefix (``IKG_STORE_PREFIX``, default ``https://w3id.org/ikg/``) keeps the server's own graphs
    out of ``graph_names``, ``len`` and ``dump``.

    ``atomic_build`` is False: a build cannot be made aside and swapped in whole, so ``begin``
    returns the store itself and ``commit``/``abort`` do nothing; a build is atomic per graph at
    best. A graph that fits in ``REQUEST_BYTES`` is replaced by one request: DROP + INSERT DATA
    (atomic for readers on Virtuoso, as measured) or, with ``gsp_url``, a graph store PUT (ten times
    faster, but Virtuoso's readers then see the graph empty, then half loaded). A bigger graph is loaded
    in chunks into a staging graph (``urn:ikg:staging:…``), which a union default graph shows too, and
    moved in place by one MOVE (on Virtuoso, readers can catch the graph empty meanwhile).
    """

    atomic_build = False
    generation = None  # a server's state cannot be held: pin() is the store itself

    def __init__(self, url: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 user: str | None = None, password: str | None = None, timeout: float = 30.0, prefix: str = PREFIX):
        self.url, self.update_url, self.gsp_url = url, update_url or url, gsp_url
        self.timeout, self.prefix = timeout, prefix
        self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm() if user else None
        if self._passwords:
            self._passwords.add_password(None, [u for u in (url, self.update_url, gsp_url) if u], user, password or "")
        self._virtuoso: bool | None = None

    @classmethod
    def from_env(cls, url: str, environ=None) -> RemoteStore:
        """``url`` with ``IKG_STORE_UPDATE``, ``IKG_STORE_GSP``, ``IKG_STORE_USER``/``IKG_STORE_PASSWORD``,
        ``IKG_STORE_TIMEOUT`` (seconds) and ``IKG_STORE_PREFIX`` from the environment."""
        env = os.environ if environ is None else environ
        try:
            timeout = float(env.get("IKG_STORE_TIMEOUT") or 30)
        except ValueError:
            timeout = math.nan
        if not timeout > 0:
            raise ConfigError(f"IKG_STORE_TIMEOUT={env.get('IKG_STORE_TIMEOUT')!r}: give seconds, such as 30")
        if bool(env.get("IKG_STORE_USER")) != bool(env.get("IKG_STORE_PASSWORD")):
            raise ConfigError("set both IKG_STORE_USER and IKG_STORE_PASSWORD, or neither")
        return cls(url, update_url=env.get("IKG_STORE_UPDATE"), gsp_url=env.get("IKG_STORE_GSP") or None,
                   user=env.get("IKG_STORE_USER"), password=env.get("IKG_STORE_PASSWORD"), timeout=timeout,
                   prefix=env.get("IKG_STORE_PREFIX") or PREFIX)

    # -- reading

    def query(self, sparql: str, *, limit: int | None = None, bindings=None, graphs=None) -> Results:
        form, text = prepare(bind(sparql, bindings), graphs)
        if form == "describe" and self._is_virtuoso():  # else Virtuoso describes nothing
            text = f'DEFINE sql:describe-mode "CBD"\n{text}'
        headers, body = self._ask(text, JSON_RESULTS if form in ("select", "ask") else RDF_TYPES)
        return to_results(form, headers, body, limit)

    def graph_names(self) -> set[str]:
        return {g for g in self._graph_sizes() if g.startswith(self.prefix)}

    def __len__(self) -> int:
        return sum(n for g, n in self._graph_sizes().items() if g.startswith(self.prefix))

    def dump(self, out, fmt: str = "trig") -> None:
        """The project's graphs, written exactly as Oxigraph writes them."""
        copy = ox.Store()
        for name in sorted(self.graph_names()):
            rows = self._rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH {self._iri(name)} {{ ?s ?p ?o }} }}", "?s ?p ?o", "?s ?p ?o")
            copy.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(name)) for s, p, o in rows)
        MemoryStore(copy).dump(out, fmt)

    def _graph_sizes(self) -> dict[str, int]:
        rows = self._rows("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "?g", "?g ?n")
        return {str(g): int(n) for g, n in rows if isinstance(g, URIRef)}

    def _rows(self, inner: str, order: str, names: str):
        """Every row of ``inner``, a page at a time."""
        offset = 0
        while True:
            query = f"SELECT {names} WHERE {{ {{ {inner} ORDER BY {order} }} }} LIMIT {PAGE} OFFSET {offset}"
            headers, body = self._ask(query, JSON_RESULTS)
            if headers.get("X-SQL-State") == "S1TAT":  # Virtuoso's partial answer at its time limit
                raise QueryTimeout(f"{_safe(self.url)} ran out of time reading the store; raise its MaxQueryExecutionTime")
            page = to_results("select", headers, body, None)
            yield from page.rows
            offset += len(page.rows)
            if not page.rows or (len(page.rows) < PAGE and not page.truncated):
                return

    def _is_virtuoso(self) -> bool:
        if self._virtuoso is None:
            headers, _ = self._ask("ASK {}", JSON_RESULTS)
            self._virtuoso = "virtuoso" in (headers.get("Server") or "").lower()
        return self._virtuoso

    # -- writing

    def replace(self, graphs: dict[str, Graph | None]) -> None:
        iris = {name: self._iri(name) for name in graphs}  # all checked before any is written
        for name, graph in graphs.items():
            iri = iris[name]
            try:
                if graph is None or not len(graph):
                    self._update(f"DROP SILENT GRAPH {iri}")
                else:
                    self._put(iri, list(graph))
            except BadQuery as exc:
                raise BadQuery(f"graph {iri} was not written: {exc.message}") from None

    def load_dump(self, path, fmt: str | None = None) -> None:
        """Make the project's graphs those of the dump (graphs it lacks are dropped)."""
        kind = FORMATS[fmt] if fmt else ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")) or ox.RdfFormat.TRIG
        dump = ox.Store()
        try:
            dump.bulk_load(path=str(path), format=kind)
        except (SyntaxError, ValueError) as exc:
            raise BadQuery(f"{path}: not a valid dump: {exc}") from None
        names = {g.value for g in dump.named_graphs() if isinstance(g, ox.NamedNode)}
        stray = sorted(n for n in names if not n.startswith(self.prefix))
        if stray or next(dump.quads_for_pattern(None, None, None, ox.DefaultGraph()), None):
            raise BadQuery(f"{path}: every triple must be in a named graph under {self.prefix} "
                           f"(found {', '.join(stray[:3]) or 'the default graph'})")
        for name in sorted(names):
            quads = dump.quads_for_pattern(None, None, None, ox.NamedNode(name))
            self._put(self._iri(name), [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads])
        for name in self.graph_names() - names:
            self._update(f"DROP SILENT GRAPH {self._iri(name)}")

    def _iri(self, name: str) -> str:
        if not str(name).startswith(self.prefix):
            raise ConfigError(f"graph {name} is outside {self.prefix} (IKG_STORE_PREFIX): it would never be read back")
        return _n3(URIRef(str(name)))

    def _put(self, iri: str, triples: list) -> None:
        requests = _pack(_blocks(triples))
        if len(requests) == 1:
            return self._write(iri, requests[0], replace=True)
        staging = f"<urn:ikg:staging:{uuid.uuid4()}>"
        try:
            for blocks in requests:
                self._write(staging, blocks, replace=False)
            self._update(f"MOVE GRAPH {staging} TO GRAPH {iri}")
        except KGError:
            with contextlib.suppress(KGError):
                self._update(f"DROP SILENT GRAPH {staging}")
            raise

    def _write(self, iri: str, blocks: list[tuple[str, bool]], *, replace: bool) -> None:
        if self.gsp_url:
            url = f"{self.gsp_url}{'&' if '?' in self.gsp_url else '?'}graph={urllib.parse.quote(iri[1:-1], safe='')}"
            body = "\n".join(text for text, _ in blocks).encode()
            self._send("PUT" if replace else "POST", url, body, {"Content-Type": "text/turtle; charset=utf-8"})
            return
        ops = [f"DROP SILENT GRAPH {iri}"] if replace else []
        ops += [f"INSERT {{ GRAPH {iri} {{\n{text}\n}} }} WHERE {{}}" if blank else f"INSERT DATA {{ GRAPH {iri} {{\n{text}\n}} }}"
                for text, blank in blocks]
        self._update(" ;\n".join(ops))

    def _update(self, text: str) -> None:
        self._send("POST", self.update_url, text.encode(), {"Content-Type": "application/sparql-update; charset=utf-8"})

    def begin(self, fresh: bool = False) -> RemoteStore:
        return self  # graphs are replaced one by one; ``fresh`` changes nothing here

    def pin(self) -> RemoteStore:
        return self

    def flush(self) -> None:
        """Nothing is buffered: every write was a request."""

    def commit(self) -> None:
        """Nothing to do: ``replace`` swapped each graph in as it went."""

    abort = close = commit

    # -- HTTP

    def _ask(self, query: str, accept: str):
        body = urllib.parse.urlencode({"query": query}).encode()
        return self._send("POST", self.url, body, {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                          reading=True)

    def _send(self, method: str, url: str, body: bytes, headers: dict, *, reading: bool = False):
        handlers = [_Digest(self._passwords), _Basic(self._passwords)] if self._passwords else []
        for attempt in (1, 2):
            request = urllib.request.Request(url, body, headers, method=method)
            try:
                with urllib.request.build_opener(*handlers).open(request, timeout=self.timeout) as answer:
                    return answer.headers, answer.read()
            except (ConnectionResetError, http.client.RemoteDisconnected) as exc:
                if reading and attempt == 1:
                    continue  # Virtuoso now and then drops a reader while a big write runs: ask again, once
                raise StoreUnavailable(f"the connection to {_safe(url)} failed ({exc}); is the endpoint up?") from None
            except urllib.error.HTTPError as exc:
                raise _http_error(exc, _safe(url)) from None
            except urllib.error.URLError as exc:
                raise StoreUnavailable(f"cannot reach the SPARQL endpoint {_safe(url)} ({getattr(exc.reason, 'strerror', None) or exc.reason}); "
                                       "start it, or correct IKG_STORE, IKG_STORE_UPDATE or IKG_STORE_GSP") from None
            except TimeoutError:
                raise (QueryTimeout if reading else StoreUnavailable)(
                    f"{_safe(url)} did not answer within {self.timeout:g} s; {'narrow the query or ' if reading else ''}"
                    "raise IKG_STORE_TIMEOUT") from None
            except (OSError, http.client.HTTPException) as exc:
                raise StoreUnavailable(f"the connection to {_safe(url)} failed ({exc}); is the endpoint up?") from None


class _Digest(urllib.request.HTTPDigestAuthHandler):
    """Gives up once its answer is refused (urllib's retries five times, sending the body each time) and
    closes the 401 it answers. One per request, as urllib's keeps state."""

    def http_error_401(self, req, fp, code, msg, headers):
        if req.get_header(self.auth_header):
            return None
        fp.close()
        return super().http_error_401(req, fp, code, msg, headers)


class _Basic(urllib.request.HTTPBasicAuthHandler):
    def http_error_401(self, req, fp, code, msg, headers):
        if req.get_header(self.auth_header) or "basic" not in (headers.get("WWW-Authenticate") or "").lower():
            return None
        fp.close()
        return super().http_error_401(req, fp, code, msg, headers)


def _http_error(exc: urllib.error.HTTPError, url: str) -> KGError:
    try:
        text = exc.read().decode("utf-8", "replace")
        exc.close()
    except (OSError, AttributeError, ValueError):
        text = ""
    text = re.split(r"\n\s*SPARQL query:", text)[0]  # Virtuoso echoes the whole request
    message = " ".join(re.sub(r"<[^>]*>", " ", text).split())[:400] or str(exc.reason)
    if exc.code == 400:
        return BadQuery(f"the SPARQL endpoint refused the request: {message}")
    if exc.code in (401, 403):
        return StoreUnavailable(f"{url} refused access (HTTP {exc.code}): set IKG_STORE_USER and "
                                "IKG_STORE_PASSWORD to an account that may read and write it")
    if exc.code in (408, 504) or "SR171" in text:  # SR171: Virtuoso's transaction timeout
        return QueryTimeout(f"{url} gave up on the request (its time limit): {message}")
    return StoreUnavailable(f"{url} failed (HTTP {exc.code}): {message}")


def _safe(url: str) -> str:
    return re.sub(r"//[^/@]*@", "//", url)  # no user:password@ in messages


def _n3(term) -> str:
    try:
        return term.n3()
    except Exception as exc:  # rdflib raises a bare Exception for an IRI it cannot write
        raise BadQuery(f"cannot write {term!r} in SPARQL: {exc}") from None


# -- queries: form, bindings, results


def prepare(sparql: str, graphs=None) -> tuple[str, str]:
    """The query's form, and its text with ``graphs`` (if not None) as FROM and FROM NAMED clauses.

    Only PREFIX and BASE may precede the form (no updates, no Virtuoso pragmas) and one query is sent.
    """
    toks = [(m.lastgroup, m.group(), m.start(), m.end()) for m in TOKEN.finditer(sparql) if m.lastgroup != "skip"]
    i = 0
    while i < len(toks) and toks[i][1].upper() in ("PREFIX", "BASE"):
        i = next((j for j in range(i, len(toks)) if toks[j][0] == "iri"), len(toks)) + 1
    if i >= len(toks) or toks[i][1].upper() not in FORMS:
        raise BadQuery("SPARQL syntax error: expected SELECT, ASK, CONSTRUCT or DESCRIBE after PREFIX and BASE")
    form, start, depth = FORMS[toks[i][1].upper()], i, 0
    for kind, text, *_ in toks[i:]:
        depth += (text in "{(") - (text in "})") if kind == "punct" else 0
        if kind == "punct" and text == ";" and depth == 0:
            raise BadQuery("SPARQL syntax error: one query at a time")
    if graphs is None:
        return form, sparql
    names = [_n3(URIRef(str(g))) for g in graphs] or ["<urn:ikg:no-graph>"]
    dataset = " " + "".join(f"FROM {g} " for g in names) + "".join(f"FROM NAMED {g} " for g in names)
    opens = [j for j in range(start, len(toks)) if toks[j][:2] == ("punct", "{")]
    if form == "construct" and opens and toks[start + 1][1].upper() != "WHERE":  # skip the template
        template_end = _close(toks, opens[0])
        opens = [j for j in opens if j > template_end]
    if not opens:
        return form, sparql + dataset  # DESCRIBE <iri>
    where = opens[0] - 1 if toks[opens[0] - 1][1].upper() == "WHERE" else opens[0]
    return form, f"{sparql[:toks[where][2]]}{dataset}{sparql[toks[where][2]:]}"


def _close(toks, i: int) -> int:
    depth = 0
    for j in range(i, len(toks)):
        depth += (toks[j][:2] == ("punct", "{")) - (toks[j][:2] == ("punct", "}"))
        if depth == 0:
            return j
    raise BadQuery("SPARQL syntax error: unbalanced braces")


def to_results(form: str, headers, body: bytes, limit: int | None) -> Results:
    """The endpoint's answer as :class:`Results`, keeping at most ``limit`` rows or triples."""
    capped = "X-SPARQL-MaxRows" in headers or headers.get("X-SQL-State") == "S1TAT"
    if form in ("select", "ask"):
        try:
            data = json.loads(body)
        except ValueError:
            raise StoreUnavailable(f"the endpoint answered {headers.get_content_type()}, not SPARQL JSON results") from None
        if "boolean" in data:
            return Results("ask", boolean=bool(data["boolean"]))
        names, found = data["head"].get("vars", []), data["results"]["bindings"]
        rows = [tuple(_term(b[n]) if n in b else None for n in names) for b in found[:limit]]
        return Results("select", vars=names, rows=rows, truncated=capped or len(found) > len(rows))
    fmt = ox.RdfFormat.from_media_type(headers.get_content_type()) or ox.RdfFormat.N_TRIPLES
    triples, truncated = [], capped
    try:
        for t in ox.parse(body, format=fmt):
            if limit is not None and len(triples) >= limit:
                truncated = True
                break
            triples.append((from_ox(t.subject), from_ox(t.predicate), _canonical(from_ox(t.object))))
    except SyntaxError as exc:
        raise StoreUnavailable(f"the endpoint's {fmt} answer could not be read: {exc}") from None
    return Results("graph", triples=triples, truncated=truncated)


def _term(b: dict):
    if b["type"] == "uri":
        return URIRef(b["value"])
    if b["type"] == "bnode":
        return BNode(b["value"].removeprefix("nodeID://"))
    return _literal(b["value"], b.get("xml:lang"), b.get("datatype"))


def _canonical(term):
    return _literal(str(term), term.language, term.datatype and str(term.datatype)) if isinstance(term, Literal) else term


def _literal(value: str, lang: str | None, datatype: str | None) -> Literal:
    """rdflib writes doubles, integers and booleans one way ("1"^^xsd:boolean becomes "true"), but keeps a
    decimal's "6.50": decimals get Oxigraph's form here."""
    if lang:
        return Literal(value, lang=lang)
    if not datatype or datatype in PLAIN:
        return Literal(value)
    if datatype == XSD + "decimal":
        with contextlib.suppress(ArithmeticError, ValueError):
            d = Decimal(value)
            value = value if not d.is_finite() else "0" if d == 0 else format(d.normalize(), "f")
    return Literal(value, datatype=URIRef(datatype))


# -- updates: blocks of triples


def _blocks(triples: list) -> list[tuple[str, bool]]:
    """Triples as SPARQL/Turtle text blocks, each with whether it holds blank nodes.

    Triples linked by blank nodes share a block: a blank node label is a new node in each request and
    each INSERT operation.
    """
    parent: dict = {}

    def root(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    units, linked, groups = [], [], {}
    for t in triples:
        blanks = [x for x in (t[0], t[2]) if isinstance(x, BNode)]
        for x in blanks[1:]:
            parent[root(x)] = root(blanks[0])
        (linked if blanks else units).append(t if blanks else [t])
    for t in linked:
        groups.setdefault(root(t[0] if isinstance(t[0], BNode) else t[2]), []).append(t)
    blocks, lines, size, blank = [], [], 0, False
    for unit in units + list(groups.values()):
        if lines and (len(lines) + len(unit) > BLOCK_TRIPLES or size > BLOCK_BYTES):
            blocks.append(("\n".join(lines), blank))
            lines, size, blank = [], 0, False
        for s, p, o in unit:
            lines.append(f"{_n3(s)} {_n3(p)} {_n3(o)} .")
            size += len(lines[-1].encode())
        blank = blank or isinstance(unit[0][0], BNode) or isinstance(unit[0][2], BNode)
    return [*blocks, ("\n".join(lines), blank)] if lines else blocks


def _pack(blocks: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    """Blocks grouped into requests of at most ``REQUEST_BYTES`` (a bigger block goes alone)."""
    requests, size = [[]], 0
    for block in blocks:
        n = len(block[0].encode())
        if requests[-1] and size + n > REQUEST_BYTES:
            requests.append([])
            size = 0
        requests[-1].append(block)
        size += n
    return requests

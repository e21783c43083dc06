"""A chosen part of the graph, ready to export: entities, links, their RDF with provenance, documents.

A :class:`Subgraph` is built from a network selection (``from_selection``), an entity's
neighbourhood (``from_entity``), a document (``from_document``) or the triples of a CONSTRUCT or
DESCRIBE query (``from_construct``, below). For the first three its ``nodes`` and ``edges`` come
from the snapshot (labels, counts, inferred or stated) and its ``quads`` are read from the store
with one SELECT (``query``, kept so an export can say how it was made):

- every triple whose subject is a chosen entity, from every named graph (documents, gazetteer,
  inferred), keeping links only when both ends are chosen;
- the ``ikg:Mention`` records that denote a chosen entity and the ``ikg:Evidence`` records of the
  chosen links, whole (each edge's ``how`` is read from them: stated, section or name);
- the indicator values (targets, observations) of a chosen indicator;
- ``rdf:type``, ``dcterms:title`` and ``dcterms:date`` of each document these come from.

No Flask here: the web app and ``ikg export`` share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.errors import BadQuery, KGError
from graph.sparql.guard import check
from graph.store import UNSAFE_IRI
from graph.store.terms import from_ox
from ontology.namespace import GAZETTEER_GRAPH, GRAPHS, IKG, INFERRED_GRAPH
from webapp.network import Selection, select_neighbourhood

NS = str(IKG._NS)
_NOT_DOCUMENTS = {str(INFERRED_GRAPH), str(GAZETTEER_GRAPH)}
QUERY_GRAPH = URIRef(f"{GRAPHS}query")  # the named graph of a query's triples: CONSTRUCT drops provenance
_LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title)  # a node's label, best first
_NOT_LINKS = (RDF.type, RDF.predicate)  # their objects are terms of a vocabulary, not nodes


#: Most entities a picture, HTML network or report draws: 10,000 take about 20 s to lay out and
#: draw (``benchmarks/bench_export.py``); more would be unreadable and outlast a web worker.
MAX_DRAWN = 10_000


class NothingToExport(KGError):
    status = 422


class TooLargeToDraw(KGError):
    status = 422

QUERY = """PREFIX ikg: <https://w3id.org/ikg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?s ?p ?o ?g ?e ?ep ?eo WHERE {
  VALUES ?e { %(entities)s }
  {
    GRAPH ?g { ?e ?p ?o } BIND(?e AS ?s)
  } UNION {
    GRAPH ?g { ?s ikg:denotes ?e ; ?p ?o }
  } UNION {
    GRAPH ?g { ?s ikg:metric ?e ; ?p ?o }
  } UNION {
    GRAPH ?g { ?s a ikg:Evidence ; rdf:subject ?e ; rdf:predicate ?ep ; rdf:object ?eo ; ?p ?o }
  } UNION {
    GRAPH ?g { ?record ikg:denotes|ikg:metric ?e . ?g ?p ?o }
    FILTER(?p IN (rdf:type, dcterms:title, dcterms:date)) BIND(?g AS ?s)
  }%(filter)s
}"""


@dataclass
class Subgraph:
    nodes: list[dict]  # {iri, type, zh, en, aliases, mentions}
    edges: list[dict]  # {source, target, property, inferred, documents, how (sorted ikg:how of its evidence)}
    quads: list[tuple] = field(default_factory=list)  # rdflib (s, p, o, graph IRI)
    query: str = ""
    documents: list[dict] = field(default_factory=list)  # {iri, title, date}
    build: str = ""  # the build id of the graph it was cut from
    built: str = ""  # when that build ended

    def drawable(self) -> tuple[list[str], list[dict], dict[str, int]]:
        """What a picture of it draws: node IRIs, the edges between them, and each node's degree.

        Raises:
            TooLargeToDraw: more than ``MAX_DRAWN`` nodes.
        """
        if len(self.nodes) > MAX_DRAWN:
            raise TooLargeToDraw(f"{len(self.nodes):,} entities are too many to draw (at most {MAX_DRAWN:,}): "
                                 "narrow the selection, or export the data (GraphML, GEXF, CSV) for Gephi")
        ids = [n["iri"] for n in self.nodes]
        known = set(ids)
        edges = [e for e in self.edges if e["source"] in known and e["target"] in known]
        degree = dict.fromkeys(ids, 0)
        for e in edges:
            degree[e["source"]] += 1
            degree[e["target"]] += 1
        return ids, edges, degree

    @property
    def title(self) -> str:
        """A short description for file names and headers."""
        return f"{len(self.nodes)} entities, {len(self.edges)} links"


def from_selection(store, snapshot, selection: Selection, document: str | None = None) -> Subgraph:
    """The entities and links of ``selection`` with their RDF (of ``document`` only, if given)."""
    nodes = [_node(snapshot, iri) for iri in sorted(selection.nodes) if iri in snapshot.nodes]
    chosen = {n["iri"] for n in nodes}
    edges = []
    for s, o, p in sorted(selection.edges):
        if s not in chosen or o not in chosen:
            continue
        data = snapshot.graph.get_edge_data(s, o, p) or {}
        docs = sorted(data.get("documents", ()))
        if document is not None:
            docs = [d for d in docs if d == document]
        edges.append({"source": s, "target": o, "property": p, "inferred": bool(data.get("inferred")),
                      "documents": docs})
    links = {(e["source"], e["target"], e["property"]) for e in edges}
    query, quads = _quads(store, chosen, links, document)
    _add_how(edges, quads)
    cited = sorted({str(q[3]) for q in quads} - _NOT_DOCUMENTS)
    if document is not None:
        cited = [document]
    documents = []
    for iri in cited:
        doc = snapshot.documents.get(iri)
        documents.append({"iri": iri, "title": doc.title if doc else "", "date": doc.date if doc else ""})
    return Subgraph(nodes, edges, quads, query, documents, snapshot.version, snapshot.built)


def from_entity(store, snapshot, iri: str, depth: int = 1, types: set[str] | None = None) -> Subgraph:
    """``iri`` and the entities within ``depth`` links of it (of ``types``, if given)."""
    return from_selection(store, snapshot, select_neighbourhood(snapshot, iri, depth, types))


def from_document(store, snapshot, doc_iri: str) -> Subgraph:
    """The entities a document mentions and the links it states, with its own RDF only."""
    nodes = {i for i, n in snapshot.nodes.items() if doc_iri in n.documents}
    edges = [
        (s, o, p) for s, o, p, data in snapshot.graph.edges(keys=True, data=True)
        if s in nodes and o in nodes and doc_iri in data["documents"]
    ]
    return from_selection(store, snapshot, Selection(nodes, edges, len(nodes)), document=doc_iri)


def from_construct(engine, snapshot, text: str, max_triples: int) -> Subgraph:
    """The triples a CONSTRUCT or DESCRIBE query gives, with the entities they name and link.

    The query runs on ``engine`` (:class:`graph.sparql.Engine`: checked, in a worker stopped at
    its timeout), never on the store directly. Nodes are the IRIs the triples name as subject or
    object (entities of the snapshot as the snapshot knows them; others labelled by the triples);
    edges are the triples between two nodes. The triples sit in the named graph ``QUERY_GRAPH``.

    Raises:
        BadQuery: not a CONSTRUCT or DESCRIBE query, malformed, an update, SERVICE, or more than
            ``max_triples`` triples.
        QueryTimeout: it ran too long.
        NothingToExport: it gives no triples.
    """
    form = check(text).form
    if form not in ("construct", "describe"):
        raise BadQuery(f"this is a {form.upper()} query: its answer is a table or a yes/no, not a graph. Export a "
                       "CONSTRUCT or DESCRIBE query (CONSTRUCT WHERE { ... } keeps the matched triples)")
    answer = engine.run(text, ["nt"], max_rows=max_triples)
    if answer.truncated:
        raise BadQuery(f"the query gives more than {max_triples:,} triples, the most one export holds; "
                       "narrow it (a more selective pattern, or a LIMIT in a subquery)")
    parsed = ox.parse(answer.body, ox.RdfFormat.N_TRIPLES)
    triples = sorted({(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in parsed}, key=_sort_key)
    if not triples:
        raise NothingToExport("the query gives no triples, so there is nothing to export; "
                              "run it on the query page to see what it matches")
    return _from_triples(snapshot, triples, text)


def _from_triples(snapshot, triples: list[tuple], text: str) -> Subgraph:
    types, labels = {}, {}
    for s, p, o in triples:
        if p == RDF.type and isinstance(o, URIRef):
            types.setdefault(str(s), _name(o))
        elif p in _LABELS and isinstance(o, Literal):
            lang = "en" if (o.language or "").startswith("en") else "zh"
            known = labels.setdefault(str(s), {})
            if lang not in known or _LABELS.index(p) < known[lang][0]:
                known[lang] = (_LABELS.index(p), str(o))
    named = {str(s) for s, _, _ in triples if isinstance(s, URIRef)}
    named |= {str(o) for _, p, o in triples if isinstance(o, URIRef) and p not in _NOT_LINKS}
    iris = sorted(i for i in named if not i.startswith(NS))
    nodes = [_node(snapshot, i) if i in snapshot.nodes else _other(snapshot, i, types, labels.get(i, {})) for i in iris]
    chosen = set(iris)
    edges, cited = {}, {i for i in chosen if i in snapshot.documents}
    for s, p, o in triples:
        key = (str(s), str(o), _local(p))
        if key[0] in chosen and key[1] in chosen and key[0] != key[1] and p not in _NOT_LINKS and key not in edges:
            data = snapshot.graph.get_edge_data(*key) or {}
            edges[key] = {"source": key[0], "target": key[1], "property": key[2],
                          "inferred": bool(data.get("inferred")), "documents": sorted(data.get("documents", ()))}
            cited.update(edges[key]["documents"])
    documents = [{"iri": d, "title": snapshot.documents[d].title if d in snapshot.documents else "",
                  "date": snapshot.documents[d].date if d in snapshot.documents else ""} for d in sorted(cited)]
    quads = [(s, p, o, QUERY_GRAPH) for s, p, o in triples]
    _add_how(edges.values(), quads)
    return Subgraph(nodes, list(edges.values()), quads, text, documents, snapshot.version, snapshot.built)


def _add_how(edges, quads) -> None:
    """Give each edge the ``ikg:how`` of the evidence records among ``quads`` (none: an empty list)."""
    records: dict = {}
    for s, p, o, _g in quads:
        if p in (RDF.subject, RDF.predicate, RDF.object, IKG.how):
            records.setdefault(s, {}).setdefault(p, set()).add(o)
    found: dict[tuple[str, str, str], set[str]] = {}
    for rec in records.values():
        if all(len(rec.get(key, ())) == 1 for key in (RDF.subject, RDF.predicate, RDF.object)):
            (s,), (p,), (o,) = rec[RDF.subject], rec[RDF.predicate], rec[RDF.object]
            found.setdefault((str(s), str(o), _local(p)), set()).update(str(h) for h in rec.get(IKG.how, ()))
    for e in edges:
        e["how"] = sorted(found.get((e["source"], e["target"], e["property"]), ()))


def _other(snapshot, iri: str, types: dict, labels: dict) -> dict:
    """A node the snapshot does not know (a document, a record): its type and labels from the triples."""
    doc = snapshot.documents.get(iri)
    zh = labels["zh"][1] if "zh" in labels else (doc.title if doc else "")
    return {"iri": iri, "type": types.get(iri, "Document" if doc else ""), "zh": zh,
            "en": labels["en"][1] if "en" in labels else "", "aliases": [], "mentions": 0}


def _name(term) -> str:
    """A class IRI's local name: ikg:Cluster -> Cluster, prov#Entity -> Entity."""
    return str(term).replace("#", "/").rstrip("/").rsplit("/", 1)[-1]


def _node(snapshot, iri: str) -> dict:
    n = snapshot.nodes[iri]
    return {"iri": iri, "type": n.type, "zh": n.zh, "en": n.en, "aliases": list(n.aliases),
            "mentions": n.mentions}


def _quads(store, entities: set[str], links: set[tuple[str, str, str]], document: str | None):
    """The SPARQL text and the quads it selects, links kept only between chosen entities.

    Entities whose IRI cannot be written in SPARQL (none the build makes) are left out.
    """
    safe = sorted(e for e in entities if not UNSAFE_IRI.search(e))
    if not safe or (document is not None and UNSAFE_IRI.search(document)):
        return "", []
    query = QUERY % {
        "entities": " ".join(URIRef(e).n3() for e in safe),
        "filter": f"\n  FILTER(?g = {URIRef(document).n3()})" if document is not None else "",
    }
    quads = set()
    for s, p, o, g, e, ep, eo in _rows(store, safe, document):
        if ep is not None:  # an evidence record: only for a chosen link
            if (str(e), str(eo), _local(ep)) not in links:
                continue
        elif str(s) == str(e) and isinstance(o, URIRef) and p != RDF.type:
            if (str(s), str(o), _local(p)) not in links:  # a link to an entity left out
                continue
        quads.add((s, p, o, g))
    return query, sorted(quads, key=_sort_key)


def _rows(store, entities: list[str], document: str | None):
    """The rows of ``QUERY``, asked one entity at a time with the entity as a constant.

    One query over a ``VALUES`` list of all entities is what ``query`` shows the user, but Oxigraph
    joins such a list slowly (96 s for 1,000 entities at 1M triples); a constant per query is
    planned from the entity outwards (about a millisecond each).
    """
    one = QUERY.replace("SELECT DISTINCT ?s ?p ?o ?g ?e ?ep ?eo", "SELECT DISTINCT ?s ?p ?o ?g ?ep ?eo")
    one = one.replace("  VALUES ?e { %(entities)s }\n", "")
    one = one % {"filter": f"\n  FILTER(?g = {URIRef(document).n3()})" if document is not None else ""}
    for entity in entities:
        term = URIRef(entity)
        for s, p, o, g, ep, eo in store.query(one, bindings={"e": term}).rows:
            yield s, p, o, g, term, ep, eo


def _local(term) -> str:
    return str(term)[len(NS):] if str(term).startswith(NS) else str(term)


def _sort_key(quad) -> tuple:
    return tuple((type(t).__name__, str(t)) for t in quad)


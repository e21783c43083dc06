"""One document's extraction as RDF: its named graph, with provenance for every fact (no I/O).

Everything a document states lives in the named graph whose name is the document's IRI: the
document record, its entities and their labels, one ``ikg:Mention`` per span, the stated
relations with one ``ikg:Evidence`` (subject, predicate, object, sentence, span, and ``ikg:how``:
stated in a sentence, attributed by section or derived from a name) each, and the
indicator values. Removing or re-ingesting a document is therefore one graph operation, and
"where does this edge come from" is one query over ``ikg:Evidence``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.english import distinct_labels, english_label
from graph.extract import indicator_id
from graph.extract.gazetteer import Gazetteer
from graph.iris import ID, document_iri, entity_iri
from graph.metrics import Registry, metric_key, unit_family
from graph.model import Extraction
from ontology.namespace import IKG

#: Bumped whenever extraction changes what it finds; documents built by another version are re-extracted.
EXTRACTOR_VERSION = "7"  # 2: a digest in the IRIs of Chinese labels (homophones); 3: ontology 2.0 predicates,
# ikg:how; 4: canonical metrics (ontology/metrics.ttl), one value per document with its restatements, periods; 5: English labels by their parts (CC-CEDICT);
# 6: a metric the registry lacks is labelled by its folded key, so documents agree on its one label;
# 7: a value is scoped only to a region its document names; control characters made XML-safe at the door

BINDINGS = {"ikg": IKG._NS, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS, "id": ID}


@dataclass(frozen=True)
class Source:
    """What the build knows about a document's file besides its text."""

    sha256: str
    file_name: str


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_graph(extraction: Extraction, source: Source, gazetteer: Gazetteer) -> Graph:
    """The named graph of one document (identifier: the document's IRI)."""
    doc = extraction.doc
    doc_iri = URIRef(document_iri(doc.name))
    g = Graph(identifier=doc_iri)
    for prefix, ns in BINDINGS.items():
        g.bind(prefix, ns)
    _document(g, doc_iri, extraction, source)
    known = _english_names(gazetteer)
    english = distinct_labels({
        e.iri: (e.label, e.label_en or english_label(e.label, known, e.type)) for e in extraction.entities
    })
    for entity in extraction.entities:
        iri = URIRef(entity.iri)
        g.add((iri, RDF.type, IKG[entity.type]))
        g.add((iri, SKOS.prefLabel, Literal(entity.label, lang="zh")))
        g.add((iri, SKOS.prefLabel, Literal(english[entity.iri], lang="en")))
        for alias in entity.aliases:
            if alias != entity.label:
                g.add((iri, SKOS.altLabel, Literal(alias, lang="zh")))
        for m in entity.mentions:
            node = URIRef(f"{doc_iri}#m-{m.start}-{m.end}-{_short(entity.iri)}")
            g.add((node, RDF.type, IKG.Mention))
            g.add((node, IKG.denotes, iri))
            _span(g, node, doc_iri, doc.text, m.start, m.end)
    _indicators(g, doc_iri, extraction, gazetteer, known)
    for r in extraction.relations:
        s, p, o = URIRef(r.s), IKG[r.p], URIRef(r.o)
        g.add((s, p, o))
        # One record per way of finding it: the same span may state a link and also derive it from a name.
        node = URIRef(f"{doc_iri}#e-{r.start}-{r.end}-{_short(r.s + r.p + r.o + r.how)}")
        g.add((node, RDF.type, IKG.Evidence))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, IKG.how, Literal(r.how)))
        _span(g, node, doc_iri, doc.text, r.start, r.end)
    return g


def _document(g: Graph, iri: URIRef, extraction: Extraction, source: Source) -> None:
    doc = extraction.doc
    meta = doc.meta or {}
    g.add((iri, RDF.type, IKG.Document))
    title, date, described = described_as(meta, doc.text, doc.name)
    g.add((iri, DCTERMS.title, Literal(title, lang="zh")))
    if meta.get("title_en"):
        g.add((iri, DCTERMS.title, Literal(meta["title_en"], lang="en")))
    if date:
        g.add((iri, DCTERMS.date, Literal(date, datatype=XSD.date)))
    g.add((iri, IKG.describedBy, Literal(described)))
    for key, prop in (("publisher", DCTERMS.publisher), ("source", DCTERMS.source), ("region", IKG.region)):
        if meta.get(key):
            g.add((iri, prop, Literal(str(meta[key]))))
    g.add((iri, IKG.fileName, Literal(source.file_name)))
    g.add((iri, IKG.encoding, Literal(doc.encoding)))
    g.add((iri, IKG.sha256, Literal(source.sha256)))
    g.add((iri, IKG.extractorVersion, Literal(EXTRACTOR_VERSION)))
    g.add((iri, IKG.text, Literal(doc.text)))


def described_as(meta: dict, text: str, name: str) -> tuple[str, str, str]:
    """``(title, ISO date or "", where they came from)``: the manifest's (``manifest``, or ``add``
    when ``ikg add`` wrote it), else read from the text (``text``): its first line for a title,
    its dateline (``graph.extract.dates``) for a date.

    >>> described_as({}, "青岛发布九大行动\\n2024年3月28日，市政府印发方案。", "a.txt")
    ('青岛发布九大行动', '2024-03-28', 'text')
    """
    from graph.extract.dates import text_date

    given = "add" if meta.get("described_by") == "ikg add" else "manifest"
    title, date = meta.get("title"), str(meta.get("date", ""))
    described = given if title or _is_date(date) else "text"
    if not title:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        title = first[:80] if 4 <= len(first) <= 80 else name.rsplit(".", 1)[0]
    if not _is_date(date):
        found = text_date(text)
        date = found[0] if found and _is_date(found[0]) else ""
    return title, date, described


def _indicators(g: Graph, doc_iri: URIRef, extraction: Extraction, gazetteer: Gazetteer, known) -> None:
    doc = extraction.doc
    registry = Registry.bundled()
    for v in extraction.indicators:
        if not v.metric.strip():
            continue  # extraction names every value it keeps; a nameless one is no indicator
        node = URIRef(indicator_id(doc.name, v))
        canonical = registry.resolve(v.metric, v.unit)
        metric = URIRef(registry.iri(v.metric, v.unit))
        g.add((metric, RDF.type, IKG.Indicator))
        if canonical:
            g.add((metric, SKOS.inScheme, IKG.Metrics))
            g.add((metric, SKOS.prefLabel, Literal(canonical.zh, lang="zh")))
            g.add((metric, SKOS.prefLabel, Literal(canonical.en, lang="en")))
            if canonical.zh != v.metric:
                g.add((metric, SKOS.altLabel, Literal(v.metric, lang="zh")))
        else:  # every paraphrase shares the node (its IRI is the key's): the key is its one label
            key = metric_key(v.metric) or v.metric
            g.add((metric, SKOS.prefLabel, Literal(key, lang="zh")))
            g.add((metric, SKOS.prefLabel, Literal(english_label(key, known, "Indicator"), lang="en")))
            if key != v.metric:
                g.add((metric, SKOS.altLabel, Literal(v.metric, lang="zh")))
        g.add((metric, IKG.unitFamily, Literal(unit_family(v.unit))))
        g.add((node, RDF.type, IKG.Target if v.kind == "target" else IKG.Observation))
        g.add((node, IKG.metric, metric))
        g.add((node, IKG.value, Literal(_decimal(v.value), datatype=XSD.decimal)))
        if v.value_max is not None:
            g.add((node, IKG.valueMax, Literal(_decimal(v.value_max), datatype=XSD.decimal)))
        g.add((node, IKG.unit, Literal(v.unit)))
        if v.qualifier:
            g.add((node, IKG.qualifier, Literal(v.qualifier)))
        if v.year:
            g.add((node, IKG.year, Literal(f"{v.year:04d}", datatype=XSD.gYear)))
        region = gazetteer.lookup("Region", v.scope) if v.scope else None
        scope = URIRef(entity_iri("Region", region.label, region.id)) if region else None
        # Only a region the document names: a graph must pass the shapes on its own, and one that
        # never names its default region (a document added alone) would point at no Region.
        if scope is not None and (scope, RDF.type, IKG.Region) in g:
            g.add((node, IKG.scope, scope))
        if v.period:
            g.add((node, IKG.period, Literal(v.period)))
        _span(g, node, doc_iri, doc.text, v.start, v.end)
        for start, end, _ in v.restated:
            again = URIRef(f"{node}-{start}")
            g.add((again, RDF.type, IKG.Restatement))
            g.add((node, IKG.restatedAt, again))
            _span(g, again, doc_iri, doc.text, start, end)


def _span(g: Graph, node: URIRef, doc_iri: URIRef, text: str, start: int, end: int) -> None:
    g.add((node, PROV.wasQuotedFrom, doc_iri))
    g.add((node, IKG.start, Literal(start)))
    g.add((node, IKG.end, Literal(end)))
    g.add((node, IKG.quote, Literal("".join(text[start:end].split()))))


def _english_names(gazetteer: Gazetteer) -> dict[str, str]:
    return {
        # Canonical labels only: an alias (家电 for 智能家电) is translated by its parts, so that the
        # cluster it names does not take the English label of another entity (issue 14).
        e.label: _inside(e.label_en) if e.type == "Industry" else e.label_en
        for e in gazetteer.entries if e.label_en and e.type in ("Industry", "Region")
    }


def _inside(en: str) -> str:
    """An industry's English as a word inside a longer name: lower case unless an acronym (MEMS)."""
    return en[:1].lower() + en[1:] if en[1:2].islower() else en


def _decimal(x: float) -> Decimal:
    """``6.5`` -> ``Decimal('6.5')``: through ``repr`` so 0.1 stays 0.1."""
    return Decimal(repr(float(x))).normalize() if x != int(x) else Decimal(int(x))


def _short(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:8]


def _is_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True

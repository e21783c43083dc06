"""What the pages show, read from the store: plain dicts, no Flask.

Each function runs named queries of ``ontology/queries/app/`` with bound variables (never
string formatting) and groups the rows the way the page presents them.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from graph.errors import NotFound
from graph.iris import DOC, ID
from ontology import app_query
from ontology.namespace import GAZETTEER_GRAPH, INFERRED_GRAPH
from webapp.evidence import by_document, by_sentence

NS = "https://w3id.org/ikg/ontology#"
LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HIDDEN = {LABEL, ALT, TYPE}


def source_kind(graph: str) -> str:
    """``stated`` (a document's graph), ``inferred`` or ``gazetteer``."""
    if graph == str(INFERRED_GRAPH):
        return "inferred"
    if graph == str(GAZETTEER_GRAPH):
        return "gazetteer"
    return "stated"


def entity(store, snapshot, iri: str) -> dict:
    """Everything the entity page shows; raises ``NotFound`` for an IRI the graph lacks."""
    node = snapshot.nodes.get(iri)
    ref = URIRef(iri)
    out_rows = store.query(app_query("entity_out"), bindings={"entity": ref}).rows
    if node is None and not out_rows:
        raise NotFound(f"no entity {iri} in the graph")
    relations_out: dict[str, list[dict]] = defaultdict(list)
    facts: dict[str, set[str]] = defaultdict(set)
    for p, o, g in out_rows:
        p = str(p)
        if p in HIDDEN or not p.startswith(NS):
            continue
        name = p[len(NS):]
        if isinstance(o, URIRef) and str(o).startswith(ID):
            _add(relations_out[name], str(o), source_kind(str(g)), snapshot)
        elif isinstance(o, Literal):
            facts[name].add(str(o))
    relations_in: dict[str, list[dict]] = defaultdict(list)
    for s, p, g in store.query(app_query("entity_in"), bindings={"entity": ref}).rows:
        p = str(p)
        if p.startswith(NS) and str(s).startswith(ID):
            _add(relations_in[p[len(NS):]], str(s), source_kind(str(g)), snapshot)
    values = _values(store.query(app_query("entity_values"), bindings={"entity": ref}).dicts(), snapshot)
    by_value = {v["value"]: v for v in values}
    found = evidence(store, snapshot, ref)
    sentence = {(ev["p"], ev["o"]): ev for ev in found if ev["s"] == iri}
    for prop, items in relations_out.items():
        for item in items:  # a target is a value, not a node: its metric, number, and the sentence
            item["value"] = by_value.get(item["iri"])
            item["evidence"] = sentence.get((prop, item["iri"]))
    found_mentions = mentions(store, snapshot, ref)
    return {
        "iri": iri,
        "node": node,
        "relations_out": dict(relations_out),
        "relations_in": dict(relations_in),
        "facts": {k: sorted(v) for k, v in facts.items()},
        "mentions": found_mentions,
        "mention_documents": by_document(found_mentions),
        "values": values,
        "evidence": found,
        "sentences": by_sentence(found, snapshot.nodes),
    }


def _add(group: list[dict], iri: str, kind: str, snapshot) -> None:
    for item in group:
        if item["iri"] == iri:
            item["kinds"].add(kind)
            return
    group.append({"iri": iri, "node": snapshot.nodes.get(iri), "kinds": {kind}})


def mentions(store, snapshot, ref: URIRef) -> list[dict]:
    rows = store.query(app_query("entity_mentions"), bindings={"entity": ref}).rows
    return [
        {"document": str(d), "doc": snapshot.documents.get(str(d)), "start": int(s), "end": int(e), "quote": str(q)}
        for d, s, e, q in rows
    ]


def evidence(store, snapshot, ref: URIRef) -> list[dict]:
    rows = _evidence_rows(store, app_query("entity_evidence"), {"entity": ref})
    for row in rows:
        row["doc"] = snapshot.documents.get(row["document"])
    return rows


def _document_evidence(store, iri: str) -> list[dict]:
    rows = store.query(app_query("document_evidence"), bindings={"document": URIRef(iri)}).rows
    return [
        {"s": str(s), "p": str(p)[len(NS):], "o": str(o), "document": iri,
         "start": int(a), "end": int(b), "quote": str(q), "how": str(how or "")}
        for s, p, o, a, b, q, how in rows
    ]


def _evidence_rows(store, text: str, bindings: dict) -> list[dict]:
    return [
        {"s": str(s), "p": str(p)[len(NS):], "o": str(o), "document": str(d),
         "start": int(a), "end": int(b), "quote": str(q), "how": str(how or "")}
        for s, p, o, d, a, b, q, how in store.query(text, bindings=bindings).rows
    ]


def document(store, snapshot, iri: str) -> dict:
    rows = store.query(app_query("document"), bindings={"document": URIRef(iri)}).rows
    if not rows:
        raise NotFound(f"no document {iri} in the graph")
    title, title_en, date, source, publisher, file_name, encoding, text, described = rows[0]
    spans = []
    for start, end, ent, type_ in store.query(app_query("document_mentions"), bindings={"document": URIRef(iri)}).rows:
        if str(type_).startswith(NS):
            spans.append({"start": int(start), "end": int(end), "iri": str(ent), "type": str(type_)[len(NS):]})
    return {
        "iri": iri, "slug": iri[len(DOC):], "title": str(title or file_name), "title_en": str(title_en or ""),
        "date": str(date or ""), "source": str(source or ""), "publisher": str(publisher or ""),
        "file_name": str(file_name), "encoding": str(encoding or ""), "text": str(text),
        "described": str(described or "manifest"),
        "segments": segments(str(text), spans, snapshot),
        "sentences": by_sentence(_document_evidence(store, iri), snapshot.nodes),
    }


def segments(text: str, spans: list[dict], snapshot) -> list[dict]:
    """The text cut into plain and highlighted pieces; nested mentions yield to the outer one."""
    out, pos = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if span["start"] < pos or span["end"] > len(text):
            continue
        if span["start"] > pos:
            out.append({"text": text[pos:span["start"]]})
        node = snapshot.nodes.get(span["iri"])
        out.append({"text": text[span["start"]:span["end"]], "iri": span["iri"], "type": span["type"], "node": node,
                    "start": span["start"], "end": span["end"]})
        pos = span["end"]
    if pos < len(text):
        out.append({"text": text[pos:]})
    return out


def indicator_values(store, snapshot, graphs=None) -> list[dict]:
    """Every value, each with the other places its document states it (``restated``)."""
    values = _values(store.query(app_query("indicator_values"), graphs=graphs).dicts(), snapshot)
    again: dict[str, list[dict]] = {}
    for r in store.query(app_query("indicator_restatements"), graphs=graphs).dicts():
        again.setdefault(str(r["value"]), []).append({"start": int(r["start"]), "end": int(r["end"]), "quote": str(r["quote"])})
    for v in values:
        v["restated"] = again.get(v["value"], [])
    return values


def _values(rows: list[dict], snapshot) -> list[dict]:
    """Rows as the indicator tables show them, sorted by metric, year and place in the source."""
    out = []
    for r in rows:
        kind = str(r["kind"])
        if kind not in (NS + "Target", NS + "Observation"):
            continue
        metric = snapshot.nodes.get(str(r["metric"]))
        out.append({
            "value": str(r["value"]), "kind": "target" if kind.endswith("Target") else "reported",
            "metric": str(r["metric"]),
            "metric_label": str(r["metricLabel"]) if r.get("metricLabel") else (metric.zh if metric else ""),
            "number": float(r["number"]), "max": float(r["max"]) if r["max"] is not None else None,
            "unit": str(r["unit"]), "qualifier": str(r["qualifier"] or ""),
            "year": int(str(r["year"])[:4]) if r["year"] is not None else None,
            "period": str(r["period"]) if r.get("period") is not None else "",
            "scope": str(r["scope"] or ""), "document": str(r["document"]),
            "doc": snapshot.documents.get(str(r["document"])),
            "start": int(r["start"]), "end": int(r["end"]), "quote": str(r["quote"]),
            "action": str(r["action"] or ""),
        })
    out.sort(key=lambda v: (v["metric_label"], v["year"] or 0, v["document"], v["start"]))
    return out

"""Write query answers in the W3C formats: SPARQL results as JSON, XML, CSV and TSV; graphs as
Turtle, N-Triples, JSON-LD and RDF/XML. One table maps names and media types to writers, so the
endpoint's content negotiation, ``?format=`` and ``ikg query --format`` agree.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef

XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    forms: tuple[str, ...]  # query forms it can carry
    extension: str


FORMATS = (
    Format("json", "application/sparql-results+json", ("select", "ask"), "srj"),
    Format("xml", "application/sparql-results+xml", ("select", "ask"), "srx"),
    Format("csv", "text/csv", ("select", "ask"), "csv"),
    Format("tsv", "text/tab-separated-values", ("select", "ask"), "tsv"),
    Format("ttl", "text/turtle", ("construct", "describe"), "ttl"),
    Format("nt", "application/n-triples", ("construct", "describe"), "nt"),
    Format("jsonld", "application/ld+json", ("construct", "describe"), "jsonld"),
    Format("rdfxml", "application/rdf+xml", ("construct", "describe"), "rdf"),
)
BY_NAME = {f.name: f for f in FORMATS}
BY_NAME.update({"turtle": BY_NAME["ttl"], "json-ld": BY_NAME["jsonld"], "n-triples": BY_NAME["nt"],
                "xml-rdf": BY_NAME["rdfxml"], "srj": BY_NAME["json"], "srx": BY_NAME["xml"]})
BY_MEDIA = {f.media_type: f for f in FORMATS} | {
    "application/json": BY_NAME["json"], "application/xml": BY_NAME["xml"], "text/xml": BY_NAME["xml"],
    "text/plain": BY_NAME["nt"], "application/x-turtle": BY_NAME["ttl"],
}
DEFAULT = {"select": BY_NAME["json"], "ask": BY_NAME["json"], "construct": BY_NAME["ttl"], "describe": BY_NAME["ttl"]}


def write(results, fmt: Format) -> bytes:
    """``results`` (``graph.store.Results``) in ``fmt``."""
    if results.kind == "graph":
        return _graph(results.triples, fmt.name)
    if results.kind == "ask":
        return _BOOLEAN[fmt.name](bool(results.boolean))
    return _TABLE[fmt.name](results.vars, results.rows)


# -- SELECT ------------------------------------------------------------------------------------

def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and str(term.datatype) != XSD + "string":
        out["datatype"] = str(term.datatype)
    return out


def _json(names, rows) -> bytes:
    bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": list(names)}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def _xml_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype and str(term.datatype) != XSD + "string":
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(_xml_safe(str(term)), {chr(13): '&#13;'})}</literal>"  # a raw CR reads back as LF


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters; they become U+FFFD rather than break the file."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", text)


_XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml(names, rows) -> bytes:
    parts = [_XML_HEAD, "<head>"]
    parts += [f"<variable name={quoteattr(n)}/>" for n in names]
    parts.append("</head>\n<results>\n")
    for row in rows:
        parts.append("<result>")
        parts += [f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                  for n, t in zip(names, row, strict=True) if t is not None]
        parts.append("</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts).encode("utf-8")


def _csv(names, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return out.getvalue().encode("utf-8")


_NUMBER = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}


def tsv_term(term) -> str:
    """A term as TSV writes it: Turtle syntax, numbers bare when Turtle allows.

    >>> tsv_term(Literal("4", datatype=URIRef(XSD + "integer"))), tsv_term(Literal("a\\tb", lang="zh"))
    ('4', '"a\\\\tb"@zh')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    pattern = _NUMBER.get(str(term.datatype)) if term.datatype else None
    if pattern and pattern.fullmatch(text):
        return text
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace(
        "\n", "\\n").replace("\r", "\\r") + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype and str(term.datatype) != XSD + "string":
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def _tsv(names, rows) -> bytes:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(tsv_term(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


_TABLE = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}


# -- ASK ---------------------------------------------------------------------------------------

_BOOLEAN = {
    "json": lambda b: json.dumps({"head": {}, "boolean": b}).encode(),
    "xml": lambda b: (_XML_HEAD + f"<head/>\n<boolean>{str(b).lower()}</boolean>\n</sparql>\n").encode(),
    "csv": lambda b: f"_askResult\r\n{str(b).lower()}\r\n".encode(),
    "tsv": lambda b: f"?_askResult\n{str(b).lower()}\n".encode(),
}


# -- CONSTRUCT / DESCRIBE -----------------------------------------------------------------------

_RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def _graph(triples, name: str) -> bytes:
    g = Graph()
    for triple in triples:
        g.add(triple)
    g.bind("ikg", "https://w3id.org/ikg/ontology#")
    g.bind("skos", "http://www.w3.org/2004/02/skos/core#")
    g.bind("id", "https://w3id.org/ikg/id/")
    if name == "rdfxml":
        for s, p, o in list(g):
            if isinstance(o, Literal) and _xml_safe(str(o)) != str(o):
                g.remove((s, p, o))
                g.add((s, p, Literal(_xml_safe(str(o)), lang=o.language, datatype=o.datatype)))
    out = g.serialize(format=_RDFLIB[name])
    return out.encode("utf-8") if isinstance(out, str) else out

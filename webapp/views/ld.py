"""Linked Data: every entity IRI dereferences, HTML for people, RDF for machines.

``https://w3id.org/ikg/id/<type>/<slug>`` is served at ``/id/<type>/<slug>``; ``Accept:
text/turtle`` (or N-Triples, JSON-LD, RDF/XML) gets the triples about the entity, with the
named graph each comes from dropped (ask ``/sparql`` for provenance).
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, g, make_response, render_template, request

from graph.iris import ID
from webapp import model
from webapp.charts import metric_charts
from webapp.i18n import TYPES
from webapp.views import snapshot, store

bp = Blueprint("ld", __name__)
SLUG = re.compile(r"[A-Za-z0-9_.-]{1,200}")

RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
DESCRIBE = "CONSTRUCT { ?entity ?p ?o . ?s ?q ?entity } WHERE { { ?entity ?p ?o } UNION { ?s ?q ?entity } }"


def negotiate() -> str | None:
    """The RDF media type the client prefers over HTML, if any."""
    fmt = request.args.get("format")
    if fmt:
        for mime, name in RDF_TYPES.items():
            if fmt in (name, mime, "ttl" if name == "turtle" else name, "jsonld" if name == "json-ld" else name):
                return mime
        if fmt != "html":
            abort(400, description=f"format must be html, ttl, jsonld, nt or xml, not {fmt[:40]!r}")
    best = request.accept_mimetypes.best_match(["text/html", *RDF_TYPES])
    return best if best in RDF_TYPES else None


def describe(iri: str) -> Response:
    from rdflib import Graph, URIRef

    from graph.build import BINDINGS

    mime = negotiate() or "text/turtle"
    g = Graph()
    for prefix, ns in BINDINGS.items():
        g.bind(prefix, ns)
    for triple in store().query(DESCRIBE, bindings={"entity": URIRef(iri)}, limit=50_000).triples:
        g.add(triple)
    body = g.serialize(format=RDF_TYPES[mime])
    return Response(body, mimetype=mime, headers={"Vary": "Accept"})


@bp.get("/id/<type_>/<slug>")
def entity(type_: str, slug: str):
    if not (SLUG.fullmatch(type_) and SLUG.fullmatch(slug)):
        abort(404, description=f"no entity /id/{type_[:40]}/{slug[:80]}: IRIs use letters, digits, - and _ only")
    iri = f"{ID}{type_}/{slug}"
    snap = snapshot()
    data = model.entity(store(), snap, iri)  # NotFound -> a helpful 404
    if negotiate():
        return describe(iri)
    node = data["node"]
    charts = metric_charts(data["values"], snap, g.lang, limit=1) if node and node.type == "Indicator" else []
    response = make_response(render_template("entity.html", e=data, types=TYPES, snap=snap, charts=charts))
    response.vary.add("Accept")  # the same address also answers RDF
    return response

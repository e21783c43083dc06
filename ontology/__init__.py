"""The ikg ontology and its data files, loaded through importlib.resources.

Imports nothing of ours: ``graph`` and ``webapp`` import from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

_ROOT = resources.files(__name__)


def path(name: str):
    """A file of this package (``ikg.ttl``, ``shapes.ttl``, ``gazetteer.jsonl``, ``queries/x.rq``)."""
    return _ROOT.joinpath(name)


@cache
def gazetteer_entries() -> tuple[dict, ...]:
    """The bundled gazetteer: one JSON object per known entity (id, type, label, label_en, aliases)."""
    lines = path("gazetteer.jsonl").read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@cache
def metric_entries() -> tuple[dict, ...]:
    """The canonical metrics of ``metrics.ttl``: iri, zh and en labels, unit family, paraphrases."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import SKOS

    ikg = Namespace("https://w3id.org/ikg/ontology#")
    g = Graph().parse(data=path("metrics.ttl").read_text(encoding="utf-8"), format="turtle")
    out = []
    for node in sorted(g.subjects(SKOS.inScheme, ikg.Metrics)):
        labels = {lit.language: str(lit) for lit in g.objects(node, SKOS.prefLabel) if isinstance(lit, Literal)}
        out.append({
            "iri": str(node) if isinstance(node, URIRef) else "", "zh": labels["zh"], "en": labels["en"],
            "family": str(g.value(node, ikg.unitFamily)),
            "aliases": sorted(str(lit) for lit in g.objects(node, SKOS.altLabel)),
        })
    return tuple(out)


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file: its name (file stem), header fields and the SPARQL text."""

    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    text: str


def _read_query(file) -> NamedQuery:
    text = file.read_text(encoding="utf-8")
    head: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        zh, _, en = value.partition("|")
        head[key.strip()] = (zh.strip(), en.strip())
    title = head.get("title", (file.name, file.name))
    description = head.get("description", ("", ""))
    return NamedQuery(file.name.removesuffix(".rq"), *title, *description, text)


@cache
def rules() -> tuple[NamedQuery, ...]:
    """The CONSTRUCT rules of ``rules/``, whose results form the inferred graph."""
    return tuple(_read_query(f) for f in sorted(path("rules").iterdir(), key=lambda f: f.name) if f.name.endswith(".rq"))


@cache
def queries() -> tuple[NamedQuery, ...]:
    """The named queries of ``queries/``: the app, the command line and the gallery share them."""
    folder = path("queries")
    return tuple(_read_query(f) for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".rq"))


@cache
def app_query(name: str) -> str:
    """The SPARQL text of ``queries/app/<name>.rq``: the queries behind the explorer's pages."""
    return path("queries").joinpath("app", f"{name}.rq").read_text(encoding="utf-8")


@cache
def class_labels() -> dict[str, tuple[str, str]]:
    """``{class name: (zh label, en label)}`` of the classes ``ikg.ttl`` declares: the one place
    the interface's type names come from."""
    from rdflib import OWL, RDF, RDFS, Graph

    g = Graph().parse(data=path("ikg.ttl").read_text(encoding="utf-8"), format="turtle")
    out = {}
    base = "https://w3id.org/ikg/ontology#"
    for cls in g.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(base):
            continue
        labels = {lit.language: str(lit) for lit in g.objects(cls, RDFS.label)}
        name = str(cls)[len(base):]
        out[name] = (labels.get("zh", name), labels.get("en", name))
    return out

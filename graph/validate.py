"""SHACL validation of document graphs against ``ontology/shapes.ttl``.

Each document's graph is self-contained (its entities, mentions, evidence and values), so the
graphs a build adds or changes are checked on their own and the rest of the store is not read.
They are checked together, as one union with the ontology mixed in: two documents that give one
entity IRI two different labels break the shapes (one Chinese label per entity).

The shapes run as SPARQL on an in-memory Oxigraph store (:mod:`graph.shacl_sparql`): pySHACL took
0.3-0.6 s per document and grew worse than linearly with the build (issue 7). pySHACL stays the
reference, used for shapes the compiler does not know (``engine="pyshacl"`` forces it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import RDF, SH, BNode, Graph

from graph.shacl_sparql import Check, Unsupported, compile_shapes
from graph.store.terms import to_ox
from ontology import path


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    value: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        value = f": {self.value}" if self.value else ""
        return f"{self.focus}{where}: {self.message}{value}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]

    def text(self, limit: int = 20) -> str:
        if self.conforms:
            return "The graph conforms to the shapes."
        lines = [f"{len(self.violations)} violation(s) of ontology/shapes.ttl:"]
        lines += [f"  - {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  ... and {len(self.violations) - limit} more")
        return "\n".join(lines)


@cache
def shapes() -> Graph:
    return Graph().parse(data=path("shapes.ttl").read_text(encoding="utf-8"), format="turtle")


@cache
def ontology() -> Graph:
    return Graph().parse(data=path("ikg.ttl").read_text(encoding="utf-8"), format="turtle")


@cache
def checks() -> tuple[Check, ...] | None:
    """The shapes compiled to SPARQL, or None if they use a feature only pySHACL knows."""
    try:
        return compile_shapes(shapes())
    except Unsupported:
        return None


def validate(graphs: Iterable[Graph], engine: str = "sparql") -> Report:
    """Check the union of ``graphs`` (document graphs) against the shapes.

    Args:
        engine: ``sparql`` (the compiled shapes on Oxigraph, pySHACL if they do not compile)
            or ``pyshacl``.
    """
    compiled = checks() if engine == "sparql" else None
    if compiled is None:
        return _validate_pyshacl(graphs)
    store = ox.Store()
    for g in (*graphs, ontology()):
        store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g)
    found = set()
    for check in compiled:
        answer = store.query(check.query)
        has_value = any(v.value == "value" for v in answer.variables)
        for row in answer:
            value = row["value"].value if has_value else ""
            found.add(Violation(row["focus"].value, _short(check.path), check.message, value[:80]))
    return Report(not found, tuple(sorted(found, key=lambda v: (v.focus, v.path, v.message, v.value))))


def _validate_pyshacl(graphs: Iterable[Graph]) -> Report:
    from pyshacl import validate as shacl

    data = Graph()
    for g in graphs:
        data += g
    conforms, results, _ = shacl(
        data, shacl_graph=shapes(), ont_graph=ontology(), inference="none",
        advanced=False, allow_warnings=False, abort_on_first=False,
    )
    return Report(bool(conforms), tuple(_violations(results)))


def _violations(results: Graph):
    for result in sorted(results.subjects(RDF.type, SH.ValidationResult)):
        yield Violation(
            focus=str(results.value(result, SH.focusNode) or ""),
            path=_short(_path(results, results.value(result, SH.resultPath))),
            message=str(results.value(result, SH.resultMessage) or ""),
            value=str(results.value(result, SH.value) or "")[:80],
        )


def _path(results: Graph, node):
    """An inverse path as ``^IRI``, as :mod:`graph.shacl_sparql` names it."""
    inverse = results.value(node, SH.inversePath) if isinstance(node, BNode) else None
    return f"^{inverse}" if inverse is not None else node


def _short(node) -> str:
    if node is None:
        return ""
    text = str(node)
    if text.startswith("^"):
        return "^" + _short(text[1:])
    for ns, prefix in (("https://w3id.org/ikg/ontology#", "ikg:"), ("http://www.w3.org/2004/02/skos/core#", "skos:"),
                       ("http://www.w3.org/ns/prov#", "prov:"), ("http://purl.org/dc/terms/", "dcterms:")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text

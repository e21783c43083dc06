"""SHACL validation of document graphs against ``ontology/shapes.ttl`` (pySHACL).

Each document's graph is self-contained (its entities, mentions, evidence and values), so the
graphs a build adds or changes are checked on their own and the rest of the store is not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, SH, Graph

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


def validate(graphs: Iterable[Graph]) -> Report:
    """Check the union of ``graphs`` (document graphs) against the shapes."""
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
            path=_short(results.value(result, SH.resultPath)),
            message=str(results.value(result, SH.resultMessage) or ""),
            value=str(results.value(result, SH.value) or "")[:80],
        )


def _short(node) -> str:
    if node is None:
        return ""
    text = str(node)
    for ns, prefix in (("https://w3id.org/ikg/ontology#", "ikg:"), ("http://www.w3.org/2004/02/skos/core#", "skos:"),
                       ("http://www.w3.org/ns/prov#", "prov:"), ("http://purl.org/dc/terms/", "dcterms:")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text

"""The SHACL shapes as SPARQL: each constraint becomes one query that selects its violations.

pySHACL walks rdflib graphs node by node in Python: 0.3 s per document graph on this machine,
and more per document as a build grows (0.6 s each at 40 documents), so a 1,000-document build
spent most of its time validating. The same checks as SPARQL over an in-memory Oxigraph store of
the same triples take a fraction of that and grow linearly.

Only the SHACL Core features ``ontology/shapes.ttl`` uses are compiled: targets ``sh:targetClass``
(with ``rdfs:subClassOf*``) and ``sh:targetSubjectsOf``; node-level ``sh:nodeKind``,
``sh:pattern``, ``sh:class`` and ``sh:or`` of shapes that each name one ``sh:class`` (a
relation's domain of several classes); property shapes on an IRI or ``sh:inversePath`` with
``sh:minCount``, ``sh:maxCount``, ``sh:datatype`` (lexical form checked for the XSD types used),
``sh:class``, ``sh:nodeKind``, ``sh:pattern``, ``sh:in``, ``sh:minLength``, ``sh:minInclusive``,
``sh:lessThan`` and ``sh:qualifiedValueShape`` of ``sh:languageIn`` with
``sh:qualifiedMinCount``/``MaxCount``.
Anything else raises :class:`Unsupported` and :func:`graph.validate.validate` falls back to
pySHACL, so the shapes file stays the one source of truth; ``tests/test_validate.py`` checks that
both report the same violations.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, SH, Graph, Literal, URIRef
from rdflib.collection import Collection

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Lexical forms of the datatypes the shapes name (and Oxigraph can cast to): an ill-typed
#: literal breaks sh:datatype.
LEXICAL = {
    XSD + "integer": r"^[+-]?[0-9]+$",
    XSD + "decimal": r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
    XSD + "gYear": r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD + "date": r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
NODE_KINDS = {
    SH.IRI: "isIRI(?value)", SH.BlankNode: "isBlank(?value)", SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}
IGNORED = {RDF.type, SH.message, SH.name, SH.description, SH.order, SH.group, SH.severity}
NODE_KEYS = {SH.targetClass, SH.targetSubjectsOf, SH.nodeKind, SH.pattern, SH.flags, SH["class"], SH["or"],
             SH.property} | IGNORED
PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH.flags,
                 SH["in"], SH.minLength, SH.minInclusive, SH.lessThan, SH.qualifiedValueShape, SH.qualifiedMinCount,
                 SH.qualifiedMaxCount} | IGNORED
TYPED = "rdf:type/rdfs:subClassOf*"
PREFIXES = ("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")


class Unsupported(Exception):
    """The shapes use a SHACL feature this module does not compile."""


@dataclass(frozen=True)
class Check:
    """One constraint: ``query`` selects ``?focus`` (and ``?value`` where SHACL reports one)."""

    query: str
    path: str
    message: str


def compile_shapes(shapes: Graph) -> tuple[Check, ...]:
    """Every constraint of every node shape in ``shapes``, as a query.

    Raises:
        Unsupported: a shape uses a feature not listed in the module's docstring.
    """
    checks: list[Check] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape))):
        _only(shapes, shape, NODE_KEYS)
        target = _target(shapes, shape)
        message = str(shapes.value(shape, SH.message) or "")
        if (kind := shapes.value(shape, SH.nodeKind)) is not None:
            checks.append(_focus_check(target, _node_kind(kind), message))
        if (pattern := shapes.value(shape, SH.pattern)) is not None:
            checks.append(_focus_check(target, _regex(pattern, shapes.value(shape, SH.flags)), message))
        if (cls := shapes.value(shape, SH["class"])) is not None:
            checks.append(_focus_check(target, _typed(cls), message))
        if (alternatives := shapes.value(shape, SH["or"])) is not None:
            checks.append(_focus_check(target, _or_of_classes(shapes, alternatives), message))
        for prop in sorted(shapes.objects(shape, SH.property)):
            checks += _property_checks(shapes, prop, target, message)
    return tuple(checks)


def _only(shapes: Graph, node, allowed: set) -> None:
    extra = {p for p in shapes.predicates(node) if p not in allowed}
    if extra:
        raise Unsupported(f"{node}: {', '.join(sorted(map(str, extra)))}")


def _target(shapes: Graph, shape) -> str:
    parts = [f"{{ ?focus {TYPED} {_n3(c)} }}" for c in sorted(shapes.objects(shape, SH.targetClass))]
    parts += [f"{{ ?focus {_n3(p)} ?any }}" for p in sorted(shapes.objects(shape, SH.targetSubjectsOf))]
    if not parts:
        raise Unsupported(f"{shape}: no sh:targetClass or sh:targetSubjectsOf")
    return "{ SELECT DISTINCT ?focus WHERE { " + " UNION ".join(parts) + " } }"


def _focus_check(target: str, condition: str, message: str) -> Check:
    query = f"SELECT ?focus WHERE {{ {target} BIND(?focus AS ?value) FILTER(!({condition})) }}"
    return Check(PREFIXES + query, "", message)


def _property_checks(shapes: Graph, prop, target: str, message: str) -> list[Check]:
    _only(shapes, prop, PROPERTY_KEYS)
    path, path_name = _path(shapes, shapes.value(prop, SH.path))
    message = str(shapes.value(prop, SH.message) or message)
    out: list[str] = []
    value_of = f"{target} ?focus {path} ?value ."
    if (n := shapes.value(prop, SH.minCount)) is not None:
        out.append(_count(target, path, "", f"< {int(n)}", optional=True))
    if (n := shapes.value(prop, SH.maxCount)) is not None:
        out.append(_count(target, path, "", f"> {int(n)}", optional=False))
    conditions = []
    if (datatype := shapes.value(prop, SH.datatype)) is not None:
        condition = f"(isLiteral(?value) && datatype(?value) = {_n3(datatype)}"
        if str(datatype) in LEXICAL:  # the form, then the value (a cast fails on 2024-13-45)
            condition += (f' && REGEX(STR(?value), "{LEXICAL[str(datatype)]}")'
                          f" && COALESCE(BOUND(?value) && STR({_n3(datatype)}(STR(?value))) != \"\", false)")
        conditions.append(condition + ")")
    if (cls := shapes.value(prop, SH["class"])) is not None:
        conditions.append(_typed(cls))
    if (allowed := shapes.value(prop, SH["in"])) is not None:
        conditions.append(_one_of(shapes, allowed))
    if (kind := shapes.value(prop, SH.nodeKind)) is not None:
        conditions.append(_node_kind(kind))
    if (pattern := shapes.value(prop, SH.pattern)) is not None:
        conditions.append(_regex(pattern, shapes.value(prop, SH.flags)))
    if (n := shapes.value(prop, SH.minLength)) is not None:
        conditions.append(f"(!isBlank(?value) && STRLEN(STR(?value)) >= {int(n)})")
    if (low := shapes.value(prop, SH.minInclusive)) is not None:
        conditions.append(f"(?value >= {_n3(low)})")
    out += [f"SELECT DISTINCT ?focus ?value WHERE {{ {value_of} FILTER(!({c})) }}" for c in conditions]
    if (other := shapes.value(prop, SH.lessThan)) is not None:
        out.append(f"SELECT DISTINCT ?focus ?value WHERE {{ {value_of} ?focus {_n3(other)} ?other "
                   "FILTER(!(?value < ?other)) }")
    if (inner := shapes.value(prop, SH.qualifiedValueShape)) is not None:
        condition = _qualified(shapes, inner)
        if (n := shapes.value(prop, SH.qualifiedMinCount)) is not None:
            out.append(_count(target, path, condition, f"< {int(n)}", optional=True))
        if (n := shapes.value(prop, SH.qualifiedMaxCount)) is not None:
            out.append(_count(target, path, condition, f"> {int(n)}", optional=False))
    return [Check(PREFIXES + query, path_name, message) for query in out]


def _count(target: str, path: str, condition: str, test: str, *, optional: bool) -> str:
    values = f"?focus {path} ?value" + (f" FILTER({condition})" if condition else "")
    body = f"{target} OPTIONAL {{ {values} }}" if optional else f"{target} {values}"
    return f"SELECT ?focus WHERE {{ {body} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) {test})"


def _path(shapes: Graph, node) -> tuple[str, str]:
    if isinstance(node, URIRef):
        return _n3(node), str(node)
    inverse = shapes.value(node, SH.inversePath)
    if isinstance(inverse, URIRef) and len(set(shapes.predicates(node))) == 1:
        return f"^{_n3(inverse)}", f"^{inverse}"
    raise Unsupported(f"path {node}: only an IRI or sh:inversePath of an IRI")


def _qualified(shapes: Graph, inner) -> str:
    if set(shapes.predicates(inner)) != {SH.languageIn}:
        raise Unsupported(f"sh:qualifiedValueShape {inner}: only sh:languageIn")
    tags = [str(t) for t in Collection(shapes, shapes.value(inner, SH.languageIn))]
    return "isLiteral(?value) && (" + " || ".join(f'langMatches(lang(?value), "{t}")' for t in tags) + ")"


def _typed(cls) -> str:
    return f"EXISTS {{ ?value {TYPED} {_n3(cls)} }}"


def _or_of_classes(shapes: Graph, alternatives) -> str:
    """``sh:or`` of shapes that each name one ``sh:class``: the value has one of those classes."""
    conditions = []
    for member in Collection(shapes, alternatives):
        cls = shapes.value(member, SH["class"])
        if cls is None or set(shapes.predicates(member)) - {SH["class"], RDF.type}:
            raise Unsupported(f"sh:or member {member}: only shapes with one sh:class")
        conditions.append(_typed(cls))
    if not conditions:
        raise Unsupported("an empty sh:or")
    return "(" + " || ".join(conditions) + ")"


def _one_of(shapes: Graph, allowed) -> str:
    """``sh:in``: the value is one of the listed terms (the same term: "a"@en is not "a")."""
    terms = list(Collection(shapes, allowed))
    if not terms:
        return "false"
    return "(" + " || ".join(f"sameTerm(?value, {_n3(term)})" for term in terms) + ")"


def _node_kind(kind) -> str:
    if kind not in NODE_KINDS:
        raise Unsupported(f"sh:nodeKind {kind}")
    return NODE_KINDS[kind]


def _regex(pattern, flags) -> str:
    text = _n3(Literal(str(pattern)))
    return f"(!isBlank(?value) && REGEX(STR(?value), {text}" + (f", {_n3(Literal(str(flags)))}" if flags else "") + "))"


def _n3(term) -> str:
    return term.n3()

"""Parse a user's query and refuse what a read-only, closed endpoint must not run.

Runs inside the worker process (a parser can be slow on a crafted query; the worker is killable).
rdflib is used for its parser and algebra only; users' queries are never evaluated by rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import BadQuery

FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}
REFUSED = {
    "ServiceGraphPattern": "SERVICE is not allowed: this endpoint never calls other services",
}


@dataclass(frozen=True)
class Checked:
    form: str  # select, ask, construct or describe
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()


def check(text: str) -> Checked:
    """What the query is, or ``BadQuery`` with the parser's message and position.

    >>> check("SELECT * WHERE { ?s ?p ?o }").form
    'select'
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        if _is_update(text):
            raise BadQuery("updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are not allowed: "
                           "this endpoint is read-only") from None
        raise BadQuery(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except RecursionError:
        raise BadQuery("the query nests too deeply to parse") from None
    query = parsed[1]
    form = FORMS.get(query.name)
    if form is None:
        raise BadQuery(f"unsupported query form {query.name}")
    try:
        algebra = translateQuery(parsed).algebra
    except RecursionError:
        raise BadQuery("the query nests too deeply to parse") from None
    except Exception as exc:  # rdflib reports unknown prefixes and the like as plain exceptions
        raise BadQuery(f"the query cannot be used: {exc}") from None
    _refuse(algebra)
    default, named = [], []
    for clause in query["datasetClause"] if "datasetClause" in query else ():
        if "default" in clause:  # CompValue.get takes no default: test with ``in``
            default.append(str(clause["default"]))
        if "named" in clause:
            named.append(str(clause["named"]))
    return Checked(form, tuple(default), tuple(named))


def _is_update(text: str) -> bool:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except (ParseException, RecursionError):
        return False
    return True


def _refuse(node, depth: int = 0) -> None:
    """Walk the algebra (nested groups, subqueries, EXISTS filters) for refused operators."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 400:
        raise BadQuery("the query nests too deeply")
    if isinstance(node, CompValue):
        if node.name in REFUSED:
            raise BadQuery(REFUSED[node.name])
        for value in node.values():
            _refuse(value, depth + 1)
    elif isinstance(node, (list, tuple, set)):
        for item in node:
            _refuse(item, depth + 1)
    elif isinstance(node, dict):
        for value in node.values():
            _refuse(value, depth + 1)

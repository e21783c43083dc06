"""Read a user's query as SPARQL tokens and refuse what a read-only, closed endpoint must not run.

Strings, IRIs and comments are skipped, so what remains are keywords, names and punctuation:
the query form is the first keyword after the prologue, an update keyword there is refused, and
``SERVICE`` anywhere (nested groups, subqueries, ``EXISTS`` filters) is refused, because in
SPARQL a bare word can only be a keyword. This costs microseconds, where parsing with rdflib
cost about 4 ms per query; the engine (Oxigraph) parses the query itself right after and reports
syntax errors with their position. ``LOAD`` and the other updates cannot run through a query
call at all; they are refused here with a clear message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.errors import BadQuery

FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}

_TOKEN = re.compile(
    # SPARQL's own white space and line ends: a comment ends at CR too, and an IRI may hold any
    # character above U+0020 (U+00A0 included), or the engine would see code this scan skips
    r'(?P<skip>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\r\n]*|[ \t\r\n]+)'
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<name>(?:[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:(?:[\w.\-:%\\\u00b7\u00c0-\uffff]*)"
    r"|[A-Za-z_\u00c0-\uffff][\w\-\u00b7\u00c0-\uffff]*)"
    r"|(?P<other>.)",
    re.S,
)


@dataclass(frozen=True)
class Checked:
    form: str  # select, ask, construct or describe
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()


def tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of every token but white space, strings and comments.

    >>> [t for _, t in tokens('SELECT * { ?s <p> "SERVICE" } # SERVICE')]
    ['SELECT', '*', '{', '?s', '<p>', '}']
    """
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup != "skip"]


def check(text: str) -> Checked:
    """The query's form and ``FROM`` graphs, or ``BadQuery`` saying why it is refused.

    >>> check("PREFIX ex: <http://e/> SELECT * FROM ex:g WHERE { ?s ?p ?o }")
    Checked(form='select', from_graphs=('http://e/g',), from_named=())
    """
    toks = tokens(text)
    prefixes: dict[str, str] = {}
    i = 0
    while i < len(toks) and toks[i][1].upper() in ("PREFIX", "BASE"):
        if toks[i][1].upper() == "PREFIX" and i + 2 < len(toks):
            prefixes[toks[i + 1][1]] = toks[i + 2][1][1:-1]
            i += 3
        else:
            i += 2
    if i >= len(toks):
        raise BadQuery("the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    word = toks[i][1].upper()
    if word in UPDATES:
        raise BadQuery(f"updates ({word} and the like) are not allowed: this endpoint is read-only")
    if word not in FORMS:
        raise BadQuery(f"a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not {toks[i][1][:40]!r}")
    default, named = [], []
    for k, (kind, value) in enumerate(toks[i:], start=i):
        if kind != "name" or ":" in value:
            continue
        upper = value.upper()
        if "SERVICE" in upper:  # the engine reads keywords without a word boundary: trueSERVICE, SERVICESILENT
            raise BadQuery("SERVICE is not allowed: this endpoint never calls other services")
        if upper in ("LOAD",) or (upper in UPDATES and k > i and toks[k - 1][1] == ";"):
            raise BadQuery("updates are not allowed: this endpoint is read-only")
        if upper == "FROM" and k + 1 < len(toks):
            is_named = toks[k + 1][1].upper() == "NAMED"
            target = toks[k + 2][1] if is_named and k + 2 < len(toks) else toks[k + 1][1]
            (named if is_named else default).append(_expand(target, prefixes))
    return Checked(FORMS[word], tuple(default), tuple(named))


def _expand(term: str, prefixes: dict[str, str]) -> str:
    if term.startswith("<"):
        return term[1:-1]
    prefix, _, local = term.partition(":")
    if prefix + ":" not in prefixes:
        raise BadQuery(f"unknown prefix {prefix}: in FROM; declare it with PREFIX {prefix}: <...>")
    return prefixes[prefix + ":"] + local

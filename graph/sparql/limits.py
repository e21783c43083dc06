"""Cheap checks before parsing: length and bracket nesting, on the raw text.

pyoxigraph aborts the whole process on about 5,000 nested brackets and rdflib's parser
recurses once per level, so depth is counted by a linear scan that skips strings, IRIs and
comments, and an over-deep query never reaches a parser.
"""

from __future__ import annotations

from graph.errors import BadQuery

OPEN, CLOSE = "({[", ")}]"


def check_size(text: str, max_bytes: int) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise BadQuery(f"the query is {size:,} bytes; the limit is {max_bytes:,}")


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting outside strings, IRIs and comments.

    >>> nesting_depth('SELECT * { ?s ?p "{{{" FILTER((1)) }')
    3
    >>> nesting_depth("ASK { <http://x/(a)> ?p ?o } # ((((")
    1
    """
    depth = best = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "<":
            end = _iri_end(text, i)
            if end:
                i = end
                continue
        if c in OPEN:
            depth += 1
            best = max(best, depth)
        elif c in CLOSE:
            depth = max(0, depth - 1)
        i += 1
    return best


def check_depth(text: str, max_depth: int) -> None:
    depth = nesting_depth(text)
    if depth > max_depth:
        raise BadQuery(f"the query nests brackets {depth} deep; the limit is {max_depth}")
    # ``<`` is an IRI or less-than by context (``1<f((2))&&3>2``) and a quote inside such a span can
    # start a string, so the scan above can be led to skip code; every bracket counts here
    depth = raw_depth(text)
    if depth > RAW_DEPTH:
        raise BadQuery(f"the query nests brackets {depth} deep (strings and IRIs included); "
                       f"the limit is {RAW_DEPTH}")


RAW_DEPTH = 1000  # far below where the engine overflows its stack (about 5,000), far above real queries


def raw_depth(text: str) -> int:
    """The deepest nesting of all brackets, strings, IRIs and comments included.

    >>> raw_depth('ASK { FILTER(1<((2>1)) && "(") }')
    4
    """
    depth = best = 0
    for c in text:
        if c in OPEN:
            depth += 1
            best = max(best, depth)
        elif c in CLOSE:
            depth = max(0, depth - 1)
    return best


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        return len(text) if end < 0 else end + 3
    j = i + 1
    while j < len(text) and text[j] not in (quote, "\n"):
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _iri_end(text: str, i: int) -> int:
    """The index after ``<...>`` if an IRI starts at ``i`` (not a less-than), else 0."""
    j = i + 1
    while j < len(text) and j - i < 4096:
        c = text[j]
        if c == ">":
            return j + 1
        if c in " \t\n\"<{}|^`\\":
            return 0
        j += 1
    return 0

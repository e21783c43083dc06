"""Evidence as a reader follows it: each stating sentence once, its relations under it, the
stating words marked, and a document's mentions counted rather than listed one per line.

One sentence often states several relations (a cluster, its parks and industries): shown once
per relation it read as seven copies of the same 200 characters (issue 14). Plain data in,
plain data out; no Flask.
"""

from __future__ import annotations

import re
from collections import Counter


def mark_pieces(quote: str, names: list[str], cue: re.Pattern | None = None) -> list[dict]:
    """``quote`` cut into pieces, the ``names`` found in it marked ``end`` and the words of
    ``cue`` that stand between two marked names marked ``cue``.

    Longer names win over shorter ones they contain; a piece is ``{"text", "mark"}``.

    >>> pieces = mark_pieces("董家口园区重点发展高端化工。", ["董家口园区", "高端化工"], re.compile("重点发展|发展"))
    >>> [(p["text"], p["mark"]) for p in pieces]
    [('董家口园区', 'end'), ('重点发展', 'cue'), ('高端化工', 'end'), ('。', None)]
    """
    taken: list[tuple[int, int]] = []
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        for m in re.finditer(re.escape(name), quote):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
    taken.sort()
    spans = [(a, b, "end") for a, b in taken]
    if cue is not None:
        for (_, b), (c, _) in zip(taken, taken[1:], strict=False):
            spans.extend((m.start(), m.end(), "cue") for m in cue.finditer(quote, b, c) if m.end() > m.start())
        spans.sort()
    out, pos = [], 0
    for a, b, kind in spans:
        if a > pos:
            out.append({"text": quote[pos:a], "mark": None})
        out.append({"text": quote[a:b], "mark": kind})
        pos = b
    if pos < len(quote):
        out.append({"text": quote[pos:], "mark": None})
    return out


def _cue(predicates: set[str]) -> re.Pattern | None:
    """One pattern of the words that state any of ``predicates`` (``None`` if none is known)."""
    from graph.extract.relations import CUES

    known = sorted(CUES[p].pattern for p in predicates if p in CUES)
    return re.compile("|".join(f"(?:{k})" for k in known)) if known else None


def names_of(node, fallback: str) -> list[str]:
    """The words a text may name an entity by: its Chinese label and aliases."""
    if node is None:
        return [fallback]
    return [node.zh, *node.aliases]


def by_sentence(rows: list[dict], nodes: dict) -> list[dict]:
    """Evidence rows (``s p o document start end quote how``) grouped by the span that states them.

    Each group keeps the sentence once, its relations (one per ``s p o``, every way of finding
    it kept), and the sentence cut into pieces with both ends of each relation marked, and the
    words known to state a relation (``relations.CUES``) where one is ``stated`` there.
    """
    groups: dict[tuple[str, int, int], dict] = {}
    for r in rows:
        key = (r["document"], r["start"], r["end"])
        group = groups.setdefault(key, {"document": r["document"], "start": r["start"], "end": r["end"],
                                        "quote": r["quote"], "relations": {}, "stated": set()})
        rel = group["relations"].setdefault((r["s"], r["p"], r["o"]), {"s": r["s"], "p": r["p"], "o": r["o"],
                                                                          "hows": set()})
        rel["hows"].add(r["how"])
        if r["how"] == "stated":
            group["stated"].add(r["p"])
    out = []
    for group in groups.values():
        relations = sorted(group.pop("relations").values(), key=lambda x: (x["p"], x["s"], x["o"]))
        names = [n for rel in relations for iri in (rel["s"], rel["o"])
                 for n in names_of(nodes.get(iri), iri.rsplit("/", 1)[-1])]
        group["relations"] = [rel | {"hows": sorted(rel["hows"])} for rel in relations]
        group["pieces"] = mark_pieces(group["quote"], names, _cue(group.pop("stated")))
        out.append(group)
    out.sort(key=lambda x: (x["document"], x["start"], x["end"]))
    return out


def relation_count(groups: list[dict]) -> int:
    """How many distinct relations the sentence groups state (one stated twice counts once)."""
    return len({(r["s"], r["p"], r["o"]) for g in groups for r in g["relations"]})


def by_document(mentions: list[dict]) -> list[dict]:
    """Mentions (``document start end quote``) as one line per document: how many, in which
    words, and the first one to open.

    >>> [(d["document"], d["count"], d["forms"]) for d in by_document([
    ...     {"document": "d1", "start": 9, "end": 11, "quote": "海尔"},
    ...     {"document": "d1", "start": 2, "end": 6, "quote": "海尔集团"},
    ...     {"document": "d1", "start": 20, "end": 22, "quote": "海尔"}])]
    [('d1', 3, [('海尔', 2), ('海尔集团', 1)])]
    """
    docs: dict[str, dict] = {}
    for m in sorted(mentions, key=lambda m: (m["document"], m["start"])):
        d = docs.setdefault(m["document"], {"document": m["document"], "doc": m.get("doc"), "count": 0,
                                            "first": m, "forms": Counter()})
        d["count"] += 1
        d["forms"][m["quote"]] += 1
    for d in docs.values():
        d["forms"] = sorted(d["forms"].items(), key=lambda kv: (-kv[1], kv[0]))
    return sorted(docs.values(), key=lambda d: (getattr(d["doc"], "date", ""), d["document"]))

"""Relations stated by a sentence, each with its evidence span.

Two kinds: a name that carries another (智能家电产业集群 -> 智能家电; 中国移动智算中心 ->
中国移动), and two entities or an action and a value named in one sentence.
"""

from __future__ import annotations

from bisect import bisect_right

from graph.extract.names import Name

#: (subject type, object type) -> predicate, for entities named in one sentence.
SENTENCE_PAIRS = {
    ("Company", "Cluster"): "partOfCluster",
    ("Company", "Park"): "locatedInPark",
    ("Company", "Industry"): "inIndustry",
    ("Platform", "Cluster"): "supportsCluster",
    ("Cluster", "Park"): "hasPark",
    ("Action", "Policy"): "setBy",
    ("Action", "Cluster"): "supportsCluster",
}
#: (outer type, inner type) -> predicate, for a name inside another name.
NESTED_PAIRS = {
    ("Cluster", "Industry"): "inIndustry",
    ("Park", "Industry"): "hostsIndustry",
    ("Platform", "Industry"): "inIndustry",
    ("Company", "Industry"): "inIndustry",
    ("Platform", "Company"): "operatedBy",
    ("Park", "Company"): "operatedBy",
    ("Cluster", "Region"): "locatedIn",
    ("Park", "Region"): "locatedIn",
    ("Platform", "Region"): "locatedIn",
    ("Company", "Region"): "locatedIn",
}


#: subject type -> the object types it can stand in a relation with (pairs of no other types
#: are not looked at).
_RELATED = (*SENTENCE_PAIRS, *NESTED_PAIRS, ("Action", "Action"))
_PARTNERS = {a: tuple(dict.fromkeys(o for s, o in _RELATED if s == a)) for a, _ in _RELATED}


def relations(named, sentences, indicator_spans) -> list[tuple[str, str, str, int, int]]:
    """``(s, p, o, start, end)`` in clean-text offsets; ``end - start`` spans the evidence.

    ``named`` holds ``(name, IRI)`` for every name an entity was found by (clean offsets).
    """
    starts = [start for start, _ in sentences]
    by_sentence: dict[tuple[int, int], list[tuple[Name, str]]] = {}
    for name, iri in named:
        by_sentence.setdefault(_sentence_of(sentences, starts, name.start), []).append((name, iri))
    values_in: dict[tuple[int, int], list[str]] = {}
    for ind_id, start in indicator_spans:
        values_in.setdefault(_sentence_of(sentences, starts, start), []).append(ind_id)
    out: set[tuple[str, str, str, int, int]] = set()
    for span, tagged in by_sentence.items():
        if len(tagged) > 1:
            _pairs(span, tagged, out)
        for ind_id in values_in.get(span, ()):
            for a, a_iri in tagged:
                if a.type == "Action":
                    out.add((a_iri, "targets", ind_id, *span))
    return sorted(out)


def _pairs(span, tagged, out) -> None:
    """Relations between the names of one sentence, added to ``out``."""
    of_type: dict[str, list[tuple[Name, str]]] = {}
    for a, a_iri in tagged:
        of_type.setdefault(a.type, []).append((a, a_iri))
    for a, a_iri in tagged:
        for b_type in _PARTNERS.get(a.type, ()):
            for b, b_iri in of_type.get(b_type, ()):
                if a_iri == b_iri:
                    continue
                inside = b.start >= a.start and b.end <= a.end and (b.start, b.end) != (a.start, a.end)
                pair = (a.type, b_type)
                if inside and pair in NESTED_PAIRS:
                    out.add((a_iri, NESTED_PAIRS[pair], b_iri, a.start, a.end))
                elif not inside and pair in SENTENCE_PAIRS:
                    out.add((a_iri, SENTENCE_PAIRS[pair], b_iri, *span))
                if a.parent and pair == ("Action", "Action") and _matches(b, a.parent):
                    out.add((a_iri, "memberOf", b_iri, a.start, a.end))


def _matches(name: Name, parent: str) -> bool:
    from graph.extract.gazetteer import name_key

    return name_key(name.surface) == name_key(parent) or name_key(name.label) == name_key(parent)


def _sentence_of(sentences, starts, pos):
    return sentences[max(0, bisect_right(starts, pos) - 1)]

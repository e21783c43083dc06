"""Relations stated by a sentence, each with its evidence span.

Two kinds: a name that carries another (智能家电产业集群 -> 智能家电; 中国移动智算中心 ->
中国移动), and two entities or an action and a value named in one sentence.
"""

from __future__ import annotations

from bisect import bisect_right

from graph.model import Mention

#: (subject type, object type) -> predicate, for entities named in one sentence.
SENTENCE_PAIRS = {
    ("Company", "Cluster"): "memberOf",
    ("Company", "Park"): "locatedIn",
    ("Company", "Platform"): "participatesIn",
    ("Company", "Industry"): "inIndustry",
    ("Platform", "Cluster"): "supports",
    ("Cluster", "Park"): "hasPark",
    ("Policy", "Action"): "includesAction",
    ("Action", "Cluster"): "targets",
}
#: (outer type, inner type) -> predicate, for a name inside another name.
NESTED_PAIRS = {
    ("Cluster", "Industry"): "inIndustry",
    ("Park", "Industry"): "inIndustry",
    ("Platform", "Industry"): "inIndustry",
    ("Company", "Industry"): "inIndustry",
    ("Platform", "Company"): "operatedBy",
    ("Park", "Company"): "operatedBy",
    ("Cluster", "Region"): "locatedIn",
    ("Park", "Region"): "locatedIn",
    ("Platform", "Region"): "locatedIn",
    ("Company", "Region"): "locatedIn",
}


def relations(entities, sentences, indicator_spans) -> list[tuple[str, str, str, int, int]]:
    """``(s, p, o, start, end)`` in clean-text offsets; ``end - start`` spans the evidence."""
    by_sentence: dict[tuple[int, int], list[tuple[Mention, str]]] = {}
    for e in entities:
        for m in e.mentions:
            by_sentence.setdefault(_sentence_of(sentences, m.start), []).append((m, e.iri))
    values_in: dict[tuple[int, int], list[str]] = {}
    for ind_id, start in indicator_spans:
        values_in.setdefault(_sentence_of(sentences, start), []).append(ind_id)
    out: set[tuple[str, str, str, int, int]] = set()
    for span, tagged in by_sentence.items():
        for a, a_iri in tagged:
            for b, b_iri in tagged:
                if a_iri == b_iri:
                    continue
                inside = b.start >= a.start and b.end <= a.end and (b.start, b.end) != (a.start, a.end)
                pair = (a.type, b.type)
                if inside and pair in NESTED_PAIRS:
                    out.add((a_iri, NESTED_PAIRS[pair], b_iri, a.start, a.end))
                elif not inside and pair in SENTENCE_PAIRS:
                    out.add((a_iri, SENTENCE_PAIRS[pair], b_iri, *span))
                if a.parent and pair == ("Action", "Action") and _matches(b, a.parent):
                    out.add((a_iri, "partOf", b_iri, a.start, a.end))
        for ind_id in values_in.get(span, ()):
            for a, a_iri in tagged:
                if a.type == "Action":
                    out.add((a_iri, "setsTarget", ind_id, *span))
    return sorted(out)


def _matches(mention: Mention, name: str) -> bool:
    from graph.extract.gazetteer import name_key

    return name_key(mention.label) == name_key(name) or name_key(mention.canonical) == name_key(name)


def _sentence_of(sentences, pos):
    return sentences[max(0, bisect_right(sentences, (pos, float("inf"))) - 1)]



"""Extraction: a document in, its entities, indicator values and relations out.

The pipeline, one component after another over the clean text (:mod:`graph.normalize`), each
given the document's :class:`~graph.extract.context.Context` (gazetteer, lexicon, segmenter,
lexical analyser) explicitly:

1. names: every finder of :data:`~graph.extract.finders.FINDERS` (patterns, gazetteer, lists,
   the lexical analyser), overlaps settled (:func:`~graph.extract.resolve.select`), then the
   :data:`~graph.extract.finders.REFINERS`;
2. entities: mentions merged by canonical form (:func:`~graph.extract.resolve.resolve`);
3. indicator values (:mod:`~graph.extract.indicators`);
4. structure: the sections the headings, items and lead-ins open (:mod:`~graph.extract.structure`);
5. relations: every rule of :data:`~graph.extract.relations.RULES`, each with its evidence and how
   it was found.

Every span is mapped back to the original text at the end, so highlights land where the words
stand in the file.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from graph.extract.context import Context, context_for, use_model
from graph.extract.dates import document_year
from graph.extract.finders import REFINERS, find_names
from graph.extract.gazetteer import Gazetteer
from graph.extract.indicators import find_all_quantities
from graph.extract.names import Name
from graph.extract.patterns import SENTENCE_END
from graph.extract.relations import Facts, Value, relations
from graph.extract.resolve import resolve, select
from graph.extract.structure import outline
from graph.iris import value_iri
from graph.metrics import Registry, metric_key
from graph.model import Document, Extraction, IndicatorValue, Mention, Relation
from graph.normalize import normalize

__all__ = ["extract", "Gazetteer", "Context", "context_for"]


def extract(doc: Document, gazetteer: Gazetteer | None = None, ctx: Context | None = None) -> Extraction:
    """Find the entities, indicator values and relations of one document.

    ``ctx`` is the context to extract in; by default the one of ``gazetteer`` (the bundled one
    when None), with the lexical analyser unless ``IKG_NER=0``.
    """
    ctx = ctx or context_for(gazetteer or _bundled(), use_model())
    norm = normalize(doc.text)
    text = norm.text
    sentences = _sentences(text)
    names = _names(ctx, text, sentences)
    mentions = [_to_mention(n, norm) for n in names]
    # Keyed by identity: resolve() hands back these very objects, and hashing a Mention
    # hashes all its fields.
    name_of = {id(m): n for m, n in zip(mentions, names, strict=True)}
    resolved = resolve(mentions, ctx)
    policy_spans = [(n.start, n.end) for n in names if n.type == "Policy"]
    indicators, indicator_spans = _indicators(doc, text, sentences, norm, policy_spans)
    # Relations are found in the clean text: each entity's names there, with its IRI.
    named = sorted(((name_of[id(m)], e.iri) for e in resolved.entities for m in e.mentions),
                   key=lambda t: (t[0].start, -t[0].end))
    entities = [(e.iri, e.type, (e.label, *e.aliases), e.industry) for e in resolved.entities]
    facts = Facts(text, sentences, named, outline(text, named), indicator_spans, entities)
    rels = []
    for f in relations(facts):
        ostart, oend = norm.to_original(f.start, f.end)
        rels.append(Relation(f.s, f.p, f.o, ostart, oend, how=f.how))
    return Extraction(doc, resolved.entities, tuple(indicators), tuple(rels))


@lru_cache(maxsize=1)
def _bundled() -> Gazetteer:
    return Gazetteer.bundled()


def _sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, its closing mark included; together they tile the text."""
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    spans = list(zip([0, *ends], ends, strict=False))  # one-character marks: none is empty
    if not ends or ends[-1] < len(text):
        spans.append((ends[-1] if ends else 0, len(text)))
    return spans or [(0, 0)]


#: Names are chosen chunk by chunk (whole sentences), so a 20 MB file needs bounded memory.
CHUNK = 200_000


def _names(ctx: Context, text: str, sentences) -> list[Name]:
    names: list[Name] = []
    for lo, hi, chunk in _chunks(sentences):
        names += select(find_names(ctx, text, lo, hi, chunk))
    for refine in REFINERS:
        names = refine(ctx, text, names)
    return names


def _chunks(sentences):
    """``(start, end, sentences)`` runs of whole sentences about ``CHUNK`` characters long."""
    run: list[tuple[int, int]] = []
    for span in sentences:
        run.append(span)
        if span[1] - run[0][0] >= CHUNK:
            yield run[0][0], span[1], run
            run = []
    if run:
        yield run[0][0], run[-1][1], run


def _to_mention(name: Name, norm) -> Mention:
    start, end = norm.to_original(name.start, name.end)
    return Mention(start, end, name.type, name.surface, name.source, name.label, name.industry, name.parent)


def _indicators(doc, text, sentences, norm, policy_spans):
    doc_year = _doc_year(doc)
    scope = doc.meta.get("region") or "青岛市"
    policy_starts = [s for s, _ in policy_spans]

    def masked(pos: int) -> bool:
        # Policy titles are kept without overlaps, in order: only the last one starting at or
        # before ``pos`` can hold it.
        i = bisect_right(policy_starts, pos) - 1
        return i >= 0 and pos < policy_spans[i][1]

    registry = Registry.bundled()
    place = _place_prefix(scope)
    values: list[IndicatorValue] = []
    spans = []
    sure: list[bool] = []
    seen: dict[tuple, int] = {}  # the statement's key -> its value's index in ``values``
    for q in find_all_quantities(text, sentences, doc_year, masked):
        ostart, oend = norm.to_original(q.start, q.end)
        metric = q.metric[len(place):] if place and q.metric.startswith(place) and len(q.metric) - len(place) >= 4 \
            else q.metric
        found = registry.resolve(metric, q.unit)
        quote = "".join(doc.text[ostart:oend].split())
        key = (found.iri if found else metric_key(metric), q.value, q.value_max, q.unit, q.year)
        if key in seen and q.period and values[seen[key]].period not in (None, q.period):
            key = (*key, q.period)  # 1-5月 and 1-9月 of one metric are two values
        if key in seen:  # the lead, the body and a sidebar say it again: one value, every quote kept
            i = seen[key]
            first = values[i]
            values[i] = replace(first, restated=(*first.restated, (ostart, oend, quote)),
                                kind=first.kind if sure[i] or not q.sure else q.kind, period=first.period or q.period)
            sure[i] = sure[i] or q.sure
            spans.append(Value(indicator_id(doc.name, first), q.start, q.end, values[i].kind))
            continue
        value = IndicatorValue(
            metric=metric, value=q.value, unit=q.unit, qualifier=q.qualifier, year=q.year,
            scope=scope, kind=q.kind, start=ostart, end=oend, text=quote, value_max=q.value_max,
            period=q.period, canonical=found.iri if found else None,
        )
        seen[key] = len(values)
        sure.append(q.sure)
        values.append(value)
        spans.append(Value(indicator_id(doc.name, value), q.start, q.end, q.kind))
    return values, spans


def _place_prefix(scope: str) -> str:
    """青岛市 -> 青岛: how a document names its own place before a metric (青岛规上工业企业)."""
    return scope[:-1] if scope.endswith(("市", "县")) and len(scope) > 2 else scope


def indicator_id(doc_name: str, value: IndicatorValue) -> str:
    """A stable IRI for one stated value: the document and the value's place in it."""
    return value_iri(doc_name, value.start)


def _doc_year(doc: Document) -> int | None:
    return document_year(doc.meta or {}, doc.text)

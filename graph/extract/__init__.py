"""Extraction: a document in, its entities, indicator values and relations out.

Steps are plain functions over the clean text (:mod:`graph.normalize`); every span is mapped
back to the original text at the end, so highlights land where the words stand in the file.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache

from graph.extract import lexicon, segment
from graph.extract.dates import document_year
from graph.extract.gazetteer import Gazetteer
from graph.extract.indicators import find_all_quantities
from graph.extract.lists import (
    find_company_lists,
    find_groups,
    find_industries,
    find_lists,
    find_model_names,
    find_tasks,
    short_names,
)
from graph.extract.names import Name, find_all_names
from graph.extract.numbers import parse_number
from graph.extract.patterns import POLICY, SENTENCE_END
from graph.extract.relations import GROUP, PROGRAMME, Facts, Value, relations
from graph.extract.resolve_names import select
from graph.extract.structure import Opener, Outline, openers, sections
from graph.iris import slug, value_iri
from graph.model import Document, Extraction, IndicatorValue, Mention, Relation
from graph.normalize import normalize
from graph.resolve import resolve

__all__ = ["extract", "Gazetteer"]


@lru_cache(maxsize=4)
def _prepare(gazetteer: Gazetteer) -> Gazetteer:
    lexicon.use(gazetteer)
    segment.add_words(gazetteer.names())
    _load_tables()
    return gazetteer


def _load_tables() -> None:
    """Load the pinyin and numeral tables now rather than inside the first document, and
    keep the garbage collector off them: pypinyin's phrase table alone is ~190,000 lists
    that live as long as the process, and every full collection would walk them again
    (about a tenth of extraction time)."""
    slug("青岛")
    parse_number("十")
    gc.freeze()


def extract(doc: Document, gazetteer: Gazetteer | None = None) -> Extraction:
    """Find the entities, indicator values and relations of one document."""
    gazetteer = _prepare(gazetteer or _bundled())
    norm = normalize(doc.text)
    text = norm.text
    sentences = _sentences(text)
    names = _names(text, sentences, gazetteer)
    mentions = [_to_mention(n, norm) for n in names]
    # Keyed by identity: resolve() hands back these very objects, and hashing a Mention
    # hashes all its fields.
    name_of = {id(m): n for m, n in zip(mentions, names, strict=True)}
    resolved = resolve(mentions, gazetteer)
    policy_spans = [(n.start, n.end) for n in names if n.type == "Policy"]
    indicators, indicator_spans = _indicators(doc, text, sentences, norm, policy_spans)
    # Relations are found in the clean text: each entity's names there, with its IRI.
    named = sorted(((name_of[id(m)], e.iri) for e in resolved.entities for m in e.mentions),
                   key=lambda t: (t[0].start, -t[0].end))
    entities = [(e.iri, e.type, (e.label, *e.aliases), e.industry) for e in resolved.entities]
    facts = Facts(text, sentences, named, _outline(text, named), indicator_spans, entities)
    rels = []
    for f in relations(facts):
        ostart, oend = norm.to_original(f.start, f.end)
        rels.append(Relation(f.s, f.p, f.o, ostart, oend, how=f.how))
    return Extraction(doc, resolved.entities, tuple(indicators), tuple(rels))


_SUBTITLE = re.compile("[，：:]")
#: Verbs that open a task: a heading that starts with one names what the section does.
_TASK = re.compile(r"实施|开展|推进|推动|打造|深化|加快|强化|培育|建设|构建|提升|做强|壮大|聚焦")


def _outline(text: str, named) -> Outline:
    """The document's sections; an unmarked line opens one by what it names."""
    found = openers(text)
    starts = [n.start for n, _ in named]

    def level_of(o: Opener) -> float | None:
        if o.kind == "heading" and _SUBTITLE.search(text, o.start, o.head_end) and not _TASK.match(text, o.start):
            return 1.0, "subtitle"  # a news sub-title (建群强链，释放发展合力): a new part, owned by none
        i = bisect_left(starts, o.start)
        heads = []
        while i < len(named) and named[i][0].start < o.head_end:
            heads.append(named[i][0])
            i += 1
        if any(GROUP.match(n.label) for n in heads):
            return 1.5
        if any(n.type == "Action" and (PROGRAMME.search(n.label) or n.source == "heading") for n in heads) or any(
                n.type == "Cluster" for n in heads[:1]):
            return 2.0 if o.kind == "heading" else 3.5
        return 3.0 if o.kind == "heading" else None

    return Outline(sections(text, found, level_of))


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


def _names(text: str, sentences, gazetteer: Gazetteer) -> list[Name]:
    names: list[Name] = []
    for lo, hi, chunk in _chunks(sentences):
        names += select(_chunk_names(text, lo, hi, chunk, gazetteer))
    names = _harmonise_lists(text, _without_listed_names(names))
    names = select(names + short_names(text, names))
    return sorted(names + _industries_in_names(text, names), key=lambda n: (n.start, n.end))


#: What a cluster or park is named after, once its kind is taken off: 临空产业集群 -> 临空产业.
_KIND = re.compile(r"(?:先进制造业|战略性新兴产业|产业)?集群$|(?:特色|新兴)?产业(?:园区|园)$|(?:示范)?基地$|创新中心$")
_NOT_SECTOR = re.compile(r"^(?:特色|新兴|优势|主导|重点|未来|传统|现代|[一二三四五六七八九十\d]+[大个])|区$|园$|城$")


def _industries_in_names(text: str, names: list[Name]) -> list[Name]:
    """The industry a cluster, park or centre is named after, when no other finder saw it:
    智能传感器产业集群 names 智能传感器; 临空产业集群 names 临空产业 (临空 alone is no industry)."""
    from graph.extract.lexicon import is_industry, region_prefix

    covered = {(n.start, n.end) for n in names if n.type == "Industry"}
    inside = [(n.start, n.end) for n in names if n.type == "Industry"]
    found = []
    for n in names:
        if n.type != "Cluster" or n.source == "heading":  # parks carry local place names
            continue
        kind = _KIND.search(n.label)
        if not kind:
            continue
        core = n.label[:kind.start()]
        core = core[len(region_prefix(core)):].lstrip("市区县")
        if len(core) == 2 and kind.group().startswith("产业") and not is_industry(core):
            core += "产业"  # 临空产业
        at = text.find(core, n.start, n.end)
        if len(core) < 2 or at < 0 or _NOT_SECTOR.search(core) or (at, at + len(core)) in covered:
            continue
        if any(s <= at and at + len(core) <= e for s, e in inside):
            continue
        found.append(Name(at, at + len(core), "Industry", core, core, source="list"))
        covered.add((at, at + len(core)))
    return found


def _without_listed_names(names: list[Name]) -> list[Name]:
    """A list item read as an industry that another finder names as a company or platform
    (蔚来、比亚迪等) is that name, not an industry."""
    taken = {(n.start, n.end) for n in names if n.type not in ("Industry", "Region")}
    return [n for n in names if not (n.type == "Industry" and n.source == "list" and (n.start, n.end) in taken)]


def _harmonise_lists(text: str, names: list[Name]) -> list[Name]:
    """Name the items of a list as the document names one of them in full: after
    ``家电及电子信息、食品等6个基地`` and ``家电及电子信息产业示范基地``, 食品产业示范基地."""
    full: dict[tuple[str, str], list[Name]] = {}
    for n in names:
        if n.source != "enumeration" and n.type in ("Park", "Platform", "Cluster"):
            full.setdefault((n.type, n.label[-2:]), []).append(n)
    lists: dict[tuple, list[Name]] = {}
    for n in names:
        if n.source == "enumeration" and n.industry and n.label.startswith(n.industry):
            lists.setdefault((n.type, n.label[len(n.industry):], n.start // 400), []).append(n)
    renamed = {}
    for (type_, head, _), items in lists.items():
        first = min(items, key=lambda m: m.start)
        for f in full.get((type_, head[-2:]), ()):
            if not (f.label.endswith(head) and 0 < f.start - first.start < 300):
                continue
            # The full name's own item: 家电及电子信息 in 家电及电子信息、船舶与海工装备….
            cut = next((k for k in range(2, len(f.label) - len(head))
                        if text.endswith(f.label[:k] + "、", 0, first.start)), None)
            if cut:
                new_head = f.label[cut:]
                renamed |= {id(m): replace(m, label=m.industry + new_head) for m in items}
                break
    return [renamed.get(id(n), n) for n in names]


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


def _chunk_names(text, lo, hi, sentences, gazetteer) -> list[Name]:
    part = text[lo:hi]
    found = [Name(lo + m.start(), lo + m.end(), "Policy", m.group(), m.group(1)) for m in POLICY.finditer(part)]
    found += [
        Name(lo + s, lo + e, entry.type, name, entry.label, industry=entry.industry, source="gazetteer")
        for s, e, entry, name in gazetteer.find(part)
    ]
    found += find_all_names(text, sentences)
    local = find_lists(part) + find_company_lists(part) + find_groups(part) + find_tasks(part, openers(part))
    local += find_industries(part)
    if _MODEL:  # the model reads only what the patterns left unexplained
        known = [(n.start - lo, n.end - lo) for n in found if n.type in ("Company", "Park", "Platform")]
        known += [(n.start, n.end) for n in local if n.type == "Company"]
        local += find_model_names(part, _tagger(), known)
    return found + [replace(n, start=n.start + lo, end=n.end + lo) for n in local]


import os  # noqa: E402

_MODEL = os.environ.get("IKG_NER", "1") != "0"


@lru_cache(maxsize=1)
def _tagger():
    from graph.extract.ner import LacTagger

    return LacTagger()


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

    values, spans = [], []
    for q in find_all_quantities(text, sentences, doc_year, masked):
        ostart, oend = norm.to_original(q.start, q.end)
        value = IndicatorValue(
            metric=q.metric, value=q.value, unit=q.unit, qualifier=q.qualifier, year=q.year,
            scope=scope, kind=q.kind, start=ostart, end=oend,
            text="".join(doc.text[ostart:oend].split()), value_max=q.value_max,
        )
        values.append(value)
        spans.append(Value(indicator_id(doc.name, value), q.start, q.end, q.kind))
    return values, spans


def indicator_id(doc_name: str, value: IndicatorValue) -> str:
    """A stable IRI for one stated value: the document and the value's place in it."""
    return value_iri(doc_name, value.start)


def _doc_year(doc: Document) -> int | None:
    return document_year(doc.meta or {}, doc.text)

"""The finders that propose names, and the steps that refine the names chosen among them.

A finder reads one chunk of the clean text (whole sentences) and returns :class:`Name` s in
clean-text offsets; :data:`FINDERS` run in order, each seeing what the earlier ones found (the
lexical analyser reads only what the patterns left unexplained). After the overlaps are settled
(:func:`graph.extract.resolve.select`), :data:`REFINERS` rework the chosen names over the whole
document. A new finder or step joins its tuple; the pipeline does not change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import accumulate

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
from graph.extract.patterns import POLICY
from graph.extract.resolve import select
from graph.extract.structure import openers


@dataclass
class Chunk:
    """Sentences ``[lo, hi)`` of the clean ``text``, and the names found in them so far."""

    text: str
    lo: int
    hi: int
    sentences: list[tuple[int, int]]
    found: list[Name]

    @property
    def part(self) -> str:
        return self.text[self.lo:self.hi]


Finder = Callable[[object, Chunk], list[Name]]


def policies(ctx, c: Chunk) -> list[Name]:
    """Titles in 《》."""
    return [Name(c.lo + m.start(), c.lo + m.end(), "Policy", m.group(), m.group(1)) for m in POLICY.finditer(c.part)]


def known_names(ctx, c: Chunk) -> list[Name]:
    """The gazetteer's names, by Aho-Corasick."""
    return [Name(c.lo + s, c.lo + e, entry.type, name, entry.label, industry=entry.industry, source="gazetteer")
            for s, e, entry, name in ctx.gazetteer.find(c.part)]


def by_suffix(ctx, c: Chunk) -> list[Name]:
    """Names by how they end (…产业集群, …创新中心), enumerations expanded."""
    return find_all_names(ctx, c.text, c.sentences)


def _local(find: Callable[[object, str], list[Name]]) -> Finder:
    """A finder over the chunk's own text, its offsets moved to the whole text's."""

    def finder(ctx, c: Chunk) -> list[Name]:
        return [replace(n, start=n.start + c.lo, end=n.end + c.lo) for n in find(ctx, c.part)]

    finder.__name__ = find.__name__
    finder.__doc__ = find.__doc__
    return finder


def model_names(ctx, c: Chunk) -> list[Name]:
    """The lexical analyser's organisations, where no earlier finder explained the text."""
    known = [(n.start - c.lo, n.end - c.lo) for n in c.found if n.type in ("Company", "Park", "Platform")]
    return [replace(n, start=n.start + c.lo, end=n.end + c.lo) for n in find_model_names(ctx, c.part, known)]


FINDERS: tuple[Finder, ...] = (
    policies, known_names, by_suffix,
    _local(lambda ctx, t: find_lists(t)), _local(find_company_lists), _local(lambda ctx, t: find_groups(t)),
    _local(lambda ctx, t: find_tasks(t, openers(t))), _local(find_industries),
    model_names,
)


def find_names(ctx, text: str, lo: int, hi: int, sentences) -> list[Name]:
    """Every finder's names for one chunk, before overlaps are settled."""
    chunk = Chunk(text, lo, hi, sentences, [])
    for finder in FINDERS:
        chunk.found += finder(ctx, chunk)
    return chunk.found


def without_listed_names(ctx, text: str, names: list[Name]) -> list[Name]:
    """A list item read as an industry that another finder names as a company or platform
    (蔚来、比亚迪等) is that name, not an industry."""
    taken = {(n.start, n.end) for n in names if n.type not in ("Industry", "Region")}
    return [n for n in names if not (n.type == "Industry" and n.source == "list" and (n.start, n.end) in taken)]


def harmonise_lists(ctx, text: str, names: list[Name]) -> list[Name]:
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


def with_short_names(ctx, text: str, names: list[Name]) -> list[Name]:
    """Short names a document gives in brackets, and their later uses (光威复材)."""
    return select(names + short_names(text, names))


#: What a cluster or park is named after, once its kind is taken off: 临空产业集群 -> 临空产业.
_KIND = re.compile(r"(?:先进制造业|战略性新兴产业|产业)?集群$|(?:特色|新兴)?产业(?:园区|园)$|(?:示范)?基地$|创新中心$")
_SECTOR_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
_NOT_SECTOR = re.compile(r"^(?:特色|新兴|优势|主导|重点|未来|传统|现代|[一二三四五六七八九十\d]+[大个])|区$|园$|城$")


def industries_in_names(ctx, text: str, names: list[Name]) -> list[Name]:
    """The industry a cluster, park or centre is named after, when no other finder saw it:
    智能传感器产业集群 names 智能传感器; 临空产业集群 names 临空产业 (临空 alone is no industry)."""
    is_industry, region_prefix = ctx.lexicon.is_industry, ctx.lexicon.region_prefix
    covered = {(n.start, n.end) for n in names if n.type == "Industry"}
    inside = sorted(covered)
    starts = [s for s, _ in inside]
    reach = list(accumulate((e for _, e in inside), max))  # the furthest end among spans starting so far
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
        if len(core) < 2 or at < 0 or _NOT_SECTOR.search(core) or not _SECTOR_WORD.fullmatch(core) \
                or (at, at + len(core)) in covered:
            continue
        i = bisect_right(starts, at)  # an industry span from at or before ``at`` that covers the core
        if i and reach[i - 1] >= at + len(core):
            continue
        found.append(Name(at, at + len(core), "Industry", core, core, source="list"))
        covered.add((at, at + len(core)))
    return sorted(names + found, key=lambda n: (n.start, n.end))



REFINERS: tuple[Callable[[object, str, list[Name]], list[Name]], ...] = (
    without_listed_names, harmonise_lists, with_short_names, industries_in_names,
)

"""Resolution: which of the overlapping names stand, then which mentions name one entity.

:func:`select` keeps the longest of overlapping names; a name inside a name survives only as a
type that nests (中国移动 in 中国移动智算中心). :func:`resolve` merges the mentions left into
entities with canonical labels, aliases and stable IRIs: 卡奥斯 / 海尔卡奥斯 / COSMOPlat become
one Platform (the gazetteer says so); 青岛仪器仪表产业集群 and 仪器仪表集群 become one Cluster (the
canonical form says so); different things stay apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter

from graph.extract.gazetteer import Gazetteer, name_key
from graph.extract.names import Name
from graph.iris import entity_iri
from graph.model import Entity, Mention
from graph.types import NESTABLE, canonical

_TRAILING_PERIOD = re.compile(r"[（(][^）)]*[)）]$")


@dataclass(frozen=True)
class Resolved:
    entities: tuple[Entity, ...]


_PRIORITY = {"gazetteer": 0, "enumeration": 1, "list": 1, "pattern": 2, "heading": 3, "model": 4}


def select(names: list[Name]) -> list[Name]:
    """Drop duplicates, names inside 《》 titles, and overlaps that lose."""
    if not names:
        return []
    in_policy = {i for n in names if n.type == "Policy" for i in range(n.start, n.end)}
    # Kept names sorted by start, and which characters they cover: a name over uncovered
    # characters has no rival; else its rivals start within the longest kept name before it.
    lo = min(n.start for n in names)
    covered = bytearray(max(n.end for n in names) - lo)
    starts: list[int] = []
    by_start: list[Name] = []
    longest = 0
    for name in _ordered(names):
        start, end = name.start, name.end
        if name.type != "Policy" and start in in_policy and end - 1 in in_policy:
            continue
        s, e = start - lo, end - lo
        if covered.find(1, s, e) >= 0:
            window = by_start[bisect_left(starts, start - longest): bisect_left(starts, end)]
            if any(_loses(name, other) for other in window):
                continue
        i = bisect_right(starts, start)
        starts.insert(i, start)
        by_start.insert(i, name)
        covered[s:e] = b"\x01" * (e - s)
        if e - s > longest:
            longest = e - s
    return sorted(by_start, key=_span)


def _ordered(names: list[Name]) -> list[Name]:
    """One name per span and type (the gazetteer's over an enumeration's over a pattern's, else
    the last found), longest first, then by source and start."""
    by_priority = (  # as a stable sort by descending priority would put them
        [n for n in names if n.source == "model"]
        + [n for n in names if n.source == "heading"]
        + [n for n in names if n.source == "pattern"]
        + [n for n in names if n.source in ("enumeration", "list")]
        + [n for n in names if n.source == "gazetteer"]
    )
    assert len(by_priority) == len(names), "a name from an unknown source"
    unique = {(n.start, n.end, n.type): n for n in by_priority}.values()
    return sorted(unique, key=lambda n: (n.start - n.end, _PRIORITY[n.source], n.start))


_span = attrgetter("start", "end")


def _loses(name: Name, other: Name) -> bool:
    """Whether ``name`` gives way to ``other``, a name at least as long already kept."""
    if name.end <= other.start or other.end <= name.start:
        return False
    if name.type == other.type:
        return True
    if other.type in NESTABLE and name.type not in NESTABLE:
        return not (name.start <= other.start and other.end <= name.end)
    inside = other.start <= name.start and name.end <= other.end
    return not (inside and name.type in NESTABLE)


def resolve(mentions: list[Mention], ctx) -> Resolved:
    """Group mentions by type and canonical key; name each group once."""
    gazetteer = ctx.gazetteer
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    known: dict[tuple[str, str], object] = {}
    keys: dict[tuple[str, str, str], tuple] = {}  # a document names the same things many times
    for m in mentions:
        name = m.canonical or m.label
        if m.source == "enumeration" and m.type == "Platform" and m.industry:
            entry = known_by_item(gazetteer, m.type, m.industry)
            if entry:  # 高速列车、虚拟现实等国家级创新平台: the known centres they name
                name = entry.label
        probe = (m.type, name, m.label)
        if probe not in keys:
            keys[probe] = _group_key(*probe, ctx)
        key, label, entry = keys[probe]
        groups[key].append(m)
        if entry:
            known[key] = entry
        elif key not in known:
            known[key] = label
    _merge_short_policies(groups, known)
    return Resolved(tuple(_entity(key[0], group, known[key], ctx.lexicon) for key, group in sorted(groups.items())))


def _entity(type_: str, group: list[Mention], found, lexicon) -> Entity:
    """The entity a group of mentions names; ``found`` is its gazetteer entry or its label."""
    entry = None if isinstance(found, str) else found
    label = entry.label if entry else found
    surfaces = {m.label for m in group} | {m.canonical for m in group if m.canonical}
    aliases = _distinct(sorted(surfaces - {label}, key=_by_length))
    industry = entry.industry if entry else ""
    if not industry:
        industry = next((_sector(m.industry, lexicon) for m in group if m.industry), "")
    # A single mention needs no de-duplicating or sorting (nor hashing all its fields).
    mentions = (group[0],) if len(group) == 1 else tuple(sorted(set(group), key=_by_place))
    return Entity(
        type=type_, label=label, iri=entity_iri(type_, label, entry.id if entry else ""),
        aliases=tuple(dict.fromkeys(aliases + list(entry.aliases if entry else ()))),
        label_en=entry.label_en if entry else "", mentions=mentions, industry=industry,
    )


#: Heads of a list whose items are known platforms, named by their field: 创新平台, 创新中心.
_INNOVATION = re.compile(r"创新(?:平台|中心)$")


def known_by_item(gazetteer: Gazetteer, type_: str, item: str):
    """The one known entity of ``type_`` whose name holds the list item (or whose sector is it)."""
    if len(item) < 2:
        return None
    hits = {e.label: e for e in gazetteer.entries if e.type == type_ and _INNOVATION.search(e.label) and (
        item in e.label or (e.industry and (e.industry == item or e.industry in item)))}
    return next(iter(hits.values())) if len(hits) == 1 else None


def _by_length(alias: str) -> tuple[int, str]:
    return len(alias), alias


def _by_place(mention: Mention) -> tuple[int, int]:
    return mention.start, mention.end


def _group_key(type_: str, name: str, label: str, ctx):
    """``(group key, canonical label, gazetteer entry or None)`` of a mention."""
    canon = canonical(type_, name, ctx.lexicon)
    entry = ctx.gazetteer.lookup(type_, canon) or ctx.gazetteer.lookup(type_, label)
    return (type_, name_key(entry.label if entry else canon)), canon, entry


def _distinct(aliases: list[str]) -> list[str]:
    """The aliases whose compared form no earlier one has."""
    seen: set[str] = set()
    out = []
    for alias in aliases:
        key = name_key(alias)
        if key not in seen:
            seen.add(key)
            out.append(alias)
    return out


def _sector(item: str, lexicon) -> str:
    place = lexicon.region_prefix(item)
    return item[len(place):] if place and len(item) - len(place) >= 2 else item


def _merge_short_policies(groups, known) -> None:
    """《意见》 stands for the one longer policy title in the document that ends the same way."""
    policies = [k for k in groups if k[0] == "Policy"]
    for short in policies:
        if len(short[1]) > 6 or short not in groups:
            continue
        longer = [k for k in policies if k != short and k in groups and len(k[1]) > len(short[1])
                  and _TRAILING_PERIOD.sub("", k[1]).endswith(short[1])]
        if longer:  # several: the one the document names first (以下简称《方案》 follows it)
            first = min(longer, key=lambda k: min(m.start for m in groups[k]))
            groups[first].extend(groups.pop(short))
            known.pop(short, None)

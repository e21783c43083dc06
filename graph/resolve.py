"""Merge mentions into entities: canonical labels, aliases and stable IRIs.

卡奥斯 / 海尔卡奥斯 / COSMOPlat become one Platform (the gazetteer says so); 青岛仪器仪表产业集群
and 仪器仪表集群 become one Cluster (the canonical form says so); different things stay apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from graph.extract.gazetteer import Gazetteer, name_key
from graph.extract.lexicon import region_prefix
from graph.extract.patterns import LEVEL
from graph.iris import entity_iri
from graph.model import Entity, Mention

_CLUSTER_SUFFIX = re.compile(r"(?:先进制造业|产业)?集群$")
_BRACKETED_PLACE = re.compile(r"[（(][\u4e00-\u9fff]{2,4}[)）]$")
_TRAILING_PERIOD = re.compile(r"[（(][^）)]*[)）]$")


@dataclass(frozen=True)
class Resolved:
    entities: tuple[Entity, ...]


def canonical(type_: str, label: str) -> str:
    """The label an entity is known by.

    >>> canonical("Cluster", "青岛仪器仪表先进制造业集群")
    '仪器仪表产业集群'
    >>> canonical("Park", "人工智能新兴产业专业园区")
    '人工智能新兴产业园区'
    """
    if type_ == "Cluster":
        core = LEVEL.sub("", _CLUSTER_SUFFIX.sub("", label))
        place = region_prefix(core)
        if place and len(core) - len(place) >= 2:
            core = core[len(place):]
        return core + "产业集群"
    if type_ == "Park":
        return label.replace("新兴产业专业园区", "新兴产业园区")
    if type_ == "Platform":
        return _BRACKETED_PLACE.sub("", label)
    if type_ == "Action" and label.startswith("“") and label.endswith("”"):
        return label[1:-1]
    return label


def resolve(mentions: list[Mention], gazetteer: Gazetteer) -> Resolved:
    """Group mentions by type and canonical key; name each group once."""
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
            keys[probe] = _group_key(*probe, gazetteer)
        key, label, entry = keys[probe]
        groups[key].append(m)
        if entry:
            known[key] = entry
        elif key not in known:
            known[key] = label
    _merge_short_policies(groups, known)
    return Resolved(tuple(_entity(key[0], group, known[key]) for key, group in sorted(groups.items())))


def _entity(type_: str, group: list[Mention], found) -> Entity:
    """The entity a group of mentions names; ``found`` is its gazetteer entry or its label."""
    entry = None if isinstance(found, str) else found
    label = entry.label if entry else found
    surfaces = {m.label for m in group} | {m.canonical for m in group if m.canonical}
    aliases = _distinct(sorted(surfaces - {label}, key=_by_length))
    industry = entry.industry if entry else ""
    if not industry:
        industry = next((_sector(m.industry) for m in group if m.industry), "")
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


def _group_key(type_: str, name: str, label: str, gazetteer: Gazetteer):
    """``(group key, canonical label, gazetteer entry or None)`` of a mention."""
    canon = canonical(type_, name)
    entry = gazetteer.lookup(type_, canon) or gazetteer.lookup(type_, label)
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


def _sector(item: str) -> str:
    place = region_prefix(item)
    return item[len(place):] if place and len(item) - len(place) >= 2 else item


def _merge_short_policies(groups, known) -> None:
    """《意见》 stands for the one longer policy title in the document that ends the same way."""
    policies = [k for k in groups if k[0] == "Policy"]
    for short in policies:
        if len(short[1]) > 6:
            continue
        longer = [k for k in policies if k != short and len(k[1]) > len(short[1])
                  and _TRAILING_PERIOD.sub("", k[1]).endswith(short[1])]
        if longer:  # several: the one the document names first (以下简称《方案》 follows it)
            first = min(longer, key=lambda k: min(m.start for m in groups[k]))
            groups[first].extend(groups.pop(short))
            known.pop(short, None)

"""The entity types: one table of what extraction, resolution and the views need to know of each.

Adding a type is a row here and a class in ``ontology/ikg.ttl`` (its labels are read from there);
extraction finds its names by its suffixes, resolution names it by its canonical form, and the
network views draw it in its colour and shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


def _same(label: str, lexicon) -> str:
    return label


_CLUSTER_SUFFIX = re.compile(r"(?:先进制造业|产业)?集群$")
_LEVEL = re.compile(r"(?:国家级|省级|市级|世界级|国家|省|[\d一二三四五六七八九十百千万亿]+级)+$")
_BRACKETED_PLACE = re.compile(r"[（(][\u4e00-\u9fff]{2,4}[)）]$")


def _cluster(label: str, lexicon) -> str:
    """青岛仪器仪表先进制造业集群 and 仪器仪表集群 are one: 仪器仪表产业集群."""
    core = _LEVEL.sub("", _CLUSTER_SUFFIX.sub("", label))
    place = lexicon.region_prefix(core) if lexicon else ""
    if place and len(core) - len(place) >= 2:
        core = core[len(place):]
    return core + "产业集群"


def _park(label: str, lexicon) -> str:
    return label.replace("新兴产业专业园区", "新兴产业园区")


def _platform(label: str, lexicon) -> str:
    return _BRACKETED_PLACE.sub("", label)


def _action(label: str, lexicon) -> str:
    return label[1:-1] if label.startswith("“") and label.endswith("”") else label


@dataclass(frozen=True)
class EntityType:
    """One type: how its names end, how long they may be, whether one survives inside a longer
    name of another type (中国移动 in 中国移动智算中心), its canonical form, colour and shape."""

    name: str
    colour: str
    shape: str
    suffixes: tuple[str, ...] = ()
    max_len: int = 24
    nestable: bool = False
    canonical: Callable[[str, object], str] = _same


#: In the order suffix matches of one sentence are tried (ties between types break by it).
TYPES: tuple[EntityType, ...] = (
    EntityType("Cluster", "#d62728", "dot", ("先进制造业集群", "产业集群", "集群"), 16, canonical=_cluster),
    EntityType("Park", "#1f77b4", "square", (
        "新兴产业专业园区", "新兴产业园区", "特色产业园区", "特色产业园", "专业园区", "产业园区", "示范园区", "生态园", "科技园",
        "产业园", "工业园", "软件园", "产业示范基地", "示范基地", "产业基地", "生产基地", "科创区",
        "科学城", "园区", "基地",
        "高新技术产业开发区", "高技术产业开发区", "经济技术开发区", "经济开发区", "高新技术产业区", "开发区",
        "高新区", "经济区", "物流园", "智慧城",
    ), 20, canonical=_park),
    EntityType("Platform", "#2ca02c", "triangle", (
        "技术创新中心", "制造业创新中心", "创新中心", "技术转移中心", "工业互联网平台",
        "公共服务平台", "服务平台", "智算中心", "超算中心", "算力中心", "重点实验室", "实验室",
        "研究院", "峰会", "创新平台", "计算中心", "大模型", "平台",
        "工程技术研究中心", "技术研究中心", "研究中心", "孵化器", "云平台", "检验检测平台", "对接平台", "数字化平台",
    ), 24, nestable=True, canonical=_platform),
    EntityType("Action", "#9467bd", "star", ("专项行动", "行动计划", "行动", "工程", "计划"), 24, canonical=_action),
    EntityType("Company", "#ff7f0e", "diamond", (
        "集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "集团",
    ), 24, nestable=True),
    EntityType("Policy", "#8c564b", "box"),
    EntityType("Industry", "#17becf", "ellipse", nestable=True),
    EntityType("Region", "#7f7f7f", "hexagon", nestable=True),
    EntityType("Indicator", "#bcbd22", "triangleDown"),
)
BY_NAME = {t.name: t for t in TYPES}
ENTITY_TYPES = tuple(t.name for t in TYPES)
#: Suffixes by type, for the types found by how their names end.
SUFFIXES = {t.name: t.suffixes for t in TYPES if t.suffixes}
MAX_NAME = {t.name: t.max_len for t in TYPES if t.suffixes}
NESTABLE = frozenset(t.name for t in TYPES if t.nestable)
#: A type without a row of its own.
FALLBACK_STYLE = ("#999999", "dot")


def canonical(type_: str, label: str, lexicon=None) -> str:
    """The label an entity of ``type_`` is known by.

    >>> canonical("Cluster", "仪器仪表先进制造业集群")
    '仪器仪表产业集群'
    >>> canonical("Park", "人工智能新兴产业专业园区")
    '人工智能新兴产业园区'
    """
    t = BY_NAME.get(type_)
    return t.canonical(label, lexicon) if t else label


def style(type_: str) -> tuple[str, str]:
    """Colour and vis-network shape of a type."""
    t = BY_NAME.get(type_)
    return (t.colour, t.shape) if t else FALLBACK_STYLE


def labels(type_: str) -> tuple[str, str]:
    """``(zh, en)`` name of a type, from the ontology's ``rdfs:label``."""
    from ontology import class_labels

    return class_labels().get(type_, (type_, type_))

"""What the extractors need to know about words: industries and regions from the gazetteer.

Set once per process by :func:`use`; plain functions read it.
"""

from __future__ import annotations

from graph.extract.gazetteer import Gazetteer, name_key

_INDUSTRIES: set[str] = set()
_REGIONS: dict[str, str] = {}


def use(gazetteer: Gazetteer) -> None:
    _INDUSTRIES.clear()
    _INDUSTRIES.update(name_key(n) for n in gazetteer.names("Industry"))
    _REGIONS.clear()
    for entry in gazetteer.entries:
        if entry.type == "Region":
            for name in (entry.label, *entry.aliases):
                _REGIONS[name] = entry.label


def is_industry(word: str) -> bool:
    """A known sector, also with 产业/行业 after it: 集成电路, 集成电路产业."""
    key = name_key(word)
    return key in _INDUSTRIES or (key.endswith(("产业", "行业")) and key[:-2] in _INDUSTRIES)


def region_prefix(name: str) -> str:
    """The known region a name starts with (longest), or ``""``: 青岛市橡胶… -> 青岛市."""
    for size in range(min(6, len(name) - 1), 1, -1):
        if name[:size] in _REGIONS:
            return name[:size]
    return ""


def region_label(name: str) -> str:
    return _REGIONS.get(name, "")

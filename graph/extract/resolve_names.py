"""Choose among overlapping names: the longest wins, a name inside a name survives only as a
Company, Region or Industry it carries (中国移动 in 中国移动智算中心)."""

from __future__ import annotations

from graph.extract.names import Name

NESTABLE = frozenset({"Company", "Region", "Industry"})
_PRIORITY = {"gazetteer": 0, "enumeration": 1, "list": 1, "pattern": 2}


def select(names: list[Name]) -> list[Name]:
    """Drop duplicates, names inside 《》 titles, and overlaps that lose."""
    policies = [(n.start, n.end) for n in names if n.type == "Policy"]
    ordered = sorted(
        {(n.start, n.end, n.type): n for n in sorted(names, key=lambda n: -_PRIORITY[n.source])}.values(),
        key=lambda n: (-(n.end - n.start), _PRIORITY[n.source], n.start),
    )
    kept: list[Name] = []
    for name in ordered:
        if name.type != "Policy" and any(s <= name.start and name.end <= e for s, e in policies):
            continue
        if any(_loses(name, other) for other in kept):
            continue
        kept.append(name)
    return sorted(kept, key=lambda n: (n.start, n.end))


def _loses(name: Name, other: Name) -> bool:
    """Whether ``name`` gives way to ``other``, a name at least as long already kept."""
    if name.end <= other.start or other.end <= name.start:
        return False
    inside = other.start <= name.start and name.end <= other.end
    if inside and name.type in NESTABLE and name.type != other.type:
        return False
    return True

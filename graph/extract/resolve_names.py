"""Choose among overlapping names: the longest wins, a name inside a name survives only as a
Company, Region or Industry it carries (中国移动 in 中国移动智算中心)."""

from __future__ import annotations

from graph.extract.names import Name

NESTABLE = frozenset({"Company", "Region", "Industry", "Platform"})
_PRIORITY = {"gazetteer": 0, "enumeration": 1, "list": 1, "pattern": 2}


def select(names: list[Name]) -> list[Name]:
    """Drop duplicates, names inside 《》 titles, and overlaps that lose."""
    policies = [(n.start, n.end) for n in names if n.type == "Policy"]
    ordered = sorted(
        {(n.start, n.end, n.type): n for n in sorted(names, key=lambda n: -_PRIORITY[n.source])}.values(),
        key=lambda n: (-(n.end - n.start), _PRIORITY[n.source], n.start),
    )
    in_policy = {i for s, e in policies for i in range(s, e)}
    kept: list[Name] = []
    at: dict[int, list[Name]] = {}  # char position -> kept names covering it
    for name in ordered:
        if name.type != "Policy" and name.start in in_policy and name.end - 1 in in_policy:
            continue
        rivals = {id(o): o for i in range(name.start, name.end) for o in at.get(i, ())}
        if any(_loses(name, other) for other in rivals.values()):
            continue
        kept.append(name)
        for i in range(name.start, name.end):
            at.setdefault(i, []).append(name)
    return sorted(kept, key=lambda n: (n.start, n.end))


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

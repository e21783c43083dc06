"""Choose among overlapping names: the longest wins, a name inside a name survives only as a
Company, Region or Industry it carries (中国移动 in 中国移动智算中心)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from graph.extract.names import Name

NESTABLE = frozenset({"Company", "Region", "Industry", "Platform"})
_PRIORITY = {"gazetteer": 0, "enumeration": 1, "list": 1, "pattern": 2}


def select(names: list[Name]) -> list[Name]:
    """Drop duplicates, names inside 《》 titles, and overlaps that lose."""
    if not names:
        return []
    policies = [(n.start, n.end) for n in names if n.type == "Policy"]
    ordered = sorted(
        {(n.start, n.end, n.type): n for n in sorted(names, key=lambda n: -_PRIORITY[n.source])}.values(),
        key=lambda n: (-(n.end - n.start), _PRIORITY[n.source], n.start),
    )
    in_policy = {i for s, e in policies for i in range(s, e)}
    # Kept names sorted by start, and which characters they cover: a name over uncovered
    # characters has no rival; else its rivals start within the longest kept name before it.
    lo = min(n.start for n in names)
    covered = bytearray(max(n.end for n in names) - lo)
    starts: list[int] = []
    by_start: list[Name] = []
    longest = 0
    for name in ordered:
        if name.type != "Policy" and name.start in in_policy and name.end - 1 in in_policy:
            continue
        s, e = name.start - lo, name.end - lo
        if covered.find(1, s, e) >= 0:
            window = by_start[bisect_left(starts, name.start - longest): bisect_left(starts, name.end)]
            if any(_loses(name, other) for other in window):
                continue
        i = bisect_right(starts, name.start)
        starts.insert(i, name.start)
        by_start.insert(i, name)
        covered[s:e] = b"\x01" * (e - s)
        longest = max(longest, e - s)
    return sorted(by_start, key=lambda n: (n.start, n.end))


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

"""Choose among overlapping names: the longest wins, a name inside a name survives only as a
Company, Region or Industry it carries (中国移动 in 中国移动智算中心)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import attrgetter

from graph.extract.names import Name

NESTABLE = frozenset({"Company", "Region", "Industry", "Platform"})
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

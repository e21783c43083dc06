"""Document structure: the lines that open a section, and the section each position is in.

These reports are organised by headings (``一、`` ``（一）`` ``1.`` ``①`` ``##``), list items
(``-`` ``•``), short unmarked sub-titles and bold lead-ins (``实施产业结构提档行动。…``). Each
of these *opens* a section that runs until the next opener of the same or a higher level, so a
target in the section of an action can be attributed to that action. Levels of unmarked openers
depend on what they name, which only the caller knows: :func:`sections` takes a function for it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from graph.extract.patterns import CLAUSE_END, GROUP, PROGRAMME, SENTENCE_END

#: Marked headings, outermost first: (pattern, level).
MARKERS = (
    (re.compile(r"第[一二三四五六七八九十]+[章节部分篇]"), 1.0),
    (re.compile(r"[一二三四五六七八九十]{1,3}[、．]"), 1.0),
    (re.compile(r"#(?!#)"), 1.0),
    (re.compile(r"##"), 2.0),
    (re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]"), 2.0),
    (re.compile(r"\d{1,2}(?:[、．]|\.(?!\d))"), 3.0),
    (re.compile(r"[（(]\d{1,2}[）)]"), 4.0),
    (re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"), 5.0),
    (re.compile(r"[-•·▪◆◇▶►]\s*"), 4.5),
    (re.compile(r"(?:[一二三四五六七八九十]是)"), 4.5),
)
#: Lines that are body text whatever they look like: captions and bullets of the body.
BODY = re.compile(r"[■□●○▲△★☆※图]")
#: An unmarked line this short, with no sentence punctuation, reads as a sub-title.
MAX_TITLE = 30
#: A first sentence this short ahead of body text reads as a bold lead-in.
MAX_LEAD = 40


@dataclass(frozen=True, slots=True)
class Opener:
    """A line (or the lead of one) that opens a section: ``[start, head_end)`` is its text."""

    start: int
    head_end: int
    kind: str  # "title", "heading", "item", "lead"
    level: float | None  # from the marker; None when the caller decides


@dataclass(frozen=True, slots=True)
class Section:
    start: int
    head_end: int
    end: int
    level: float
    kind: str


def openers(text: str) -> list[Opener]:
    """Every heading, list item, sub-title and lead-in of ``text``, in order.

    >>> [(o.kind, o.level) for o in openers("一、总体要求\\n（一）实施强链行动。推动集群发展。\\n正文，很长的一段。")]
    [('heading', 1.0), ('heading', 2.0), ('lead', None)]
    """
    found: list[Opener] = []
    pos = 0
    for line in text.split("\n"):
        start, body = pos + len(line) - len(line.lstrip()), line.strip()
        pos += len(line) + 1
        if not body:
            continue
        opener = _opener(body, start, first=not found and start < 200)
        if opener:
            found.append(opener)
    return found


def _opener(line: str, start: int, first: bool) -> Opener | None:
    for pattern, level in MARKERS:
        m = pattern.match(line)
        if m and len(line) > m.end():
            kind = "item" if level == 4.5 else "heading"
            return Opener(start, start + _lead_end(line), kind, level)
    if BODY.match(line):
        return None
    if len(line) <= MAX_TITLE and not SENTENCE_END.search(line) and not line.endswith(("，", "、", ",")):
        return Opener(start, start + len(line), "title" if first else "heading", 0.0 if first else None)
    lead = SENTENCE_END.search(line)
    if lead and lead.end() <= MAX_LEAD and lead.end() < len(line) and line[lead.start()] == "。":
        return Opener(start, start + lead.end(), "lead", None)
    clause = CLAUSE_END.search(line)
    if clause and clause.end() <= MAX_LEAD:
        return Opener(start, start + clause.end(), "lead", None)
    return None


def _lead_end(line: str) -> int:
    """A marked heading's own text: the line, or its first sentence when body text follows."""
    m = SENTENCE_END.search(line)
    return m.end() if m and m.end() < len(line) else len(line)


def sections(text: str, found: list[Opener], level_of: Callable[[Opener], object]) -> list[Section]:
    """Sections of ``text``: each opener's runs to the next opener of the same or a higher level.

    ``level_of`` gives the level of an opener with none from its marker, or None when the line
    opens no section (a lead that names nothing, a sub-title that is body text); or a pair
    ``(level, kind)`` to say what kind of opener the line turned out to be.
    """
    opened: list[tuple[Opener, float, str]] = []
    for o in found:
        level = o.level if o.level is not None else level_of(o)
        if isinstance(level, tuple):
            opened.append((o, *level))
        elif level is not None:
            opened.append((o, level, o.kind))
    out: list[Section] = []
    for i, (o, level, kind) in enumerate(opened):
        end = next((n.start for n, lv, _ in opened[i + 1:] if lv <= level), len(text))
        if kind == "lead":  # a bold lead-in heads its own paragraph only
            line_end = text.find("\n", o.head_end)
            end = min(end, len(text) if line_end < 0 else line_end)
        out.append(Section(o.start, o.head_end, end, level, kind))
    return out


class Outline:
    """The sections holding a position, innermost last: a position's context in the document."""

    def __init__(self, found: list[Section]):
        self.sections = found
        self._starts = [s.start for s in found]
        # Sections nest (each ends at the next opener of its level or higher, or sooner): each
        # one's parent is the nearest earlier section still open at its start.
        self._parent: list[int] = []
        self._children: dict[int, list[Section]] = {}
        stack: list[int] = []
        for i, s in enumerate(found):
            while stack and found[stack[-1]].end <= s.start:
                stack.pop()
            self._parent.append(stack[-1] if stack else -1)
            self._children.setdefault(self._parent[-1], []).append(s)
            stack.append(i)

    def around(self, pos: int) -> list[Section]:
        """The sections that hold ``pos``, outermost first (the heading's own text included)."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0 and not (self.sections[i].start <= pos < self.sections[i].end):
            i = self._parent[i]
        out = []
        while i >= 0:
            out.append(self.sections[i])
            i = self._parent[i]
        return out[::-1]

    def children(self, section: Section) -> list[Section]:
        """The sections directly inside ``section``."""
        i = bisect_right(self._starts, section.start) - 1
        while i >= 0 and self.sections[i] is not section:
            i -= 1
        return self._children.get(i, []) if i >= 0 else []


_SUBTITLE = re.compile("[，：:]")
#: Verbs that open a task: a heading that starts with one names what the section does.
_TASK = re.compile(r"实施|开展|推进|推动|打造|深化|加快|强化|培育|建设|构建|提升|做强|壮大|聚焦")


def outline(text: str, named) -> Outline:
    """The document's sections. An unmarked line opens one by what it names: a group of
    programmes (五大提升工程) outranks a programme or cluster heading, which outranks a plain
    sub-heading; a lead-in opens one only for a programme or cluster; a news sub-title with a
    comma (建群强链，释放发展合力) starts a new part that no programme owns.

    ``named`` holds ``(Name, IRI)`` sorted by start, in clean-text offsets.
    """
    found = openers(text)
    starts = [n.start for n, _ in named]

    def level_of(o: Opener):
        if o.kind == "heading" and _SUBTITLE.search(text, o.start, o.head_end) and not _TASK.match(text, o.start):
            return 1.0, "subtitle"
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

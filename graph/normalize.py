"""Repair newspaper-PDF layout into clean sentences, keeping a map back to the original.

Lines break mid-word, headings run vertically one character per line, digits are spaced
(``2 0 2 5 年``) and may be full-width (``６.５％``). ``normalize`` rejoins all that and
returns, for every character of the clean text, its index in the original, so a mention
found in the clean text can be highlighted where it stands in the file.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

# Full-width ASCII (digits, letters, %, ., +, -, /, :) and the ideographic space fold to ASCII;
# Chinese punctuation (，。；：“”（）) stays, so labels read as Chinese. One char -> one char.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in "，；：！？（）"}
_FOLD[0x3000] = 0x20
_FOLD_TABLE = str.maketrans(_FOLD)
#: Runs of characters to fold: translating only these is much faster than the whole text.
_TO_FOLD = re.compile("[" + "".join(map(chr, sorted(_FOLD))) + "]+")  # no ASCII, so nothing to escape

_WS_SPLIT = re.compile(r"(\s+)")
_TERMINAL = set("。！？；!?;：:」』】")
_CONTINUING = set("、，,（(“‘《—")
_MARKERS = set("■□●◆▲★#-*•·")
_MIN_WRAPPED_LINE = 12


@dataclass(frozen=True)
class Normalized:
    """Clean ``text`` and ``offsets[i]``: the original index of ``text[i]``.

    The map is kept as runs: from clean index ``starts[k]`` on, a character's original index
    is its clean index plus ``shifts[k]``. A white-space repair starts a new run, so there are
    a few hundred runs where a per-character array would be filled one number at a time.
    """

    text: str
    starts: list[int]
    shifts: list[int]

    @cached_property
    def offsets(self) -> array:
        """The original index of every clean character (built on first use)."""
        size = len(self.text)
        ends = [*self.starts[1:], size]
        out = array("i")
        for start, end, shift in zip(self.starts, ends, self.shifts, strict=True):
            out.extend(range(start + shift, min(end, size) + shift))
        return out

    def original(self, i: int) -> int:
        """The original index of ``text[i]``."""
        return i + self.shifts[bisect_right(self.starts, i) - 1]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the clean span ``[start, end)`` to the original text."""
        if end <= start:
            size = len(self.text)
            pos = self.original(start) if start < size else (self.original(size - 1) + 1 if size else 0)
            return pos, pos
        starts, shifts = self.starts, self.shifts  # original() inlined: called for every name
        return start + shifts[bisect_right(starts, start) - 1], end + shifts[bisect_right(starts, end - 1) - 1]


def fold_width(text: str) -> str:
    """Full-width digits, letters and signs to ASCII, one character for one.

    >>> fold_width("增长６.５％，ＣＯＳＭＯＰｌａｔ")
    '增长6.5%，COSMOPlat'
    """
    return _TO_FOLD.sub(lambda m: m.group().translate(_FOLD_TABLE), text)


def normalize(raw: str) -> Normalized:
    """Join wrapped lines and spaced digits; keep paragraph and sentence breaks as ``\\n``.

    >>> normalize("到 2 0 2 5 年，全市规上工业\\n企业达到５０００\\n家。").text
    '到2025年，全市规上工业企业达到5000家。'
    """
    text = fold_width(raw)
    out: list[str] = []
    starts, shifts = [0], [0]
    size = pos = 0  # clean characters so far; where the text not yet copied starts
    parts = _WS_SPLIT.split(text)  # text, white space, text, …, text
    for i in range(1, len(parts), 2):
        a = pos + len(parts[i - 1])
        b = a + len(parts[i])
        out.append(parts[i - 1])
        size += a - pos
        sep = _separator(text, a, b)
        if sep:  # stands where the white space starts, so the shift holds
            out.append(sep)
            size += 1
        pos = b
        if pos - size != shifts[-1]:  # text[pos] comes next: a new run unless the shift holds
            starts.append(size)
            shifts.append(pos - size)
    out.append(parts[-1])
    clean = "".join(out)
    # A separator at the very start or end carries nothing.
    start = 0
    while start < len(clean) and clean[start] in "\n ":
        start += 1
    end = len(clean)
    while end > start and clean[end - 1] in "\n ":
        end -= 1
    first = bisect_right(starts, start) - 1
    return Normalized(
        clean[start:end],
        [0] + [s - start for s in starts[first + 1:]],
        [shift + start for shift in shifts[first:]],
    )


def _separator(text: str, a: int, b: int) -> str:
    """What the white space ``text[a:b]`` stands for: ``""`` (a wrap), ``" "`` or ``"\\n"``."""
    prev = text[a - 1] if a else "\n"
    nxt = text[b] if b < len(text) else "\n"
    run = text[a:b]
    breaks = run.count("\n") + (run.count("\r") if "\n" not in run else 0)
    if not breaks:
        return " " if _is_latin(prev) and _is_latin(nxt) else ""
    if prev in _CONTINUING:
        return ""
    if prev in _TERMINAL or nxt in _MARKERS or prev in _MARKERS:
        return "\n"
    indented = run.rsplit("\n", 1)[-1] != ""
    if indented or (prev.isdigit() and nxt.isdigit()):
        return "\n"
    if _HEADING_LINE.match(_line_before(text, a)) or _HEADING_START.match(text, b):
        return "\n"  # 一、出台背景 / （一）产业集群培育工程: a heading keeps its own line
    if breaks == 1:
        return " " if _is_latin(prev) and _is_latin(nxt) else ""
    if _line_before(text, a)[:1] in _MARKERS:
        return "\n"  # □本报记者 王蕾, then a blank line: a byline or caption is a paragraph of its own
    # A blank line inside a sentence is a page or column break only after a full-width line.
    line = _line_before(text, a)
    if len(line) >= _MIN_WRAPPED_LINE and len(line) >= 0.8 * _widest_before(text, a - len(line)):
        return ""
    return "\n"


_MARK = r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]+[章节部分])"
_HEADING_LINE = re.compile(rf"^{_MARK}[^。；！？，]{{2,28}}$")
_HEADING_START = re.compile(_MARK)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _line_before(text: str, end: int) -> str:
    start = text.rfind("\n", 0, end) + 1
    return text[start:end].strip()


def _widest_before(text: str, end: int, lines: int = 3) -> int:
    """Length of the widest of the few non-empty lines before ``end``."""
    widest = 0
    while lines and end > 0:
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start:end].strip()
        if line:
            widest = max(widest, len(line))
            lines -= 1
        end = start
    return widest

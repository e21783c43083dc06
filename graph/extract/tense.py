"""Target or reported, and over which period: read from the words before a value.

``力争``, ``到2025年``, ``目标``, ``将`` set a value to reach; ``完成``, ``截至``, ``累计``, a past period
(``1-5月``, ``一季度``, ``前三季度``) or a past year report one. The nearest cue before the value
decides, in its clause first, then its sentence, then its paragraph; a year after the document's
is always a target, a year before it reported unless a cue says otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from graph.extract.patterns import last_match, led_by

#: Single-character cues only outside the words that hold them: 虚拟现实, 重要, 要素, 即将到来.
_TARGET = (
    r"力争|确保|争取|目标|预计|计划|努力|力促|(?<![即必])将(?!军)|(?<![重主需摘纲首必只])要(?![素点闻求件])"
    r"|(?<![虚模])拟|力求|下一步|锚定|奋力|到(?:19|20)\d{2}年|明年"
)
_REPORTED = (
    r"截至|截止|累计|已经|已|完成了?|实现了?(?=[\u4e00-\u9fff]{0,12}(?:同比|比上年))|达到了|共有|拥有|现有|共|建成|获评"
    r"|入选|去年|上年|以来|前[两三四五六七八九十]个月|[一二三四]季度|上半年|(?:1|一)?[-—~至到]\d{1,2}月|1月至\d{1,2}月"
    r"|前三季度|近年来|过去|先后|相继|位居|居全|排名|实现了"
    r"|(?:增长|提高|提升|下降|突破|超过|增加|减少|扩大|翻|聚集|集聚|引进|培育|带动|建设)了"
)
_CUE = led_by("力确争目预计努将要拟下锚奋到明截累已完实达共拥现建获入去上以前一二三四1-—~至近过先相位居排增提突超减扩翻聚集引培带",
               rf"(?P<target>{_TARGET})|(?P<reported>{_REPORTED})")
#: Periods as the annotation writes them, from the words that state them.
_PERIOD = led_by(
    "1一前第上截目今累每年",
    r"(?P<months>(?:1|一)月?(?:份)?[-—~至到](?P<m>\d{1,2})月|前(?P<n>[两三四五六七八九十])个月)|(?P<q3>前三季度)|(?P<q1>[一第]一?季度)"
    r"|(?P<h1>上半年)|截至(?P<until>\d{1,2})月(?:底|末)?|(?P<now>截至目前|截至当前|目前)|(?P<since>今年以来)"
    r"|(?P<total>累计)|(?P<yearly>每年)|(?P<average>年均)"
)
_NEW_YEAR = re.compile(r"(?:19|20)\d{2}年|今年|明年|去年|全年")
_CN = {"两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ELAPSED = ("1-", "一季度", "上半年", "截至", "今年以来", "累计")


def period_of(text: str, floor: int, pos: int, year: int | None) -> str | None:
    """The sub-year or repeating period of the value at ``pos`` in the sentence from ``floor``.

    年均 and 每年 hold for their clause; an elapsed period (1-9月, 截至目前) for the rest of its
    paragraph, until a year is named again (明年力争…).
    """
    clause = _clause_start(text, floor, pos)
    periods = _marks(text, _PERIOD)
    found = periods.last(floor, pos)
    if found is not None and (found["yearly"] or found["average"]) and found.start() < clause:
        found = None
    if found is None:
        paragraph = _paragraph_start(text, floor)
        found = periods.last(paragraph, pos)
        if found is None or found["yearly"] or found["average"] or found["total"]:
            return None
        if _NEW_YEAR.search(text, found.end(), pos):
            return None
    elif _NEW_YEAR.search(text, found.end(), pos):
        return None
    g = found.groupdict()
    if g["months"]:
        return f"1-{int(g['m'])}月" if g["m"] else f"1-{_CN[g['n']]}月"
    if g["q3"]:
        return "1-9月"
    if g["q1"]:
        return "一季度"
    if g["h1"]:
        return "上半年"
    if g["until"]:
        return f"截至{int(g['until'])}月"
    if g["now"]:
        return "截至目前"
    if g["since"]:
        return "今年以来"
    if g["total"]:
        return "累计"
    if g["yearly"]:
        return f"每年（至{year}年）" if year and _until_year(text, floor, pos) else "每年"
    if g["average"]:
        return f"年均（至{year}年）" if year else "年均"
    return None


def voice(text: str) -> str:
    """``"plan"`` when the document mostly sets values (a plan, a notice), else ``"report"``:
    what a value with no cue of its own is taken to be."""
    cues = _marks(text, _CUE).found
    targets = sum(1 for m in cues if m.lastgroup == "target")
    reported = len(cues) - targets
    return "plan" if targets >= 1.5 * reported else "report"


def kind_of(text: str, floor: int, pos: int, year: int | None, doc_year: int | None,
            period: str | None, plan: bool = True) -> tuple[str, bool]:
    """``("target" | "reported", sure)`` for the value at ``pos`` of the sentence starting at
    ``floor``; ``sure`` is False when nothing but the default decided (a restatement may know).
    In a plan (``plan``), 完成 and 实现 of the plan's own year set a value, they do not report one."""
    if year and doc_year and year > doc_year:
        return "target", True
    clause = max(floor, _clause_start(text, floor, pos))
    paragraph = _paragraph_start(text, floor)
    for start in (clause, floor, paragraph):
        cue = _last_cue(text, start, pos, plan)
        if cue:
            if cue == "target" and year and doc_year and year < doc_year and start != clause:
                continue  # a cue far off does not make a past year's value a target
            return cue, True
        if start == clause and _done_after(text, clause, pos):
            return "reported", True
    if not (year and doc_year and year < doc_year) and _next_steps(text, paragraph):
        return "target", True
    if period and period.startswith(_ELAPSED):
        return "reported", True
    if year and doc_year and year < doc_year:
        return "reported", True
    return ("target" if plan else "reported"), False


class _Marks:
    """The matches of one pattern over a whole document, found once and looked up by span:
    every value asks for the cues of its clause, sentence and paragraph."""

    def __init__(self, text: str, pattern: re.Pattern):
        self.found = list(pattern.finditer(text))
        self._starts = [m.start() for m in self.found]

    def within(self, start: int, end: int) -> list[re.Match]:
        i, j = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [m for m in self.found[i:j] if m.end() <= end]

    def last(self, start: int, end: int) -> re.Match | None:
        found = self.within(start, end)
        return found[-1] if found else None


@lru_cache(maxsize=16)
def _marks(text: str, pattern: re.Pattern) -> _Marks:
    return _Marks(text, pattern)


def _last_cue(text: str, start: int, end: int, plan: bool) -> str | None:
    cues = _marks(text, _CUE).within(start, end)
    for i, found in enumerate(reversed(cues)):
        if found.lastgroup == "reported" and _WEAK.match(found.group()):
            # 将完成, 力争实现: the verb is what the target cue sets.
            if plan or any(c.lastgroup == "target" for c in cues[:len(cues) - i - 1]
                           if not _CLAUSE_BREAK.search(text, c.end(), found.start())):
                continue
        return found.lastgroup
    return None


#: A completed event after the value, ending its clause: 8个大项目签约落地, 名单接续发布.
_DONE = re.compile(r"[^，,；;。]*?(?:已经|已|相继|先后|接续|陆续)?(?:签约落地|签约|落地|开工|投产|竣工|发布|揭牌|获批)(?=[，,；;。]|$)")
#: Verbs that ask for the event rather than report it: 推动100个项目开工.
_ASKS = re.compile(r"推动|推进|促进|引导|支持|鼓励|加快|力争|争取|确保|计划|新")


def _done_after(text: str, clause: int, pos: int) -> bool:
    return bool(_DONE.match(text, pos)) and not _ASKS.search(text, clause, pos)


#: A paragraph that opens the next steps (下一步，青岛将…) governs the paragraphs that follow it.
_NEXT_STEPS = re.compile(r"^(?:下一步|接下来|下阶段|今后|未来)[，,]")
_HEADING = re.compile(r"^[^。；;，,]{0,30}$")


def _next_steps(text: str, paragraph: int, back: int = 4) -> bool:
    """Whether a 下一步 paragraph comes shortly before ``paragraph``, with no heading and nothing
    reported in between."""
    end = paragraph
    for _ in range(back):
        if end <= 0:
            return False
        start = text.rfind("\n", 0, end - 1) + 1
        if end - start > PARAGRAPH_REACH:  # no paragraph this long opens next steps; don't copy it
            return False
        line = text[start:end].strip()
        if line:
            if _NEXT_STEPS.match(line):
                return True
            if _HEADING.match(line) or any(c.lastgroup == "reported" for c in _marks(text, _CUE).within(start, end)):
                return False
        end = start
    return False


#: Cues that report in a report but set the plan's own year in a plan.
_WEAK = re.compile(r"^(?:完成了?|实现了?|建成|共|拥有|现有)$")


_CLAUSE_BREAK = re.compile(r"[，,；;：:。]")


#: A cue or period further back than this in its paragraph says nothing of a value: a text of
#: one 5 MB line would otherwise make every value look back over the whole text.
PARAGRAPH_REACH = 2000


def _paragraph_start(text: str, floor: int) -> int:
    return max(text.rfind("\n", 0, floor) + 1, floor - PARAGRAPH_REACH)


def _clause_start(text: str, floor: int, pos: int) -> int:
    last = last_match(_CLAUSE_BREAK, text, floor, pos)
    return last.end() if last else floor


def _until_year(text: str, floor: int, pos: int) -> bool:
    return bool(re.search(r"到(?:19|20)\d{2}年|至(?:19|20)\d{2}年", text[floor:pos]))

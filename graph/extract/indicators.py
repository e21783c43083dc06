"""Quantities in policy text: value, unit, qualifier, year, scope, target or reported.

``规模以上工业增加值同比增长6.5%左右`` -> metric 规模以上工业增加值同比增长, 6.5 %, 左右.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from graph.extract.numbers import parse_number
from graph.extract.patterns import BASELINE_YEAR, RELATIVE_YEAR, YEAR

_NUM = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"
_UNITS = (
    "个百分点|百分点|%|‰|家|个|项|场次|场|倍|元|人次|人|平方公里|平方米|亩|吨|台|套|座|所|户|件|款|辆|架|艘"
    "|千瓦时|千瓦|兆瓦|名|成"
)
QUANTITY = re.compile(
    rf"(?P<num>{_NUM})(?:(?P<sep>至|到|-|~|—)(?P<num2>{_NUM}))?"
    rf"(?P<more>多|余)?(?P<mag>万亿|亿|万|千)?(?P<more2>多|余)?(?P<unit>{_UNITS})"
    rf"(?:(?:至|到)(?P<num3>{_NUM})(?P=mag)?(?P=unit))?"
    rf"(?P<post>以上|左右|以内|以下|多)?"
)
_PRE_QUALIFIERS = ("不低于", "不少于", "超过", "突破", "达到", "近", "约", "超", "逾", "达")
_THRESHOLD_NOUN = re.compile(r"^(?:以上|以下)?(?:的)?(?:工业)?(?:企业|项目|大项目|技改项目|产业项目)")
_REPORTED_CUES = re.compile(r"截至|累计|已经|已|实现了|达到了|1月至|前两个月|去年|仅")
_OF_COMPANIES = re.compile(r"[^，。；]{0,12}的(?:工业)?企业")
#: Up to the last clause break: what follows it is the clause a position stands in.
_TO_CLAUSE = re.compile(r"(?s:.*)[，。；：]")
_AND = re.compile(r"[和及]")
_ITEM_SPLIT = re.compile(r"、|以及|和|及")
_TO_METRIC = re.compile(r"(?s:.*)(?:[，,；;：:、]|——)")
_METRIC_VERB = re.compile(r"(?:达到|突破|超过|不低于|不少于|近|约|超|达|为)$")
_METRIC_VERB_ENDS = ("到", "破", "过", "于", "近", "约", "超", "达", "为", "\n")  # where it can match


@dataclass(slots=True)
class Quantity:
    """A value as found in the clean text; not frozen, for the same reason as ``Name``."""

    start: int
    end: int
    metric: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None
    year: int | None
    kind: str


def find_quantities(text: str, start: int, end: int, doc_year: int | None, skip) -> list[Quantity]:
    """Indicator values in ``text[start:end]`` (one sentence); ``skip(pos)`` masks names."""
    years = _years_in(text, start, end, doc_year, _governing_years(text))
    return [q for m in QUANTITY.finditer(text, start, end) if (q := _quantity(text, m, start, end, years, skip))]


def find_all_quantities(text: str, sentences, doc_year: int | None, skip):
    """The quantities of every sentence, in order, from one regex pass over the text.

    No quantity holds a sentence end, so the matches are those of a pass per sentence.
    """
    if not sentences:
        return
    matches = QUANTITY.finditer(text, sentences[0][0], sentences[-1][1])
    m = next(matches, None)
    governing = _governing_years(text)
    last: tuple[int, str, str] | None = None  # (paragraph start, unit family, metric)
    for start, end in sentences:
        if m is None or m.start() >= end:
            continue
        years = _years_in(text, start, end, doc_year, governing)
        while m is not None and m.start() < end:
            q = _quantity(text, m, start, end, years, skip)
            m = next(matches, None)
            if q is None:
                continue
            paragraph, family = text.rfind("\n", 0, q.start), _family(q.unit)
            if not q.metric:
                # 到2025年，力争突破100亿元: the metric is the one this paragraph last named.
                if last is None or last[:2] != (paragraph, family):
                    continue
                q.metric = last[2]
            last = (paragraph, family, q.metric)
            yield q


def _family(unit: str) -> str:
    """亿元, 万亿元 and 万元 measure one thing; so do 个 and 万个."""
    return unit.lstrip("万亿千")


def _quantity(text: str, m: re.Match, start: int, end: int, years, skip) -> Quantity | None:
    """The value that the match ``m`` in the sentence ``text[start:end]`` states, if any;
    ``years`` are the sentence's (:func:`_years_in`)."""
    if skip(m.start()) or _not_indicator(text, m, start):
        return None
    value = parse_number(m["num"])
    if value is None:
        return None
    qualifier = m["post"] or m["more"] or m["more2"] or _pre_qualifier(text, m.start())
    value_max = parse_number(m["num2"] or m["num3"] or "") if (m["num2"] or m["num3"]) else None
    unit = (m["mag"] or "") + ("个百分点" if m["unit"] == "百分点" else m["unit"])
    doc_year = years[3]
    year = _year(years, m.start())
    return Quantity(
        start=m.start(), end=m.end(), metric=_metric(text, start, m.start(), m.end(), end, unit),
        value=value, value_max=value_max, unit=unit, qualifier=qualifier, year=year,
        kind=_kind(text, start, m.start(), year, doc_year),
    )


def _not_indicator(text: str, m: re.Match, floor: int) -> bool:
    before = text[max(floor, m.start() - 3): m.start()]
    num = m["num"]
    if before.endswith(("第", "前", "后")) or (before and (before[-1].isascii() and before[-1].isalnum())):
        return True
    if not num[0].isdigit():
        # Bare small Chinese numerals are names or idioms (两个维度, 四个一), not quantities.
        if not (m["mag"] or m["more"] or m["more2"] or m["unit"] in ("成", "倍") or
                any(c in num for c in "百千") or before.endswith("近")):
            return True
    after = text[m.end(): m.end() + 8]
    if m["unit"] in ("元", "%") and (_THRESHOLD_NOUN.match(after) or before.endswith("最高")):
        return True  # a threshold or cap (5亿元以上企业, 最高100万元), not a value
    if m["unit"] in ("元", "%") and _OF_COMPANIES.match(after):
        return True
    return _is_enumeration_count(text, m, floor)


def _is_enumeration_count(text: str, m: re.Match, floor: int) -> bool:
    """``智能家电、轨道交通装备2个…``: the count only restates how many items were named."""
    if m["unit"] not in ("个", "家", "项") or m["num2"]:
        return False
    clause = text[_after_last(_TO_CLAUSE, text, floor, m.start()): m.start()]
    if "、" not in clause and not _AND.search(clause):
        return False
    body = clause[:-1] if clause.endswith("等") else clause
    items = [p for p in _ITEM_SPLIT.split(body) if p]
    value = parse_number(m["num"])
    return value is not None and len(items) == int(value)


def _after_last(to_break: re.Pattern, text: str, floor: int, pos: int) -> int:
    """Where the last piece of ``text[floor:pos]`` split at ``to_break``'s breaks starts."""
    m = to_break.match(text, floor, pos)
    return m.end() if m else floor


def _pre_qualifier(text: str, pos: int) -> str | None:
    if not text.endswith(_PRE_QUALIFIERS, 0, pos):
        return None
    for word in _PRE_QUALIFIERS:
        if text.endswith(word, 0, pos):
            return word
    return None


def _governing_years(text: str) -> tuple[list[int], list[int], list[int]]:
    """Ends, starts and years of every 到YYYY年 in the text, found once for all its values."""
    found = [(m.end(), m.start(), int(m.group(1))) for m in _GOVERNING_YEAR.finditer(text)]
    return [f[0] for f in found], [f[1] for f in found], [f[2] for f in found]


def _years_in(text: str, start: int, end: int, doc_year: int | None, governing):
    """What :func:`_year` needs to know of the sentence ``text[start:end]``, worked out once:
    ``(stated, relative, governing, doc_year)``, where ``stated`` holds ``(end, start, year)`` of
    each YYYY年 not used as a baseline, ``relative`` the same of each 今年/去年… (when the
    document's year is known), and ``governing`` the last 到YYYY年 earlier in the paragraph.

    A value never starts inside a year, so the years before it are those ending before it.
    """
    sentence = text[start:end]
    stated = [
        (start + m.end(), start + m.start(), int(m.group(1))) for m in YEAR.finditer(sentence)
        if not BASELINE_YEAR.search(sentence, max(0, m.start() - 3), m.end())
    ]
    relative = [
        (start + m.end(), start + m.start(), doc_year + _YEAR_SHIFT.get(m.group(1), 0))
        for m in RELATIVE_YEAR.finditer(sentence)
    ] if doc_year else []
    # The last 到YYYY年 before the sentence, if it lies in the same paragraph.
    ends, starts, years = governing
    i = bisect_right(ends, start) - 1
    in_para = i >= 0 and starts[i] > text.rfind("\n", 0, start)
    return stated, relative, years[i] if in_para else None, doc_year


def _year(years, pos: int) -> int | None:
    """The nearest year before ``pos`` in its sentence; else a governing 到YYYY年 earlier in
    the paragraph; else the document's year."""
    stated, relative, governing, doc_year = years
    best: tuple[int, int] | None = None
    for end, start, year in stated:
        if end <= pos:
            best = (start, year)
    for end, start, year in relative:
        if end <= pos and (best is None or start > best[0]):
            best = (start, year)
    found = best[1] if best else governing
    return found if found is not None else doc_year


_GOVERNING_YEAR = re.compile(r"到((?:19|20)\d{2})年")
_YEAR_SHIFT = {"去年": -1, "明年": 1}


def _kind(text: str, floor: int, pos: int, year: int | None, doc_year: int | None) -> str:
    if year and doc_year:
        if year > doc_year:
            return "target"
        if year < doc_year:
            return "reported"
    if _REPORTED_CUES.search(text, floor, pos):
        return "reported"
    return "target"


_METRIC_TRIM = re.compile(
    r"^(?:[#\-•·\s“”]+|[对在]|到\d{4}年(?:底|末)?|\d{4}年(?:底|末)?|今年|去年|全年|开年|年初|当年|力争|确保|争取|推动|实现了?"
    r"|其中|同时|累计|截至目前|目前|仅|又|再|已|还|就|(?:\d{1,2}[-—至~]\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?|[一二三四]季度|上半年|前[两三]个月"
    r"|(?:全[市区省国县]|[\u4e00-\u9fff]{2}[市区县]?)(?=要|将|已|共|累计|规上|规模|全年)|要达到|要|将|共"
    r"|[一二三四五六七八九十]是)+"
)
#: A clause that says only how a value comes about (力争突破, 新培育) names no metric by itself.
_ONLY_VERBS = re.compile(
    r"^(?:力争|确保|争取|推动|带动|实现|完成|达到|突破|超过|培育|新培育|新增|引进|建设|打造|认定|创建|发布|遴选|实施|开展"
    r"|形成|建成|累计|签约|落地|推进|重点推进|支持|吸引|集聚|拥有|有|共|约|近|超|达|为|再|又|已|将|年均|每年|均|等|的|了"
    r"|开年|年初|今年|去年|全年|一季度|上半年|前两个月)*$"
)
#: What a count counts, after its unit: 新培育1至2个省级先进制造业集群 -> 省级先进制造业集群.
_COUNTED = re.compile(r"[“”‘’\u4e00-\u9fffA-Za-z0-9（）()+]{2,16}")
_HAS_VALUE = re.compile(r"\d(?:万亿|亿|万)?(?:元|个|家|项)")
_COUNT_UNITS = frozenset("个 家 项 场 场次 条 座 所 款 件 台 套 名 人 户".split())


def _metric(text: str, floor: int, start: int, end: int, limit: int, unit: str = "") -> str:
    """The words that say what is measured: the clause before the number; for a bare count
    (新培育2个…, 集成电路等8个…) the noun it counts; "" when the clause names nothing."""
    clause = text[_after_last(_TO_METRIC, text, floor, start): start]
    trim = _METRIC_TRIM.match(clause)  # anchored at the start: match, not a sub that tries everywhere
    clause = (clause[trim.end():] if trim else clause).strip("“”（）() ")
    if clause.endswith(_METRIC_VERB_ENDS):
        clause = _METRIC_VERB.sub("", clause)
    listed = text.endswith("等", floor, start) or (text.endswith("的", floor, start) and _HAS_VALUE.search(clause))
    if unit in _COUNT_UNITS and (listed or _ONLY_VERBS.match(clause)):
        counted = _COUNTED.match(text, end, limit)
        if counted and not _ONLY_VERBS.match(counted.group()):
            noun = counted.group().strip("“”")
            verb = "" if listed else clause
            return (verb + noun + ("数量" if listed or not verb else "")).strip("“”（）() ")
    if _ONLY_VERBS.match(clause):
        return ""
    return clause

"""Quantities in policy text: value, unit, qualifier, year, scope, target or reported.

``规模以上工业增加值同比增长6.5%左右`` -> metric 规模以上工业增加值同比增长, 6.5 %, 左右.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from graph.extract.metric_names import inherit, metric_name, needs_inheritance
from graph.extract.numbers import parse_number
from graph.extract.patterns import BASELINE_YEAR, RELATIVE_YEAR, YEAR
from graph.extract.tense import kind_of, period_of, voice
from graph.metrics import unit_family

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
_OF_COMPANIES = re.compile(r"[^，。；]{0,12}的(?:工业)?企业")
#: Up to the last clause break: what follows it is the clause a position stands in.
_TO_CLAUSE = re.compile(r"(?s:.*)[，。；：]")
_AND = re.compile(r"[和及]")
_ITEM_SPLIT = re.compile(r"、|以及|和|及")


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
    period: str | None = None
    sure: bool = True  # whether a cue or the year decided ``kind``, not the default


def find_quantities(text: str, start: int, end: int, doc_year: int | None, skip) -> list[Quantity]:
    """Indicator values in ``text[start:end]`` (one sentence); ``skip(pos)`` masks names."""
    years = _years_in(text, start, end, doc_year, _governing_years(text))
    plan = voice(text) == "plan"
    return [q for m in QUANTITY.finditer(text, start, end) if (q := _quantity(text, m, start, end, years, skip, plan))]


def find_all_quantities(text: str, sentences, doc_year: int | None, skip):
    """The quantities of every sentence, in order, from one regex pass over the text.

    No quantity holds a sentence end, so the matches are those of a pass per sentence.
    """
    if not sentences:
        return
    matches = QUANTITY.finditer(text, sentences[0][0], sentences[-1][1])
    m = next(matches, None)
    governing = _governing_years(text)
    plan = voice(text) == "plan"
    last: tuple[int, str, str] | None = None  # (paragraph start, unit family, metric)
    for start, end in sentences:
        if m is None or m.start() >= end:
            continue
        years = _years_in(text, start, end, doc_year, governing)
        while m is not None and m.start() < end:
            q = _quantity(text, m, start, end, years, skip, plan)
            m = next(matches, None)
            if q is None:
                continue
            paragraph, family = text.rfind("\n", 0, q.start), unit_family(q.unit)
            if needs_inheritance(q.metric):
                q.metric = inherit(q.metric, last[2] if last and last[0] == paragraph else "")
                if not q.metric:
                    continue
            if not q.metric:
                # 到2025年，力争突破100亿元: the metric is the one this paragraph last named.
                if last is None or last[:2] != (paragraph, family):
                    continue
                q.metric = last[2]
            last = (paragraph, family, q.metric)
            yield q


def _quantity(text: str, m: re.Match, start: int, end: int, years, skip, plan: bool = True) -> Quantity | None:
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
    period = period_of(text, start, m.start(), year)
    kind, sure = kind_of(text, start, m.start(), year, doc_year, period, plan)
    return Quantity(
        start=m.start(), end=m.end(), metric=metric_name(text, start, m.start(), m.end(), end, unit),
        value=value, value_max=value_max, unit=unit, qualifier=qualifier, year=year,
        kind=kind, period=period, sure=sure,
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

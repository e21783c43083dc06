"""The date a document speaks from, read from its text when no manifest gives it.

A dateline (``2024年3月28日``, ``2024-03-28``) near the top or the bottom wins; else the latest
year the text states that is not a target year (``到2025年``); else nothing. ``今年`` and the
years of values resolve against it, as a reader's would.
"""

from __future__ import annotations

import re

_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_YEAR = re.compile(r"(?<![\d到至—\-~])((?:19|20)\d{2})年(?!代)")
_TARGET_BEFORE = re.compile(r"(?:到|至|力争|预计|计划|争取|—|-|~)\s*$")
#: How far from the top or the bottom a dateline stands.
_EDGE = 400


#: A date after these is a deadline or a cut-off, not the day the text was written.
_NOT_DATELINE = re.compile(r"(?:到|至|截至|截止|前|自|从|起)\s*$")
_PERIOD = re.compile(r"[（(]((?:19|20)\d{2})\s*[—\-–~至]\s*(?:19|20)\d{2}年?[)）]")
_TARGET_YEAR = re.compile(r"(?:到|至)((?:19|20)\d{2})年")
_SENTENCE = re.compile(r"[^。！？；\n]*")
_REPORTED = re.compile(r"同比|实现|完成|达到|增长|累计|已")
_INTENDED = re.compile(r"力争|要|将|目标|预计|计划|确保|争取|到")


def text_date(text: str) -> tuple[str, str] | None:
    """``(ISO date or year, how)`` of a document from its text, or None.

    A dateline near the top or bottom; else the first year of a plan's period (（2022—2026年）);
    else the latest year that is never a target (到2025年), moved on by one when the text reports
    that year's results and speaks of 今年.

    >>> text_date("□本报记者 王蕾\\n2024年3月28日，市政府印发方案。")
    ('2024-03-28', 'dateline')
    >>> text_date("2023年，全市工业增加值同比增长5%。今年1-5月增长8%。到2025年，力争增长8%。")
    ('2024', 'year after the last reported')
    >>> text_date("没有日期的文本。") is None
    True
    """
    edges = [(0, min(len(text), _EDGE)), (max(0, len(text) - _EDGE), len(text))]
    for lo, hi in edges:
        for m in _FULL_DATE.finditer(text, lo, hi):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= month <= 12 and 1 <= day <= 31 and not _NOT_DATELINE.search(text, max(0, m.start() - 4), m.start()):
                return f"{year:04d}-{month:02d}-{day:02d}", "dateline"
    period = _PERIOD.search(text)
    if period:
        return period.group(1), "plan period"
    targets = {int(y) for y in _TARGET_YEAR.findall(text)}
    stated = [m for m in _YEAR.finditer(text)
              if int(m.group(1)) not in targets and not _TARGET_BEFORE.search(text, max(0, m.start() - 3), m.start())]
    if not stated:
        return None
    latest = max(int(m.group(1)) for m in stated)
    sentences = [_SENTENCE.match(text, m.end()).group() for m in stated if int(m.group(1)) == latest]
    if "今年" in text and any(_REPORTED.search(s) and not _INTENDED.search(s) for s in sentences):
        return str(latest + 1), "year after the last reported"
    return str(latest), "latest year"


def document_year(meta: dict, text: str) -> int | None:
    """The year ``今年`` means: the manifest's date, else the text's."""
    date = str(meta.get("date", ""))
    if date[:4].isdecimal():  # isdigit() takes "¹", which int() refuses
        return int(date[:4])
    found = text_date(text)
    return int(found[0][:4]) if found else None

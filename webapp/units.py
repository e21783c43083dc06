"""Units, qualifiers and periods of indicator values in English, from tables (亿元 -> 100 million yuan).

On English pages these are interface, not quotes: the sentence a value comes from stays as written."""

from __future__ import annotations

UNITS_EN = {
    "%": "%", "个百分点": "percentage points", "亿元": "100 million yuan", "万亿元": "trillion yuan",
    "万元": "10,000 yuan", "元": "yuan", "千亿元": "100 billion yuan", "百亿元": "10 billion yuan",
    "家": "enterprises", "个": "count", "项": "items", "名": "people", "人": "people", "万人": "10,000 people",
    "亩": "mu", "万亩": "10,000 mu", "平方公里": "km²", "万平方米": "10,000 m²", "平方米": "m²",
    "万吨": "10,000 tonnes", "吨": "tonnes", "万台": "10,000 units", "台": "units", "亿台": "100 million units",
    "万辆": "10,000 vehicles", "辆": "vehicles", "倍": "times", "场": "events", "场次": "events", "成": "tenths",
    "条": "lines", "座": "count", "套": "sets", "件": "items", "户": "households",
    "万家": "10,000 enterprises", "兆瓦": "MW", "万千瓦": "10,000 kW", "千瓦": "kW",
}
QUALIFIERS_EN = {
    "以上": "or more", "不低于": "at least", "不少于": "at least", "左右": "about", "约": "about", "近": "nearly",
    "余": "more than", "多": "more than", "超": "over", "超过": "over", "突破": "over", "逾": "over",
    "达到": "reaching", "达": "reaching", "以内": "at most", "以下": "at most",
}
_PERIODS = (
    (r"(\d{1,2})-(\d{1,2})月", lambda m: f"{_MONTHS[int(m[1])]}–{_MONTHS[int(m[2])]}"),
    (r"([一二三四])季度", lambda m: f"Q{'一二三四'.index(m[1]) + 1}"),
    (r"上半年", "first half"), (r"下半年", "second half"), (r"今年以来", "year to date"),
    (r"截至目前", "to date"), (r"累计", "cumulative"), (r"年均", "yearly average"), (r"每年", "every year"),
    (r"（至(\d{4})年）", r" (to \1)"),
)
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def unit_en(unit: str) -> str:
    """``unit`` in English; a unit the table lacks keeps its own form (data, not interface).

    >>> unit_en("亿元"), unit_en("个百分点"), unit_en("%")
    ('100 million yuan', 'percentage points', '%')
    """
    return UNITS_EN.get(unit, unit)


def qualifier_en(qualifier: str) -> str:
    """An indicator value's qualifier in English (左右 -> about); one the table lacks as it came."""
    return QUALIFIERS_EN.get(qualifier, qualifier)


def period_en(period: str) -> str:
    """An indicator value's period in English.

    >>> period_en("1-8月"), period_en("年均（至2025年）"), period_en("一季度")
    ('Jan–Aug', 'yearly average (to 2025)', 'Q1')
    """
    import re

    for pattern, repl in _PERIODS:
        period = re.sub(pattern, repl, period)
    return period

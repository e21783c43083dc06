"""Units of indicator values in English, from one table (亿元 -> 100 million yuan)."""

from __future__ import annotations

UNITS_EN = {
    "%": "%", "个百分点": "percentage points", "亿元": "100 million yuan", "万亿元": "trillion yuan",
    "万元": "10,000 yuan", "元": "yuan", "千亿元": "100 billion yuan", "百亿元": "10 billion yuan",
    "家": "enterprises", "个": "count", "项": "items", "名": "people", "人": "people", "万人": "10,000 people",
    "亩": "mu", "万亩": "10,000 mu", "平方公里": "km²", "万平方米": "10,000 m²", "平方米": "m²",
    "万吨": "10,000 tonnes", "吨": "tonnes", "万台": "10,000 units", "台": "units", "亿台": "100 million units",
    "万辆": "10,000 vehicles", "辆": "vehicles", "倍": "times", "场": "events", "场次": "events", "成": "tenths",
    "条": "lines", "座": "count", "套": "sets", "件": "items", "户": "households",
}


def unit_en(unit: str) -> str:
    """``unit`` in English; a unit the table lacks keeps its own form (data, not interface).

    >>> unit_en("亿元"), unit_en("个百分点"), unit_en("%")
    ('100 million yuan', 'percentage points', '%')
    """
    return UNITS_EN.get(unit, unit)

"""Chinese and Arabic numerals to numbers: 1.43, 两千, 近千, 三成."""

from __future__ import annotations

import re
from functools import lru_cache

_CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千]+")


@lru_cache(maxsize=4096)
def parse_number(text: str) -> float | None:
    """A number written in Arabic or Chinese numerals, or None.

    >>> parse_number("1.43"), parse_number("两千"), parse_number("十二"), parse_number("千")
    (1.43, 2000.0, 12.0, 1000.0)
    """
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    if not CN_NUMBER.fullmatch(text):
        return None
    if text[0] in "十百千":
        text = "一" + text
    import cn2an

    try:
        return float(cn2an.cn2an(text.replace("〇", "零"), "smart"))
    except (ValueError, KeyError, IndexError):
        return None

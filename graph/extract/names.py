"""Names found by their suffix (…产业集群, …创新中心, …行动), enumerations expanded.

A suffix gives a name's right edge; its left edge is found by walking left over the
segmenter's words until a governing verb, a particle or punctuation ends it. A list in
front of a shared head noun (``集成电路、虚拟现实等8个新兴产业园区``) names one thing per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.extract import segment
from graph.extract.patterns import (
    COUNT, GENERIC_CORES, ITEM_SEPARATOR, LEVEL, NAME_PUNCT, NAME_VERBS, STOP_POS, STOP_WORDS,
    SUFFIXES,
)

_WINDOW = 28
_MAX_NAME = {"Cluster": 16, "Park": 20, "Platform": 24, "Action": 24, "Company": 24}
_SUFFIX_RE = {
    type_: re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    for type_, words in SUFFIXES.items()
}
_HAN = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_OPEN_QUOTE = "“‘"
_CLOSE_QUOTE = "”’"
#: Heads whose list items are brands, named by themselves (卡奥斯, not 卡奥斯工业互联网平台).
_BRAND_HEADS = ("工业互联网平台", "大模型", "平台", "企业", "公司")


@dataclass(frozen=True)
class Name:
    """A name in the clean text: ``[start, end)``, its type, surface form and head."""

    start: int
    end: int
    type: str
    surface: str
    label: str
    industry: str = ""
    parent: str = ""
    source: str = "pattern"


def left_edge(text: str, end: int, floor: int, type_: str) -> int:
    """Where the name ending at ``end`` starts: walk left over words until one ends it."""
    lo = max(floor, end - _WINDOW)
    tokens = segment.tag(text[lo:end])
    start = end
    in_quote = False
    for word, pos in reversed(tokens):
        if word and word[-1] in _CLOSE_QUOTE:
            in_quote = True
        if in_quote:
            start -= len(word)
            if word[0] in _OPEN_QUOTE:
                in_quote = False
            continue
        if _ends_name(word, pos, type_):
            break
        start -= len(word)
    # A name does not begin with a closing bracket or an unpaired opening quote.
    while start < end and text[start] in "”’)）—-+·":
        start += 1
    return start


def _ends_name(word: str, pos: str, type_: str) -> bool:
    if word in STOP_WORDS:
        return True
    if all(ch in NAME_PUNCT for ch in word):
        return word not in "“”‘’+＋·"
    if pos in STOP_POS or pos == "x":
        return not (type_ == "Action" and pos == "m" and not word.isdigit())
    if pos.startswith("v") and pos != "vn" and word not in NAME_VERBS:
        return type_ != "Action"
    return False


def find_names(text: str, start: int, end: int, type_: str) -> list[Name]:
    """Names of ``type_`` whose suffix lies in the sentence ``text[start:end]``."""
    found: list[Name] = []
    for match in _SUFFIX_RE[type_].finditer(text, start, end):
        head = match.group()
        if type_ == "Platform" and head == "平台" and text[match.start() - 1: match.start()] not in _CLOSE_QUOTE:
            continue  # bare 平台 names a thing only when quoted: “链万企”平台
        clause_start = _clause_start(text, start, match.start())
        items = _list_items(text, clause_start, match.start(), head, type_)
        if items:
            found.extend(items)
            continue
        name_start = left_edge(text, match.start(), clause_start, type_)
        name_end = _with_place(text, match.end(), end)
        surface = text[name_start:name_end]
        if _is_name(surface, head, type_):
            found.append(Name(name_start, name_end, type_, surface, surface))
    return found


def _clause_start(text: str, floor: int, pos: int) -> int:
    for i in range(pos - 1, floor - 1, -1):
        if text[i] in "，,。；;：:！？\n":
            return i + 1
    return floor


def _with_place(text: str, end: int, limit: int) -> int:
    """Keep a trailing place in brackets: 国家虚拟现实创新中心（青岛）."""
    m = re.match(r"[（(][\u4e00-\u9fff]{2,4}[)）]", text[end: min(limit, end + 7)])
    return end + m.end() if m else end


def _core(surface: str, head: str) -> str:
    core = surface[: len(surface) - len(head)] if surface.endswith(head) else surface
    core = re.sub(r"[（(][^)）]*[)）]$", "", core)
    return LEVEL.sub("", core).strip("“”‘’\"")


def _is_name(surface: str, head: str, type_: str) -> bool:
    if len(surface) > _MAX_NAME[type_] or "的" in surface:
        return False
    core = _core(surface, head)
    if len(_HAN.findall(core)) < 2 or core in GENERIC_CORES or core[0].isdigit():
        return False
    if type_ == "Action" and (re.fullmatch(r"[\d一二三四五六七八九十两]+年", core) or core.endswith("“")):
        return False
    return not re.search(r"[一二三四五六七八九十两\d]+大", core)


def _list_items(text: str, floor: int, head_start: int, head: str, type_: str) -> list[Name]:
    """Expand ``A、B、C等N个<head>`` into one name per item; [] when there is no list."""
    pre = text[floor:head_start]
    level = LEVEL.search(pre)
    cut = level.start() if level else len(pre)
    count = COUNT.search(pre[:cut])
    if count:
        cut = count.start()
    body = pre[:cut]
    if "、" not in body and "以及" not in body and not _is_pair(body):
        return []
    pieces = _split_items(body)
    if len(pieces) < 2:
        return []
    names: list[Name] = []
    offset = floor
    for i, piece in enumerate(pieces):
        s = text.find(piece, offset, head_start)
        e = s + len(piece)
        offset = e
        if i == 0:
            s = left_edge(text, e, floor, type_)
            piece = text[s:e]
        piece = piece.strip("“”‘’\"") if type_ != "Action" else piece
        if s >= e or not _HAN.search(piece) or len(piece) > 14:
            continue
        label = _item_label(piece, head, type_, text[head_start - (len(pre) - cut): head_start])
        names.append(Name(s, e, type_, text[s:e], label, industry=piece, source="enumeration"))
    return names if len(names) >= 2 else []


def _is_pair(body: str) -> bool:
    from graph.extract.lexicon import is_industry

    parts = re.split(r"和|及", body)
    return len(parts) == 2 and all(is_industry(p.strip("“”")) for p in parts[-2:]) and not is_industry(body)


def _split_items(body: str) -> list[str]:
    from graph.extract.lexicon import is_industry

    pieces: list[str] = []
    for piece in ITEM_SEPARATOR.split(body):
        parts = re.split(r"和|及", piece)
        if len(parts) == 2 and not is_industry(piece) and all(
            is_industry(p) or len(p) >= 4 for p in parts
        ) and any(is_industry(p) or is_industry(p[2:]) for p in parts):
            pieces.extend(parts)
        else:
            pieces.append(piece)
    return [p for p in pieces if p]


def _item_label(item: str, head: str, type_: str, between: str) -> str:
    from graph.extract.lexicon import is_industry

    if type_ in ("Platform", "Company") and head in _BRAND_HEADS and not is_industry(item):
        return item
    return item + head

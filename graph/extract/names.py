"""Names found by their suffix (…产业集群, …创新中心, …行动), enumerations expanded.

A suffix gives a name's right edge; its left edge is found by walking left over the
segmenter's words until a governing verb, a particle or punctuation ends it. A list in
front of a shared head noun (``集成电路、虚拟现实等8个新兴产业园区``) names one thing per item.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from graph.extract.patterns import (
    ACTION_STOP_WORDS,
    COUNT,
    COUNT_ENDS,
    GENERIC_CORES,
    INNER_PUNCT,
    ITEM_SEPARATOR,
    LEADING_PARTICLES,
    LEVEL,
    LEVEL_ENDS,
    NAME_VERBS,
    NOT_AFTER_SUFFIX,
    STOP_POS,
    STOP_WORDS,
)
from graph.types import MAX_NAME, SUFFIXES

_WINDOW = 28
_SUFFIX_RE = {
    type_: re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    for type_, words in SUFFIXES.items()
}
_PLACE_HEADS = frozenset({"智算中心", "超算中心", "计算中心", "算力中心", "实验室", "创新中心"})
_LIST_MODIFIER = re.compile(r"(?:主导|优势|特色|重点|新兴|战略性新兴|先进制造业)$")
#: Zones are named by their place: 潍坊高新区, 临沂经济技术开发区.
_ZONE_HEADS = frozenset({"高新技术产业开发区", "高技术产业开发区", "经济技术开发区", "经济开发区", "高新技术产业区",
                         "开发区", "高新区", "经济区"})
_SUFFIX_WORDS = frozenset({"集群", "园区", "基地", "中心", "平台", "实验室"})
_TWO_HAN = re.compile(r"[\u4e00-\u9fffA-Za-z].*[\u4e00-\u9fffA-Za-z]", re.S)  # two or more
_OPEN_QUOTE = "“‘"
_CLOSE_QUOTE = "”’"
_LIST_PUNCT = re.compile("[、，]")
_INNER_PUNCT = "".join(INNER_PUNCT)
_YEARS_OR_N_BIG = re.compile(r"[一二三四五六七八九十两]+[年大]")  # 三年, 九大: an Action's words
_GENERATION = re.compile(r"第[一二三四五六七八九十]+代")
_BRACKETED_PLACE = re.compile(r"[（(][\u4e00-\u9fff]{2,4}[)）]")
_TRAILING_BRACKETS = re.compile(r"[（(][^)）]*[)）]$")
_YEARS = re.compile(r"[\d一二三四五六七八九十两]+年")
_N_BIG = re.compile(r"[一二三四五六七八九十两\d]+大")
_CATEGORY_WORDS = re.compile(r"龙头|链主|专精特新|中小|企业|领域|行业|产业|项目")
_AND = re.compile(r"和|及")
#: Heads whose list items are brands, named by themselves (卡奥斯, not 卡奥斯工业互联网平台).
_BRAND_HEADS = ("工业互联网平台", "大模型", "平台", "企业", "公司")


@dataclass(slots=True)
class Name:
    """A name in the clean text: ``[start, end)``, its type, surface form and head.

    Never changed once made, but not frozen: some 15,000 are made per MB of text, and a frozen
    dataclass takes four times as long to build (one ``object.__setattr__`` call per field).
    """

    start: int
    end: int
    type: str
    surface: str
    label: str
    industry: str = ""
    parent: str = ""
    source: str = "pattern"


def left_edge(ctx, text: str, end: int, floor: int, type_: str) -> int:
    """Where the name ending at ``end`` starts: walk left over words until one ends it."""
    lo = max(floor, end - _WINDOW)
    tokens = ctx.segmenter.tag(text[lo:end])
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
    # A name does not begin with a closing bracket, a dash, or a governing word the
    # segmenter glued to its first word (要树牢 -> 头号工程, 充分发挥 -> 园区).
    stops = ACTION_STOP_WORDS if type_ == "Action" else STOP_WORDS
    moved = True
    while moved and start < end:
        moved = False
        if text[start] in "”’)）—-+·" or (
            text[start] in LEADING_PARTICLES
            and (text[start] == "在" or not ctx.segmenter.is_word(text[start:start + 2]))
        ):
            start, moved = start + 1, True
            continue
        for size in (4, 3, 2):
            if text[start:start + size] in stops and end - start > size + 1:
                start, moved = start + size, True
                break
    return start


def _ends_name(word: str, pos: str, type_: str) -> bool:
    if not word.strip(_INNER_PUNCT):  # punctuation only
        return word == "——"
    if word == "级":
        return False
    if type_ == "Action":
        if word in ACTION_STOP_WORDS or pos in ("x", "w", "p", "c", "u", "uj", "r"):
            return True
        return pos == "m" and not _YEARS_OR_N_BIG.fullmatch(word)
    if pos == "f" and len(word) == 2 and word not in STOP_WORDS:
        return False  # 西部, 北方: part of a name
    if pos == "m" and _GENERATION.fullmatch(word):
        return False  # 第三代半导体
    if word in STOP_WORDS or pos in STOP_POS or pos in ("i", "l") or word in _SUFFIX_WORDS:
        return True
    return pos.startswith("v") and pos != "vn" and word not in NAME_VERBS


def find_names(ctx, text: str, start: int, end: int, type_: str) -> list[Name]:
    """Names of ``type_`` whose suffix lies in the sentence ``text[start:end]``."""
    found: list[Name] = []
    for match in _SUFFIX_RE[type_].finditer(text, start, end):
        found += _names_at(ctx, text, match, start, end, type_)
    return found


def find_all_names(ctx, text: str, sentences: list[tuple[int, int]]) -> list[Name]:
    """``find_names`` for every type over a run of whole sentences, in the same order.

    One regex pass per type over the whole run instead of one per sentence and type (no
    suffix holds a sentence end, so the matches are the same); the results are put back in
    sentence-then-type order, which :func:`select` relies on to break ties.
    """
    starts = [s for s, _ in sentences]
    lo, hi = starts[0], sentences[-1][1]
    hits = []
    for rank, type_ in enumerate(SUFFIXES):
        for match in _SUFFIX_RE[type_].finditer(text, lo, hi):
            hits.append((bisect_right(starts, match.start()) - 1, rank, match, type_))
    hits.sort(key=lambda hit: hit[:2])  # stable: matches of one type stay in text order
    found: list[Name] = []
    for i, _rank, match, type_ in hits:
        found += _names_at(ctx, text, match, *sentences[i], type_)
    return found


def _names_at(ctx, text: str, match: re.Match, start: int, end: int, type_: str) -> list[Name]:
    """The names a suffix ``match`` in the sentence ``text[start:end]`` closes."""
    head, head_start, head_end = match.group(), match.start(), match.end()
    after = text[head_end: head_end + 2]
    if NOT_AFTER_SUFFIX.match(after) or (type_ == "Cluster" and after == "发展"):
        return []
    if type_ == "Platform" and head == "平台" and text[head_start - 1: head_start] not in _CLOSE_QUOTE:
        return []  # bare 平台 names a thing only when quoted: “链万企”平台
    clause_start = _clause_start(text, start, head_start)
    items = _list_items(ctx, text, clause_start, head_start, head, type_)
    if items:
        return items
    quoted = _quoted(text, clause_start, head_start, head_end)
    if quoted:
        s, e = quoted
        surface = text[s:e]
        if _is_name(ctx, surface.strip("“”"), head, type_) and not _LIST_PUNCT.search(surface):
            return [Name(s, e, type_, surface, surface.strip("“”"))]
        return []
    name_start = left_edge(ctx, text, head_start, clause_start, type_)
    name_end = _with_place(text, head_end, end) if type_ != "Company" else head_end
    surface = text[name_start:name_end]
    return [Name(name_start, name_end, type_, surface, surface)] if _is_name(ctx, surface, head, type_) else []


def _quoted(text: str, floor: int, head_start: int, head_end: int) -> tuple[int, int] | None:
    """A whole name in quotes, suffix included: “春雨行动”."""
    if text[head_end: head_end + 1] != "”":
        return None
    opening = text.rfind("“", floor, head_start)
    if opening < 0 or "”" in text[opening:head_start]:
        return None
    return opening, head_end + 1


#: Up to the last clause break: punctuation, or the second dash of ——.
_TO_CLAUSE_BREAK = re.compile(r"(?s:.*)(?:[，,。；;：:！？\n]|(?<=—)—)")


def _clause_start(text: str, floor: int, pos: int) -> int:
    """Just after the last clause break in ``text[floor:pos]``, else ``floor``."""
    m = _TO_CLAUSE_BREAK.match(text, floor, pos)
    return m.end() if m else floor


def _with_place(text: str, end: int, limit: int) -> int:
    """Keep a trailing place in brackets: 国家虚拟现实创新中心（青岛）."""
    m = _BRACKETED_PLACE.match(text[end: min(limit, end + 7)])
    return end + m.end() if m else end


_LEVEL_WORDS = re.compile(r"(?:国家级|省级|市级|世界级|^国家|^省|^市)(?:以上)?|[“”‘’\"]")


def _core(surface: str, head: str) -> str:
    core = surface[: len(surface) - len(head)] if surface.endswith(head) else surface
    # Both patterns are anchored at the end: searched only where the last character allows.
    if core.endswith((")", "）", "\n")):
        core = _TRAILING_BRACKETS.sub("", core)
    if core.endswith(LEVEL_ENDS):
        core = LEVEL.sub("", core)
    return _LEVEL_WORDS.sub("", core)


def _is_name(ctx, surface: str, head: str, type_: str) -> bool:
    lex = ctx.lexicon
    if len(surface) > MAX_NAME[type_] or "的" in surface:
        return False
    core = _core(surface, head)
    if not _TWO_HAN.search(core) or core in GENERIC_CORES or core[0].isdigit():
        return False
    if (core.endswith("化") and type_ != "Action") or core[0] == "大":
        return False  # 数字化产业集群 is a trend; 临床转化行动 is a programme
    if lex.region_label(core) and not (type_ == "Platform" and head in _PLACE_HEADS) and head not in _ZONE_HEADS:
        return False  # 山东省先进制造业集群; but 成都智算中心 and 苏州实验室 are names
    if head == "大模型" and (lex.is_industry(core) or core in ("人工智能", "行业", "通用")):
        return False
    if head.startswith("示范") and lex.is_industry(core):
        return False  # 工业互联网示范园区: a category, not a named park
    if type_ == "Action":
        if _YEARS.fullmatch(core) or core.endswith("“"):
            return False
        return True
    return not _N_BIG.search(core)


_ALL_SUFFIXES = {w for words in SUFFIXES.values() for w in words} | {"中心", "区"}
_ANY_SUFFIX = re.compile("(?:" + "|".join(sorted(_ALL_SUFFIXES, key=len, reverse=True)) + ")$")
_SUFFIX_ENDS = (*{w[-1] for w in _ALL_SUFFIXES}, "\n")


def _has_suffix(word: str) -> bool:
    """Whether ``word`` ends in a name suffix (the regex only where the last character allows)."""
    return word.endswith(_SUFFIX_ENDS) and _ANY_SUFFIX.search(word) is not None


def _list_items(ctx, text: str, floor: int, head_start: int, head: str, type_: str) -> list[Name]:
    """Expand ``A、B、C等N个<head>`` into one name per item; [] when there is no list."""
    pre = text[floor:head_start]
    level = LEVEL.search(pre) if pre.endswith(LEVEL_ENDS) else None
    cut = level.start() if level else len(pre)
    modifier = _LIST_MODIFIER.search(pre, 0, cut) if type_ == "Cluster" else None
    if modifier:  # 四大主导产业集群: a kind of cluster between the count and the head
        cut = modifier.start()
    count = COUNT.search(pre, 0, cut) if pre.endswith(COUNT_ENDS, 0, cut) else None
    if count:
        cut = count.start()
    if type_ == "Action" and not (count and count.group(1) and count.group(0).endswith("大")):
        return []  # programmes are listed as 九大行动 / 五大行动, not by a bare 、
    body = pre[:cut]
    if "、" not in body and "以及" not in body and not _is_pair(ctx.lexicon, body):
        return []
    pieces = _split_items(ctx.lexicon, body)
    if len(pieces) < 2:
        return []
    names: list[Name] = []
    offset = floor
    # 以A、B等五大产业集群为支撑: the clusters are members of the named group that closes the list.
    group = text[floor + count.start(): head_start + len(head)].lstrip("等“") if (
        type_ == "Cluster" and count and count.group(1)) else ""
    for i, piece in enumerate(pieces):
        s = text.find(piece, offset, head_start)
        e = s + len(piece)
        offset = e
        edge = left_edge(ctx, text, e, s if i else floor, type_)
        if i == 0:
            s = edge
        elif edge != s:
            return []  # an item that is not a noun phrase: this is no list of names
        piece = text[s:e]
        bare = piece.strip("“”‘’\"")
        if s >= e or len(bare) > 14 or _has_suffix(bare) or not _is_name(ctx, bare + head, head, type_):
            if i == 0 and s < e:
                continue
            return []
        label = _item_label(ctx.lexicon, piece if type_ == "Action" else bare, _item_head(text, head, head_start), type_)
        names.append(Name(s, e, type_, piece, label, industry=bare, source="enumeration",
                          parent=_list_name(count, head) if type_ == "Action" else group))
    if type_ == "Action" and count and len(names) >= 2:
        start = floor + count.start() + (1 if pre[count.start()] == "等" else 0)
        names.append(Name(start, head_start + len(head), "Action", text[start: head_start + len(head)],
                          _list_name(count, head), source="enumeration"))
    return names if len(names) >= 2 else []


def is_plain_name(word: str) -> bool:
    """A brand-like word: not generic, not a category or another type's name."""
    return (
        word not in GENERIC_CORES and not _has_suffix(word) and not word[0].isdigit()
        and not _CATEGORY_WORDS.search(word)
    )


def _list_name(count, head: str) -> str:
    return f"{count.group(1)}大{head}" if count and count.group(1) else ""


def _is_pair(lex, body: str) -> bool:
    """``智能家电和轨道交通装备``: two known sectors joined by 和/及 (the first may trail a verb)."""
    parts = _AND.split(body)
    if len(parts) != 2 or lex.is_industry(body):
        return False
    first = parts[0].strip("“”")
    return lex.is_industry(parts[1].strip("“”")) and any(lex.is_industry(first[i:]) for i in range(len(first) - 1))


def _split_items(lex, body: str) -> list[str]:
    pieces: list[str] = []
    for piece in ITEM_SEPARATOR.split(body):
        parts = _AND.split(piece)
        if len(parts) == 2 and not lex.is_industry(piece) and all(
            lex.is_industry(p) or len(p) >= 4 for p in parts
        ) and any(lex.is_industry(p) or lex.is_industry(p[2:]) for p in parts):
            pieces.extend(parts)
        else:
            pieces.append(piece)
    return [p for p in pieces if p]


#: A park head's modifiers a reader drops when naming one item: 集成电路(新兴产业)园区.
_PARK_MODIFIED = re.compile(r"^(?:新兴产业专业|新兴产业|专业)(园区|园)$")
_DESIGNATION = re.compile(r"[^。；\n]{0,20}?(产业示范基地)")


def _item_head(text: str, head: str, head_start: int) -> str:
    """The head each item of a list is named with: 集成电路、虚拟现实等8个新兴产业园区 names
    集成电路园区; 食品等6个基地入选…产业示范基地 names 食品产业示范基地."""
    m = _PARK_MODIFIED.match(head)
    if m:
        return m.group(1) if m.group(1) == "园区" else "产业园"
    if head == "基地":
        designation = _DESIGNATION.match(text, head_start + len(head))
        if designation:
            return designation.group(1)
    return head


def _item_label(lex, item: str, head: str, type_: str) -> str:
    if type_ in ("Platform", "Company") and head in _BRAND_HEADS and not lex.is_industry(item):
        return item
    return item + head

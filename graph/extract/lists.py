"""Named lists whose members are spelled out without their head word.

``从工业强市提振、科技创新引领……等九大方面发力`` after ``九大行动`` names nine actions; so does
a sidebar of short lines closed by ``“九大行动”``.
"""

from __future__ import annotations

import re

from graph.extract.names import Name

_COUNT_WORD = "[一二三四五六七八九十]"
_ASPECTS = re.compile(rf"({_COUNT_WORD}+)大方面")
_SIDEBAR_END = re.compile(rf"^“?({_COUNT_WORD}+)大(行动|工程)”?$")
_SHORT_LINE = re.compile(r"^[\u4e00-\u9fff]{3,10}$")


def find_lists(text: str) -> list[Name]:
    """Members of a named list (N大行动 / N大工程) given elsewhere by their items."""
    found: list[Name] = []
    for m in _ASPECTS.finditer(text) if "大方面" in text else ():
        heads = re.findall(rf"{m.group(1)}大(行动|工程)", text)
        clause = max(text.rfind(c, 0, m.start()) for c in "，。；：\n") + 1
        body = text[clause: m.start()].removesuffix("等")
        if heads and body:
            found += _items(text, clause, body, heads[0], m.group(1))
    # A sidebar ends in a line “N大行动” or “N大工程”: most texts have none to look for.
    lines = _lines(text) if "大行动" in text or "大工程" in text else []
    for i, (_start, line) in enumerate(lines):
        end = _SIDEBAR_END.match(line)
        if not end:
            continue
        j = i
        while j > 0 and _SHORT_LINE.match(lines[j - 1][1]):
            j -= 1
        members = lines[j:i]
        if len(members) >= 3:
            parent = f"{end.group(1)}大{end.group(2)}"
            found += [
                Name(s, s + len(item), "Action", item, item + end.group(2), parent=parent, source="list")
                for s, item in members
            ]
    return found


def _items(text: str, offset: int, body: str, head: str, count: str) -> list[Name]:
    body = re.sub(r"^.*?(?:从|实施|开展|推进)", "", body)
    start = text.find(body, offset)
    names, pos = [], start
    for item in re.split(r"、|以及|和", body):
        s = text.find(item, pos)
        pos = s + len(item)
        if 2 <= len(item) <= 10:
            names.append(Name(s, s + len(item), "Action", item, item + head, parent=f"{count}大{head}", source="list"))
    return names if len(names) >= 3 else []


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line.strip()))
        pos += len(line) + 1
    return out


_COMPANY_LIST = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9（）()]{2,16}、)+[\u4e00-\u9fffA-Za-z0-9（）()]{2,16})"
    r"等(?:\d+|[一二三四五六七八九十百千]+)?[家个]?[\u4e00-\u9fff]{0,6}?(?:企业|公司|厂商|车企|药企)"
)


#: Every character a company list may hold: a list lies inside one run of these.
_LIST_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()、]+")
_TO_RUN_START = re.compile(r"(?s:.*)[^\u4e00-\u9fffA-Za-z0-9（）()、]")
#: How a company list ends (its pattern's tail): found fast, since it starts with 等.
_LIST_END = re.compile(
    r"等(?:\d+|[一二三四五六七八九十百千]+)?[家个]?[\u4e00-\u9fff]{0,6}?(?:企业|公司|厂商|车企|药企)"
)


def _company_lists(text: str):
    """``_COMPANY_LIST.finditer(text)``, tried only on runs of list characters that hold an
    ending (等…企业) and a 、.

    The pattern backtracks at every position it is tried, and most text holds no list.
    """
    done = 0
    for end in _LIST_END.finditer(text):
        if end.start() < done:
            continue  # in a run already tried
        before = _TO_RUN_START.match(text, 0, end.start())
        start, done = before.end() if before else 0, _LIST_RUN.match(text, end.start()).end()
        if "、" in text[start:done]:
            yield from _COMPANY_LIST.finditer(text, start, done)


def find_company_lists(ctx, text: str) -> list[Name]:
    """``集聚了蔚来、大众安徽、比亚迪等整车企业``: each item of a list closed by …企业 is a company."""
    from graph.extract.names import is_plain_name, left_edge

    is_industry = ctx.lexicon.is_industry

    found: list[Name] = []
    for m in _company_lists(text):
        items = m.group(1).split("、")
        pos = m.start(1)
        names = []
        for i, item in enumerate(items):
            s, e = pos, pos + len(item)
            pos = e + 1
            if i == 0:
                s = left_edge(ctx, text, e, m.start(1), "Company")
            elif left_edge(ctx, text, e, s, "Company") != s:
                names = []
                break
            item = text[s:e]
            if len(item) < 2 or is_industry(item) or not is_plain_name(item):
                names = []
                break
            names.append(Name(s, e, "Company", item, item, source="list"))
        found += names if len(names) >= 2 else []
    return found


#: A counted group of clusters: 八大产业集群, 三大战略新兴产业集群 (the count is its name's).
_CLUSTER_GROUP = re.compile(rf"(?:{_COUNT_WORD}{{1,2}}|\d{{1,2}})大[\u4e00-\u9fff]{{0,8}}?(?:产业集群|集群)")


def find_groups(text: str) -> list[Name]:
    """``聚焦八大产业集群``: a named set of clusters is a Cluster of its own, whose members follow."""
    if "集群" not in text:  # most text names no cluster: no need to try the pattern everywhere
        return []
    return [Name(m.start(), m.end(), "Cluster", m.group(), m.group(), source="list")
            for m in _CLUSTER_GROUP.finditer(text)]


#: A task a heading, list item or lead-in opens with: 打造产业培育高地，在…走在前列.
_TASK_HEAD = re.compile(
    r"(?:[-•·▪]\s*|[（(]?[一二三四五六七八九十\d]{1,2}[)）、．.]\s*|[一二三四五六七八九十]是)?"
    r"((?:打造|建设|构建|争创|创建|培育|壮大|做强|提升|推动|推进|加快|深化|强化|实施)[\u4e00-\u9fff“”]{3,10}?)"
    r"(?=[，,。；：]|$)"
)
_PROGRAMME_WORDS = re.compile(r"^实施|行动|工程|计划")
#: A task that ends in a place or platform word names that thing (建设潍坊高新区), not a task.
_PLACE_END = re.compile(r"(?:区|园|基地|中心|平台|集群|公司|集团)$")
#: A quoted, counted programme: “四个走在前列”, “五大提升”.
_QUOTED_GROUP = re.compile(r"“((?:[一二三四五六七八九十]|\d){1,2}(?:个|大|项)[\u4e00-\u9fff]{2,8})”")


def find_tasks(text: str, opened) -> list[Name]:
    """The task each structural opener (heading, item, lead-in) names is an Action, and a
    quoted counted programme (“四个走在前列”) is one too: the conventions' named tasks."""
    found: list[Name] = []
    for o in opened:
        if not (o.kind in ("item", "lead") or (o.kind == "heading" and o.level is not None)):
            continue  # a title or an unmarked sub-title is a topic, not a named task
        m = _TASK_HEAD.match(text, o.start, o.head_end)
        if m and not _PROGRAMME_WORDS.search(m.group(1)) and not _PLACE_END.search(m.group(1)) \
                and m.group(1).count("“") == m.group(1).count("”"):
            s, e = m.span(1)
            found.append(Name(s, e, "Action", m.group(1), m.group(1).strip("“”"), source="heading"))
    found += [Name(m.start(1), m.end(1), "Action", m.group(1), m.group(1), source="heading")
              for m in _QUOTED_GROUP.finditer(text)]
    return found


#: Verbs that govern the industries a place, cluster or company develops.
DEVELOP = "主导产业[：:为是]?|聚焦|重点发展|重点布局|大力发展|积极布局|发展|布局|培育|壮大|做强|做大|主攻|瞄准|涵盖|集聚|引育|深耕|拓展"
_INDUSTRY_ITEM = r"[\u4e00-\u9fffA-Za-z0-9]{2,10}?"
_INDUSTRY_LIST = re.compile(
    rf"(?:{DEVELOP})((?:{_INDUSTRY_ITEM}(?:、|和|及|以及)){{1,12}}{_INDUSTRY_ITEM})"
    rf"(?P<head>(?:等)?(?:[一二三四五六七八九十\d]{{1,2}}(?:大|个))?(?:新兴|前沿|重点|细分|高端|优势|主导|未来)?"
    rf"(?:产业|行业|领域|方向|板块|赛道|产业链|业态))?(?=[，,。；;）)\n]|等)"
)
_HAS_DIGIT = re.compile(r"\d")
#: Verbs after which a list is of industries whatever the lexicon knows of them.
_STRONG = re.compile(r"主导产业|重点发展|重点布局")
_NOT_INDUSTRY = re.compile(
    r"企业|公司|集团|项目|平台|中心|园|基地|集群|政策|机制|体系|能力|水平|建设|发展|服务业$|产品$|等|战略|^重点|^重大"
    r"|^(?:发力|推动|加快|支持|实施|打造|提升|加强|推进|强化|开展|引导|鼓励|促进|实现)"
)


def find_industries(ctx, text: str) -> list[Name]:
    """``重点发展化学创新药、高端制剂和生物制品``: each item of a list a verb of development
    governs is an Industry, whatever the lexicon knows."""
    is_industry = ctx.lexicon.is_industry
    found: list[Name] = []
    for m in _INDUSTRY_LIST.finditer(text):
        pos = m.start(1)
        items = re.split(r"、|以及|和|及", m.group(1))
        strong = _STRONG.match(m.group())
        if not m.group("head") and not strong and not any(is_industry(item) for item in items):
            continue  # 成长一批、培育一批: a list, but of nothing a reader calls an industry
        names = []
        for item in items:
            s = text.find(item, pos)
            pos = s + len(item)
            if _NOT_INDUSTRY.search(item) or _HAS_DIGIT.search(item):
                names = []
                break
            names.append(Name(s, s + len(item), "Industry", item, item, source="list"))
        found += names if len(names) >= 2 else []
    return found


#: ``威海光威复合材料股份有限公司（以下简称光威复材）``, ``山东招金集团有限公司（招金集团）``.
_SHORT_NAME = re.compile(r"[（(](?:以下简称|下称|简称)?[“\"]?([\u4e00-\u9fffA-Za-z0-9]{2,8})[”\"]?[)）]")


def short_names(text: str, names: list[Name]) -> list[Name]:
    """A name a document gives a company in brackets is that company wherever the document uses it:
    one Name at the bracket and one at each later use of the short name."""
    found: list[Name] = []
    taken = [(n.start, n.end) for n in names]
    for n in names:
        if n.type not in ("Company", "Platform", "Park"):
            continue
        m = _SHORT_NAME.match(text, n.end)
        if not m or m.group(1) in n.label[:2] or _HAS_DIGIT.search(m.group(1)):
            continue
        short = m.group(1)
        found.append(Name(m.start(1), m.end(1), n.type, short, n.label, source="list"))
        pos = m.end()
        while (at := text.find(short, pos)) >= 0:
            pos = at + len(short)
            if not any(s <= at < e for s, e in taken):
                found.append(Name(at, at + len(short), n.type, short, n.label, source="list"))
    return found


#: Where the lexical analyser reads: before a firm word (the name's left edge is the hard part),
#: after the verbs that introduce a company, and the items of a list that ends in 企业.
_FIRM_END_WORD = re.compile(r"公司|集团")
_INTRODUCES = re.compile(r"依托|支持|引进培育|由|联合|携手|以(?=[^，。；]{2,14}为(?:龙头|核心|引领|牵引|主体))")
_FIRM_LIST = re.compile(r"等(?:[一二三四五六七八九十百\d]+家)?[\u4e00-\u9fff]{0,6}?(?:企业|龙头|链主)")
_BREAK = re.compile(r"[，；。！？：\n]")
_BEFORE, _AFTER = 30, 10


def model_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` the lexical analyser reads (about a tenth of a report): the
    clause before a firm word or a company list's 等…企业, and a few characters after a verb
    that introduces a company (由…, 依托…, 支持…)."""
    spans = []
    for m in list(_FIRM_END_WORD.finditer(text)) + list(_FIRM_LIST.finditer(text)):
        lo = max(0, m.start() - _BEFORE)
        cut = max((b.end() for b in _BREAK.finditer(text, lo, m.start())), default=lo)
        spans.append((cut, m.end()))
    for m in _INTRODUCES.finditer(text):
        stop = _BREAK.search(text, m.end(), m.end() + _AFTER)
        spans.append((m.end(), stop.start() if stop else min(len(text), m.end() + _AFTER)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        elif b > a:
            merged.append((a, b))
    return merged


def find_model_names(ctx, text: str, known: list[tuple[int, int]] = ()) -> list[Name]:
    """Companies, parks and platforms the lexical analyser tags (ORG) where no pattern looks:
    歌尔, 潍柴, 蔚来; government bodies and fragments are dropped by :func:`ner.classify`.

    ``known`` spans of names already found are not read again: a window whose firm word ends a
    known name that starts within a verb's length of the window's start is skipped."""
    from graph.extract.ner import classify

    if ctx.tagger is None:
        return []
    start_of = {}
    for s, e in known:
        start_of[e] = min(s, start_of.get(e, s))
    windows = [(a, b) for a, b in model_windows(text) if not (b in start_of and a <= start_of[b] <= a + 4)]
    found = []
    for s, e, surface in ctx.tagger.org_spans(text, windows):
        type_ = classify(surface)
        if type_ and (type_ != "Company" or _FIRM_WORD.search(surface) or _brand(ctx, text, s, e, surface)):
            found.append(Name(s, e, type_, surface, surface, source="model"))
    return found


_FIRM_WORD = re.compile(r"公司|集团|股份|有限|控股")
_COMMON_POS = frozenset("n j m q a ns v vn d l i".split())
_OFFICE_START = re.compile(r"^[市省区县镇]")


def _brand(ctx, text: str, start: int, end: int, surface: str) -> bool:
    """A name with no firm word (歌尔, 蔚来) is a company when it is no common word of the
    segmenter's (规上, 机床, 九大), or when it stands in a list beside other names (江淮、蔚来、…)."""
    if ctx.lexicon.is_industry(surface) or _OFFICE_START.match(surface) or _HAS_DIGIT.search(surface):
        return False
    if text[start - 1:start] == "、" or text[end:end + 1] == "、":
        return True
    words = ctx.segmenter.tag(surface)
    return not (words[0][1] in _COMMON_POS and (len(words) == 1 or words[0][1].startswith("v")))

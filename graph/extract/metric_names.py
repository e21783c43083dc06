"""What a number measures, named as a reader writes it: a noun phrase, never a fragment.

The words before a value are a clause such as ``到2025年，全市规上工业增加值力争增长`` or, in a
headline run into the text, ``…加快建设先进制造业强市今年力争新能源汽车产量``. The metric is what
is left once the time, the place, the cue words and any earlier value are cut away (``规上工业
增加值增长``, ``新能源汽车产量``); a bare count names what it counts (``新培育2个省级集群`` ->
``新培育省级集群数量``); a share names both sides (``贡献了全省13.2%的税收`` -> ``税收占全省比重``).
A name that is still a verb, a place, a lone generic noun or punctuation is no name: the caller
then takes the paragraph's last metric or drops the value.
"""

from __future__ import annotations

import re

from graph.extract.patterns import last_match

_TO_METRIC = re.compile(r"(?s:.*)(?:[，,；;：:、]|——)")
_TO_CLAUSE = re.compile(r"(?s:.*)[，,；;：:]")
#: The last of these in a clause ends what comes before the metric: a time, a cue word, an
#: earlier value (a headline or a list run into the text), a sentence in brackets.
_BOUNDARY = re.compile(
    r"(?:(?:到|至|截至|截止|截止到)?(?:19|20)\d{2}年(?:底|末|以来|全年|前)?(?![\d代])"
    r"|今年(?:以来)?|明年|去年|当年|全年|年内|目前|当前|近年来|(?:1|一)?[-—至~到]?\d{1,2}月(?:份|底|末)?"
    r"|[一二三四]季度|前[一二三四]季度|前三季度|上半年|下半年|前[两三四五六七八九十]个月"
    r"|力争|确保|争取|预计|计划|努力|目标(?:是|为)?|其中|同时|此外|下一步"
    r"|\d+(?:\.\d+)?(?:万亿|亿|万|千)?(?:个百分点|%|家|个|项|元|人|倍|场|条|亩|吨|辆|台|套|座)"
    r"(?:以上|左右|以内|多|余)?(?:的)?"
    r"|[。！？；]"
    r")"
)
#: A verb between a subject and what it measures: 四大产业集群实现营业收入.
_INNER_VERB = re.compile(r"(?<=[\u4e00-\u9fff])(?:力争)?(?:实现|完成|达成)(?=(?:营业|主营业务)?收入|产值|增加值|利润|税收|营收|投资|同比|增长)")
#: Words at the start that say where or when, not what: 全市, 我区, 今年, 累计, 在….
_LEAD = re.compile(
    r"^(?:[#\-•·●■□◆▲★\s“”()（）]+|[对在并而且]|全[市区省国县]|[我本该][市区省县]|各[市区县]"
    r"|(?:全市|全区)?(?:累计|共|已经|已|再|又|还|就|仅|均|分别|总计|合计)(?=[\u4e00-\u9fff]{3})"
    r"|实现了?|完成了?|推动|带动|力争|确保|争取|要达到|要|将|全年|年初|开年|初步|一是|二是|三是|四是|五是"
    r"|[\u4e00-\u9fff]{2,4}?(?:市|区|县|新区)?(?:要达到|要|将|已|累计(?:打造|培育|建成|获评|认定|拥有|创建)?|设立)(?=[\u4e00-\u9fff]{2})"
    r"|累计(?:打造|培育|建成|获评|认定|拥有|创建)|(?:拥有|现有|共有|设立|设有)(?=[\u4e00-\u9fff]{2}))+"
)
#: Verbs and bounds at the end that say how the value comes about: 达到, 突破, 稳定在.
_TAIL = re.compile(
    r"(?:达到了?|突破|超过|超|不低于|不少于|达|为|约|近|有|(?:稳定|保持|控制|提高|提升|增加|增至|提高到|提升到)(?:在|到|至)?"
    r"|分别|力争|确保|争取|实现了?|完成了?|累计|共计|共|总计|合计|已|将|要|均|高达|逾|至|到|的|了)+$"
)
#: A clause that says only how a value comes about (力争突破, 新培育) names no metric by itself.
ONLY_VERBS = re.compile(
    r"^(?:力争|确保|争取|推动|带动|实现|完成|达到|突破|超过|培育|新培育|新增|引进|建设|打造|认定|创建|发布|遴选|实施|开展"
    r"|形成|建成|累计|签约|落地|推进|重点推进|支持|吸引|集聚|聚集|拥有|有|共|约|近|超|达|为|再|又|已|将|年均|每年|均|等|的|了"
    r"|开年|年初|今年|去年|全年|一季度|上半年|前两个月|提出|并|初步|涵盖|包括|覆盖|全部|设立|总|净增|新建|其中|分别|给予|奖励|补助)*$"
)
#: Nouns that measure something but do not say what: the subject before them does.
_GENERIC = re.compile(r"^(?:总?规模|总量|总数|总额|数量|贡献率|拉动率|占比|比重|增速|增长|增幅|项目|企业|投资)$")
#: A share whose whole comes after the verb: 占全省9.7%的用地, 贡献了全市17%的营收.
_SHARE = re.compile(r"^(?:以|用)?(?:占|贡献了?|创造了?|实现了?)(全[市区省国]|[\u4e00-\u9fff]{1,8}[市区省])的?$")
#: A growth with no subject: 同比增长1.3倍 after 新能源汽车产量达到74.6万辆.
_GROWTH_ONLY = re.compile(r"^(?:同比|比上年|年均|分别)?(?:增长|增速|下降|提高|增幅)$")
#: A comparison with no subject: 高于全省1.6个百分点 after 规上工业增加值增长9.3%.
_ABOVE = re.compile(r"^(?:分别)?(?:高于|低于|快于|慢于)(?:全[省国市]|[\u4e00-\u9fff]{1,4}[省市])(?:平均(?:水平|增速)?)?$")
#: Levels that stand for the head of the metric before them: 其中国家级23家.
_LEVEL_ONLY = re.compile(r"^(?:国家级|省级(?:以上)?|市级(?:以上)?|国家|省级及以上)$")
_LEVEL_HEAD = re.compile(r"^(?:新增|新培育|累计)?(?:国家级|省级(?:以上)?|市级(?:以上)?|国家|省级及以上)")
#: What a count counts, after its unit: 新培育1至2个省级先进制造业集群 -> 省级先进制造业集群.
_COUNTED = re.compile(r"[“”‘’\u4e00-\u9fffA-Za-z0-9（）()+]{2,16}")
#: A noun after a value and 的: 设立规模200亿元的产业基金 -> 产业基金规模.
_OF_NOUN = re.compile(r"的([“”‘’\u4e00-\u9fffA-Za-z0-9（）()+]{2,16})")
_HAS_VALUE = re.compile(r"\d(?:万亿|亿|万)?(?:元|个|家|项)")
_COUNT_UNITS = frozenset("个 家 项 场 场次 条 座 所 款 件 台 套 名 人 户".split())
#: Where a counted or owned noun stops: the next verb or particle.
_NOUN_STOP = re.compile(r"(?:[，。；：、,;:！？\n]|的|和|与|及|等|已|将|在|成为|实现|达到|通过|获得|入选|落户|开工|签约|投产|完成|增长|居|位)")
#: What happened to the counted things, said after them.
_DONE_AFTER = re.compile(r"(?:已|已经|均)?((?:通过|入选|获评|获批)[^，。；、]{2,20}?(?:认定|评定|认证|名单)|(?:集中)?(?:开工|投产|竣工|签约|落地|开业))(?=[，。；、]|$)")
#: Sentence punctuation and markup a metric name never holds.
_BAD_CHARS = re.compile(r"[，。；：！？,;:!?#…|\[\]{}<>《》\n]|——")
_PLACE_ONLY = re.compile(r"^(?:全|本|我)?[^于比占园]{0,5}(?<!园)(?:市|区|县|省|镇|街道)$")
_QUOTES = "“”‘’（）() "


def metric_name(text: str, floor: int, start: int, end: int, limit: int, unit: str = "") -> str:
    """The metric of the value at ``text[start:end]`` in the sentence ``text[floor:limit]``, or
    ``""`` when the words around it name none (the caller may inherit one)."""
    clause_start = _after_last(_TO_METRIC, text, floor, start)
    raw = text[clause_start:start]
    listed = text.endswith("等", floor, start) or (text.endswith("的", floor, start) and bool(_HAS_VALUE.search(raw)))
    clause = _core(raw)
    after = text[end:limit]
    if unit in _COUNT_UNITS and (listed or ONLY_VERBS.match(clause)):
        counted = _counted(after)
        if counted:
            verb = "" if listed else _verb(clause)
            return _valid(verb + counted + ("数量" if listed or not verb else ""))
    if len(clause) <= 3 and text.endswith("、", floor, clause_start):
        # 国家级服务型制造示范(企业、平台、项目)26家: the last item alone says nothing.
        clause = _core(text[_after_last(_TO_CLAUSE, text, floor, clause_start):start])
    share = _SHARE.match(raw.strip(_QUOTES).split("，")[-1]) if raw else None
    if share:
        noun = _of_noun(after)
        return _valid(f"{noun}占{share.group(1)}比重") if noun else ""
    if needs_inheritance(clause):
        return clause
    if ONLY_VERBS.match(clause) or _GENERIC.match(clause):
        noun = _of_noun(after) if _GENERIC.match(clause) or ONLY_VERBS.match(clause) else ""
        if noun and _GENERIC.match(clause) and clause not in ("项目", "企业"):
            return _valid(noun + clause)
        return ""
    if clause.endswith(("等企业", "等项目", "等平台")) and "等" in clause:
        verb = _verb(text[_after_last(_TO_CLAUSE, text, floor, clause_start):clause_start])
        return _valid(verb + clause[clause.rindex("等") + 1:])
    return _valid(clause)


def inherit(name: str, previous: str) -> str:
    """A name that leans on the one before: 其中国家级 + 省级以上创新平台 -> 国家级创新平台;
    占全部投资比重 after 工业投资同比增长 -> 工业投资占全部投资比重. ``""`` when it cannot."""
    if not previous:
        return ""
    if _LEVEL_ONLY.match(name):
        head = _LEVEL_HEAD.sub("", previous)
        return _valid(name + head) if head and head != previous else ""
    if _ABOVE.match(name):
        subject = _subject(previous)
        return _valid(subject + "增速" + name) if subject else ""
    if name.startswith("占") or name in ("贡献率", "拉动率") or _GROWTH_ONLY.match(name):
        subject = _subject(previous)
        return _valid(subject + name) if subject else ""
    return ""


def needs_inheritance(name: str) -> bool:
    return bool(_LEVEL_ONLY.match(name) or _GROWTH_ONLY.match(name) or _ABOVE.match(name)) or name.startswith("占") \
        or name in ("贡献率", "拉动率")


def is_clean(name: str) -> bool:
    """What a reader accepts as a metric name: two characters or more, no sentence punctuation,
    not a verb, a place or a lone generic noun."""
    return (
        2 <= len(name) <= 40 and not _BAD_CHARS.search(name) and not ONLY_VERBS.match(name)
        and not _GENERIC.match(name) and not _PLACE_ONLY.match(name) and not _LEVEL_ONLY.match(name)
        and not name.startswith("占")
    )


def _core(clause: str) -> str:
    """The clause with what precedes the metric and the verbs after it cut away; a lone
    generic noun keeps the subject before the cut (人工智能产业力争实现收入 -> 人工智能产业收入)."""
    clause = _INNER_VERB.sub("", clause)
    last = last_match(_BOUNDARY, clause, 0, len(clause))
    while last is not None and (last.end() == len(clause) or ONLY_VERBS.match(_trim(clause[last.end():]))):
        clause = clause[:last.start()]  # 力争 (达到) right before the number
        last = last_match(_BOUNDARY, clause, 0, len(clause))
    # A baseline (较2023年下降) belongs to the metric: no cut there.
    if last is not None and clause[max(0, last.start() - 1): last.start()] not in ("较", "比", "于"):
        head, clause = clause[:last.start()], clause[last.end():]
        trimmed = _trim(clause)
        if _GENERIC.match(trimmed) and trimmed not in ("项目", "企业"):
            subject = _trim(_core(head)) if head else ""
            return subject + trimmed if subject and not _GENERIC.match(subject) else trimmed
        return trimmed
    return _trim(clause)


def _trim(clause: str) -> str:
    for _ in range(3):
        before = clause
        clause = _LEAD.sub("", clause).strip(_QUOTES)
        if clause.endswith(("到", "破", "过", "于", "近", "约", "超", "达", "为", "在", "至", "的", "了", "有", "将",
                            "要", "已", "共", "计", "均", "争", "保", "现", "成", "别", "逾", "比")):
            clause = _TAIL.sub("", clause).strip(_QUOTES)
        if clause == before:
            break
    return clause if clause.count("“") == clause.count("”") else clause.replace("“", "").replace("”", "")


def _verb(clause: str) -> str:
    """The verbs of a count worth keeping in its name: 新培育, 新增, 引进 (not 力争, 推动)."""
    kept = re.findall(r"新培育|新增|新引进|引进|培育|新建|打造|建设|认定|创建|聚集|集聚|入驻|净增|实施|开放|落地|签约|遴选", clause)
    return kept[-1] if kept else ""


def _counted(after: str) -> str:
    m = _COUNTED.match(after)
    if not m:
        return ""
    noun = m.group()
    stop = _NOUN_STOP.search(noun, 2)
    noun = noun[:stop.start()] if stop else noun
    rest = after[len(noun):]
    noun = noun.strip("“”")
    if len(noun) < 2 or ONLY_VERBS.match(noun):
        return ""
    # 279项产品通过省首台(套)技术装备认定 -> 通过…认定产品; 195个项目已集中开工 -> 集中开工项目.
    done = _DONE_AFTER.match(rest)
    return done.group(1) + noun if done else noun


def _of_noun(after: str) -> str:
    m = _OF_NOUN.match(after)
    if not m:
        return ""
    noun = m.group(1)
    stop = _NOUN_STOP.search(noun, 2)
    noun = (noun[:stop.start()] if stop else noun).strip("“”")
    return noun if len(noun) >= 2 and not ONLY_VERBS.match(noun) else ""


def _subject(metric: str) -> str:
    """工业投资同比增长 -> 工业投资: the thing a growth or a level is of."""
    return re.sub(r"(?:同比|比上年|年均)?(?:增长|增速|下降|提高|增幅)$", "", metric) if metric else ""


def _valid(name: str) -> str:
    name = name.strip(_QUOTES)
    if name.count("“") != name.count("”"):
        name = name.replace("“", "").replace("”", "")
    return name if is_clean(name) or needs_inheritance(name) else ""


def _after_last(to_break: re.Pattern, text: str, floor: int, pos: int) -> int:
    """Where the last piece of ``text[floor:pos]`` split at ``to_break``'s breaks starts."""
    m = to_break.match(text, floor, pos)
    return m.end() if m else floor

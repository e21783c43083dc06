"""English labels for entities the gazetteer does not know.

A name is split into a known head (an industry or region of the gazetteer, translated) and a
type suffix (产业集群 -> industrial cluster); what remains is written in pinyin, word by word,
so an English reader can still say it. The gazetteer's own ``label_en`` always wins.
"""

from __future__ import annotations

from functools import lru_cache

#: Longest suffix first; the first that ends a name is used.
SUFFIX_EN = (
    ("先进制造业集群", "advanced manufacturing cluster"),
    ("战略性新兴产业集群", "strategic emerging industry cluster"),
    ("产业集群", "industrial cluster"),
    ("产业链群", "industrial chain cluster"),
    ("集群", "cluster"),
    ("工业互联网平台", "industrial internet platform"),
    ("公共服务平台", "public service platform"),
    ("技术创新中心", "technology innovation center"),
    ("制造业创新中心", "manufacturing innovation center"),
    ("创新中心", "innovation center"),
    ("智算中心", "AI computing center"),
    ("超算中心", "supercomputing center"),
    ("重点实验室", "key laboratory"),
    ("实验室", "laboratory"),
    ("平台", "platform"),
    ("产业园", "industrial park"),
    ("生态园", "eco-park"),
    ("科技园", "science park"),
    ("产业基地", "industrial base"),
    ("示范基地", "demonstration base"),
    ("科创区", "science and innovation zone"),
    ("园区", "park"),
    ("基地", "base"),
    ("提升工程", "improvement project"),
    ("行动", "action"),
    ("工程", "project"),
    ("计划", "programme"),
    ("股份有限公司", "Co., Ltd."),
    ("有限公司", "Co., Ltd."),
    ("集团", "Group"),
)

_QUOTES = str.maketrans("", "", "“”‘’\"《》「」")


def english_label(label: str, known: dict[str, str]) -> str:
    """An English label built from ``known`` names (Chinese -> English) and the type suffix.

    >>> english_label("智能家电产业集群", {"智能家电": "Smart home appliances"})
    'Smart home appliances industrial cluster'
    >>> english_label("海之心智算中心", {})
    'Haizhixin AI computing center'
    """
    name = label.translate(_QUOTES).strip()
    tail = ""
    for zh, en in SUFFIX_EN:
        if name.endswith(zh) and len(name) > len(zh):
            name, tail = name[: -len(zh)], en
            break
    head = known.get(name) or _head(name, known)
    return f"{head} {tail}".strip() if head else tail or label


def _head(name: str, known: dict[str, str]) -> str:
    """The longest known prefix in English, the rest in pinyin."""
    for cut in range(len(name), 1, -1):
        if name[:cut] in known:
            rest = _pinyin(name[cut:])
            return f"{known[name[:cut]]} {rest}".strip()
    return _pinyin(name)


@lru_cache(maxsize=65536)
def _pinyin(text: str) -> str:
    """Pinyin word by word, capitalised, as place names are written (海之心 -> Haizhixin)."""
    if not text:
        return ""
    from pypinyin import lazy_pinyin

    from graph.extract.segment import taught

    words = []
    for word in taught().cut(text):
        syllables = lazy_pinyin(word, errors=lambda chars: [chars])
        joined = "".join(s for s in syllables if s.strip())
        if joined:
            words.append(joined[:1].upper() + joined[1:])
    return " ".join(words)

"""English labels for entities the gazetteer does not know, translated by their parts.

A name loses its type suffix (产业集群 -> industrial cluster); the rest is read left to right,
longest match first, from the gazetteer's English names and the domain glossary
(``graph.glossary``); what neither holds is segmented and looked up in CC-CEDICT
(``graph.dictionary``): a place keeps its English name, a word its first real sense. Only what
no dictionary covers (a company's brand, a small town) is written in pinyin. The gazetteer's own
``label_en`` always wins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.dictionary import entries, sense
from graph.glossary import GLOSSARY, SUFFIX_EN

#: Quotes stay (they set a slogan apart: 培育“链主”企业 is not 培育链主企业); brackets become ASCII.
_QUOTES = str.maketrans({c: None for c in "《》「」"} | {"（": "(", "）": ")", "、": ", ", "‘": "“", "’": "”"})
_PLACE = re.compile(r"^((?:[A-Z][a-z]+ ?){1,3})(?:,| (?:district|county|prefecture|subprovincial|city|"
                    r"capital|town|\(place name\)|in ))")
_REGION_KIND = re.compile(r" (?:Province|City|District|County|New Area)$")
_YEARS = re.compile(r"(\d{4})\s*[—–-]+\s*(\d{4})年?")
_LATIN = re.compile(r"[A-Za-z0-9+.\-–&]+")


def english_label(label: str, known: dict[str, str], type_: str = "") -> str:
    """An English label built from ``known`` names (Chinese -> English), the glossary and CC-CEDICT.

    ``type_`` "Company" writes the first unknown word (the brand) in pinyin and capitalises
    every word, as company names are written.

    >>> english_label("智能家电产业集群", {"智能家电": "Smart home appliances"})
    'Smart home appliances industrial cluster'
    >>> english_label("企业技改升级焕新行动", {})
    'Enterprise technological upgrading renewal action'
    >>> english_label("山东玲珑轮胎股份有限公司", {"山东": "Shandong Province"}, "Company")
    'Shandong Linglong Tyres Co., Ltd.'
    >>> english_label("临沂经济技术开发区", {})
    'Linyi economic and technological development zone'
    """
    name = _YEARS.sub(lambda m: f"{m.group(1)}–{m.group(2)}", label.translate(_QUOTES).strip())
    name = re.sub(r"(\d{4})年", r"\1", name)
    tail = dict(SUFFIX_EN).get(name, "")
    if tail:
        return tail[:1].upper() + tail[1:]
    for zh, en in SUFFIX_EN:
        if name.endswith(zh) and len(name) > len(zh):
            name, tail = name[: -len(zh)], en
            break
    if name in known:
        head = known[name]
    elif type_ == "Company":
        head = _company(name, known)
    else:
        head = _words(name, known)
    text = _tidy(f"{head} {tail}" if head else tail or name)
    if not any(c.isalnum() for c in text):
        return ""
    if type_ == "Company":
        text = " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in text.split())
    return text[:1].upper() + text[1:]


def _company(name: str, known: dict[str, str]) -> str:
    """Place, brand in pinyin (玲珑 is Linglong, not "exquisite"), then the trade in English."""
    from graph.extract.segment import taught

    places = []
    while True:
        en, size = _longest(name, 0, known)
        place = en if size and name[:size] in known else _place(taught().cut(name)[0]) if name else ""
        if not place or len(name) <= 2:
            break
        size = size or len(taught().cut(name)[0])
        places.append(place)
        name = name[size:].removeprefix("市")
    first = taught().cut(name)[0] if name else ""
    brand = first if len(first) > 1 else name[:2]
    for cut in range(2, len(brand)):  # a taught name holds its trade too: 东方电子 is 东方 + 电子
        if _longest(brand, cut, known)[1]:
            brand = brand[:cut]
            break
    return " ".join([*places, _pinyin(brand), _words(name[len(brand):], known)]).strip()


def _words(name: str, known: dict[str, str]) -> str:
    """``name`` in English, part by part."""
    words: list[str] = []
    unknown = ""
    i = 0
    while i < len(name):
        en, size = _longest(name, i, known)
        if size:
            words.extend(_unknown(unknown))
            unknown = ""
            words.append(en)
            i += size
        else:
            unknown += name[i]
            i += 1
    words.extend(_unknown(unknown))
    return " ".join(w for w in words if w)


def _longest(name: str, i: int, known: dict[str, str]) -> tuple[str, int]:
    """The English of the longest known name or glossary term at ``name[i:]``, and its length."""
    if name[i] in "“”\"":
        return name[i], 1
    latin = _LATIN.match(name, i)
    if latin:
        return latin.group(), latin.end() - i
    for end in range(min(len(name), i + 12), i, -1):
        part = name[i:end]
        if part in known:
            return (_REGION_KIND.sub("", known[part]) if len(part) < len(name) else known[part]), end - i
        if part in GLOSSARY and len(part) > 1:  # one character is a word only where the segmenter says so
            return GLOSSARY[part], end - i
    return "", 0


def _unknown(run: str) -> list[str]:
    """Words of ``run`` (nothing the glossary knows): CC-CEDICT places and senses, else pinyin."""
    from graph.extract.segment import taught

    if not run:
        return []
    return [GLOSSARY[w] if w in GLOSSARY else _place(w) or (sense(w) if len(w) > 1 else "") or _pinyin(w)
            for w in taught().cut(run)]


def _place(word: str) -> str:
    """The English name of a place CC-CEDICT knows (临沂 -> Linyi), else ""."""
    for raw in entries().get(word, ())[:1]:
        match = _PLACE.match(raw)
        if match:
            return match.group(1).strip()
    return ""


def _tidy(text: str) -> str:
    """One space between words, no word twice in a row, no marks."""
    words = text.split()
    kept = [w for n, w in enumerate(words) if n == 0 or w.lower() != words[n - 1].lower()]
    text = " ".join(kept).replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    text = re.sub(r"“ *([^”]*?) *”", r"“\1”", text)
    return re.sub(r"[“”] *$|^ *[“”]", "", text) if text.count("“") != text.count("”") else text


@lru_cache(maxsize=65536)
def _pinyin(text: str) -> str:
    """Pinyin of one word, capitalised, as place names and brands are written (海之心 -> Haizhixin)."""
    from pypinyin import lazy_pinyin

    joined = "".join(s for s in lazy_pinyin(text, errors=lambda chars: [chars]) if s.strip())
    return joined[:1].upper() + joined[1:]


def distinct_labels(labels: dict[str, tuple[str, str]], kinds: dict[str, str] | None = None) -> dict[str, str]:
    """English labels by IRI, where entities that would share one are told apart by their Chinese.

    ``labels`` maps an IRI to its (Chinese, English) labels. Two entities with one English label
    get the pinyin of their Chinese label as a qualifier, so a reader can still tell them apart;
    where that is one pinyin too (homophones, one name of two types) the entity's kind from
    ``kinds`` (IRI -> English type name) is added, and last a number: never Chinese characters.

    >>> distinct_labels({"a": ("培育链主企业", "Chain leaders"), "b": ("链主培育", "Chain leaders")})
    {'a': 'Chain leaders (Peiyu Lianzhu Qiye)', 'b': 'Chain leaders (Lianzhu Peiyu)'}
    >>> distinct_labels({"a": ("青岛", "Qingdao"), "b": ("青岛", "Qingdao")}, {"a": "Region", "b": "Company"})
    {'a': 'Qingdao (Qingdao, Region)', 'b': 'Qingdao (Qingdao, Company)'}
    """
    kinds = kinds or {}
    groups: dict[str, list[str]] = {}
    for iri in sorted(labels):
        groups.setdefault(labels[iri][1].casefold(), []).append(iri)
    out = {}
    for iris in groups.values():
        names = {iris[0]: labels[iris[0]][1]}
        for level in range(3 if len(iris) > 1 else 0):
            names = {iri: f"{labels[iri][1]} ({_qualifier(labels[iri][0], kinds.get(iri, ''), n, level)})"
                     for n, iri in enumerate(iris, 1)}
            if len({v.casefold() for v in names.values()}) == len(iris):
                break
        out.update(names)
    return out


def _qualifier(zh: str, kind: str, n: int, level: int) -> str:
    """Pinyin, then pinyin and kind, then pinyin and a number: the first that tells a group apart."""
    from graph.extract.segment import taught

    pinyin = " ".join(_pinyin(w) for w in taught().cut(zh) if w.strip())
    return [pinyin, ", ".join(p for p in (pinyin, kind) if p), f"{pinyin}, {n}"][level]

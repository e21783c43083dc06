"""An entity from what a person types: a label, an alias, pinyin or an IRI.

People name things (智能家电产业集群, haier); the graph knows IRIs. :func:`resolve` finds the one
entity a name means, best tier first — the IRI itself, then a Chinese or English label, then an
alias, then the full pinyin of the label, then of an alias — and never guesses: two entities at the best
tier are :class:`Ambiguous` (with every candidate's type and documents, so a person can choose),
none is :class:`NotFound` (with the nearest names). The same rule serves the command line and
the web app, over anything with ``iri``, ``type``, ``zh``, ``en``, ``aliases`` and ``documents``
(the web app's snapshot nodes, or :func:`candidates` read from a store).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from graph import errors

NS = "https://w3id.org/ikg/ontology#"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
#: Candidates listed at most when a name is ambiguous or unknown.
LISTED = 10


def fold(text: str) -> str:
    """Lower case, NFKC, no spaces, quotes or hyphens: the form names and queries are compared in.

    >>> fold("Zhineng Jiadian")
    'zhinengjiadian'
    >>> fold("“芯屏”")
    '芯屏'
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s\"'“”‘’《》\-_·・]+", "", text)


@lru_cache(maxsize=65536)
def pinyin_keys(text: str) -> tuple[str, ...]:
    """The full pinyin and the initials of a Chinese name.

    >>> pinyin_keys("海尔")
    ('haier', 'he')
    """
    if not re.search(r"[\u4e00-\u9fff]", text):
        return ()
    from pypinyin import lazy_pinyin

    syllables = [s for s in lazy_pinyin(text, errors="ignore") if s.strip()]
    full = fold("".join(syllables))
    initials = "".join(s[0] for s in syllables if s)
    return tuple(k for k in (full, initials) if len(k) >= 2)


@dataclass
class Candidate:
    """An entity as :func:`resolve` sees it."""

    iri: str
    type: str
    zh: str = ""
    en: str = ""
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    documents: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # mentions per document


class NotFound(errors.NotFound):
    def __init__(self, name: str, suggestions: list):
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean {', '.join(c.zh or c.en or c.iri for c in suggestions)}?" if suggestions else ""
        super().__init__(f"no entity named {name!r} in the graph{hint}")


class Ambiguous(errors.KGError):
    status = 300  # Multiple Choices: the answer lists them

    def __init__(self, name: str, candidates: list):
        self.name, self.candidates = name, candidates
        super().__init__(f"{name!r} names {len(candidates)} entities; give one of their IRIs")


def resolve(name: str, entities) -> object:
    """The one entity of ``entities`` that ``name`` means (see the module's tiers)."""
    name = name.strip()
    entities = list(entities)
    by_iri = {e.iri: e for e in entities}
    if name in by_iri:
        return by_iri[name]
    q = fold(name)
    if not q:
        raise NotFound(name, [])
    tiers: dict[int, list] = defaultdict(list)
    for e in entities:
        tier = _tier(q, e)
        if tier is not None:
            tiers[tier].append(e)
    if tiers:
        best = _ranked(tiers[min(tiers)])
        if len(best) == 1:
            return best[0]
        raise Ambiguous(name, best[:LISTED])
    near = _ranked([e for e in entities if any(q in fold(n) for n in _names(e))])
    raise NotFound(name, near[:5])


def _tier(q: str, e) -> int | None:
    if q in (fold(e.zh), fold(e.en)):
        return 1
    if any(q == fold(a) for a in e.aliases):
        return 2
    if q.isascii():
        if any(q == keys[0] for keys in map(pinyin_keys, (e.zh,)) if keys):
            return 3
        if any(q == keys[0] for keys in map(pinyin_keys, e.aliases) if keys):
            return 4
    return None


def _names(e) -> list[str]:
    return [n for n in (e.zh, e.en, *e.aliases) if n]


def _ranked(found: list) -> list:
    return sorted(found, key=lambda e: (-getattr(e, "mentions", 0), e.type, e.zh or e.en, e.iri))


def candidates(store, make=Candidate) -> list:
    """Every entity of ``store`` with its labels, aliases, mentions and documents (three queries),
    each made by ``make(iri, type)`` (the web app's snapshot makes its own nodes)."""
    from ontology import app_query

    found: dict = {}
    for entity, type_, document, count in store.query(app_query("snapshot_mentions")).rows:
        if str(type_).startswith(NS):
            _count(found.setdefault(str(entity), make(str(entity), str(type_)[len(NS):])), str(document), int(count))
    for entity, document, count in store.query(app_query("snapshot_metrics")).rows:
        _count(found.setdefault(str(entity), make(str(entity), "Indicator")), str(document), int(count))
    for entity, prop, label in store.query(app_query("snapshot_labels")).rows:
        c = found.get(str(entity))
        if c is None:
            continue
        if str(prop) == SKOS_PREF:
            setattr(c, "en" if getattr(label, "language", None) == "en" else "zh", str(label))
        elif str(label) not in c.aliases:
            c.aliases.append(str(label))
    return list(found.values())


def _count(c, document: str, count: int) -> None:
    c.mentions += count
    c.documents.add(document)
    c.counts[document] = c.counts.get(document, 0) + count


def describe(e, titles: dict[str, str] | None = None) -> str:
    """One line per candidate for a terminal: type, names, IRI and documents."""
    titles = titles or {}
    docs = ", ".join(sorted(titles.get(d, d.rsplit("/", 1)[-1]) for d in e.documents)) or "-"
    en = f" ({e.en})" if e.en and e.en != e.zh else ""
    return f"  {e.type:<10} {e.zh or e.en}{en}  {e.iri}  documents: {docs}"

"""Search over labels: Chinese, English, aliases and pinyin (``haier`` finds 海尔).

The index is built once per build from the snapshot, so a lookup is a scan of short prepared
keys in memory (no ``CONTAINS`` over the store). Ranking: exact > prefix > substring, then
entities mentioned more often first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Hit:
    iri: str
    type: str
    zh: str
    en: str
    matched: str
    score: tuple


def fold(text: str) -> str:
    """Lower case, NFKC, no spaces, quotes or hyphens: the form keys and queries are compared in.

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


class LabelIndex:
    def __init__(self, nodes):
        self._entries: list[tuple[str, str, object]] = []  # (key, shown name, node)
        for node in nodes:
            names = [n for n in (node.zh, node.en, *node.aliases) if n]
            seen = set()
            for name in names:
                for key in (fold(name), *pinyin_keys(name)):
                    if key and key not in seen:
                        seen.add(key)
                        self._entries.append((key, name, node))

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, limit: int = 10, types: set[str] | None = None) -> list[Hit]:
        q = fold(query)
        if not q:
            return []
        best: dict[str, Hit] = {}
        for key, name, node in self._entries:
            pos = key.find(q)
            if pos < 0 or (types and node.type not in types):
                continue
            rank = 0 if key == q else 1 if pos == 0 else 2
            score = (rank, -node.mentions, len(key), node.zh)
            hit = best.get(node.iri)
            if hit is None or score < hit.score:
                best[node.iri] = Hit(node.iri, node.type, node.zh, node.en, name, score)
        return sorted(best.values(), key=lambda h: h.score)[:limit]

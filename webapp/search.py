"""Search over labels: Chinese, English, aliases and pinyin (``haier`` finds 海尔).

The index is built once per build from the snapshot, so a lookup is a scan of short prepared
keys in memory (no ``CONTAINS`` over the store). Ranking: exact > prefix > substring, then
entities mentioned more often first.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import islice

from graph.lookup import fold, pinyin_keys

__all__ = ["Hit", "LabelIndex", "fold", "pinyin_keys"]

#: Most key matches ranked per pass; beyond it a query is too common to rank exhaustively.
MAX_MATCHES = 3000


@dataclass(frozen=True)
class Hit:
    iri: str
    type: str
    zh: str
    en: str
    matched: str
    score: tuple


class LabelIndex:
    """Every key of every entity in one string, searched with C-speed ``re``; bisect maps hits back.

    One string of all keys (``\n`` between them) turns a scan of 250,000 keys into one regex
    pass: prefix and exact hits come from ``\nquery``, substring hits only when those are too few.
    """

    def __init__(self, nodes):
        keys: list[tuple[str, str, object]] = []  # (key, shown name, node)
        for node in nodes:
            seen = set()
            for name in (n for n in (node.zh, node.en, *node.aliases) if n):
                for key in (fold(name), *pinyin_keys(name)):
                    if key and key not in seen:
                        seen.add(key)
                        keys.append((key, name, node))
        self._keys = keys
        self._starts = []
        parts, pos = [], 1
        for key, _, _ in keys:
            self._starts.append(pos)
            parts.append(key)
            pos += len(key) + 1
        self._text = "\n" + "\n".join(parts) + "\n"

    def __len__(self) -> int:
        return len(self._keys)

    def search(self, query: str, limit: int = 10, types: set[str] | None = None) -> list[Hit]:
        q = fold(query)
        if not q or "\n" in q:
            return []
        best: dict[str, Hit] = {}
        prefix = re.finditer("\n" + re.escape(q), self._text)
        self._collect(islice(prefix, MAX_MATCHES), q, types, best, shift=1)
        if len(best) < limit:  # a common syllable matches everything: rank only the first hits
            self._collect(islice(re.finditer(re.escape(q), self._text), MAX_MATCHES), q, types, best, shift=0)
        return sorted(best.values(), key=lambda h: h.score)[:limit]

    def _collect(self, matches, q: str, types, best: dict, shift: int) -> None:
        for m in matches:
            at = m.start() + shift
            i = bisect_right(self._starts, at) - 1
            key, name, node = self._keys[i]
            if types and node.type not in types:
                continue
            offset = at - self._starts[i]
            rank = 0 if offset == 0 and len(key) == len(q) else 1 if offset == 0 else 2
            score = (rank, -node.mentions, len(key), node.zh)
            hit = best.get(node.iri)
            if hit is None or score < hit.score:
                best[node.iri] = Hit(node.iri, node.type, node.zh, node.en, name, score)

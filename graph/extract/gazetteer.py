"""Known entities matched with Aho-Corasick: thousands of names in one pass over the text.

ahocorasick_rs (the Rust aho-corasick crate's DFA) scans about four times as fast as
pyahocorasick, whose trie looks each character up in a list of its node's children.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』 \u3000\t\n")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The form names are compared in: NFKC, no white space, no quote marks.

    >>> name_key("“芯屏”产业集群")
    '芯屏产业集群'
    """
    return unicodedata.normalize("NFKC", name).translate(_QUOTES)


@dataclass(frozen=True)
class Entry:
    id: str
    type: str
    label: str
    label_en: str = ""
    aliases: tuple[str, ...] = ()
    industry: str = ""
    kind: str = ""


class Gazetteer:
    """Canonical labels, aliases and types of known entities, and a matcher over them."""

    def __init__(self, entries):
        self.entries: list[Entry] = []
        self.by_key: dict[tuple[str, str], Entry] = {}
        self._found: dict[str, tuple[tuple[Entry, str], ...]] = {}  # name -> what it names
        for raw in entries:
            entry = Entry(
                id=raw["id"], type=raw["type"], label=raw["label"], label_en=raw.get("label_en", ""),
                aliases=tuple(raw.get("aliases", ())), industry=raw.get("industry", ""),
                kind=raw.get("kind", ""),
            )
            self.entries.append(entry)
            for name in (entry.label, *entry.aliases):
                key = name_key(name)
                self.by_key.setdefault((entry.type, key), entry)
                if len(key) >= 2:
                    self._found[name] = self._found.get(name, ()) + ((entry, name),)
        self._names = list(self._found)
        if self._names:
            self._automaton = ahocorasick_rs.AhoCorasick(self._names, matchkind=ahocorasick_rs.MatchKind.Standard)

    @classmethod
    def bundled(cls) -> Gazetteer:
        from ontology import gazetteer_entries

        return cls(gazetteer_entries())

    def lookup(self, type_: str, name: str) -> Entry | None:
        return self.by_key.get((type_, name_key(name)))

    def names(self, type_: str | None = None) -> list[str]:
        return [
            n for e in self.entries if type_ in (None, e.type) for n in (e.label, *e.aliases)
        ]

    def find(self, text: str) -> list[tuple[int, int, Entry, str]]:
        """Every occurrence of a known name: ``(start, end, entry, name)``, overlaps included."""
        if not self._names:
            return []
        matches = self._automaton.find_matches_as_indexes(text, overlapping=True)
        matches.sort(key=_by_end_longest_first)
        names, found = self._names, self._found
        return [(start, end, entry, name) for i, start, end in matches for entry, name in found[names[i]]]


def _by_end_longest_first(match: tuple[int, int, int]) -> tuple[int, int]:
    """The order hits are reported in (and ties are broken by later): by end, longest first."""
    return match[2], match[1]

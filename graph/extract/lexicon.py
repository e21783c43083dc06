"""What the extractors need to know about words: the industries and regions of one gazetteer.

A :class:`Lexicon` belongs to the :class:`~graph.extract.context.Context` it was built for, so
two gazetteers used in one process never see each other's words.
"""

from __future__ import annotations

from graph.extract.gazetteer import Gazetteer, name_key


class Lexicon:
    """Industries and regions, looked up by name.

    >>> lex = Lexicon(Gazetteer([{"id": "x", "type": "Industry", "label": "集成电路"},
    ...                          {"id": "q", "type": "Region", "label": "青岛市", "aliases": ["青岛"]}]))
    >>> lex.is_industry("集成电路产业"), lex.region_prefix("青岛市橡胶产业集群"), lex.region_label("青岛")
    (True, '青岛市', '青岛市')
    """

    def __init__(self, gazetteer: Gazetteer):
        self.industries = frozenset(name_key(n) for n in gazetteer.names("Industry"))
        self.regions: dict[str, str] = {}
        for entry in gazetteer.entries:
            if entry.type == "Region":
                for name in (entry.label, *entry.aliases):
                    self.regions[name] = entry.label

    def is_industry(self, word: str) -> bool:
        """A known sector, also with 产业/行业 after it: 集成电路, 集成电路产业."""
        key = name_key(word)
        return key in self.industries or (key.endswith(("产业", "行业")) and key[:-2] in self.industries)

    def region_prefix(self, name: str) -> str:
        """The known region a name starts with (longest), or ``""``: 青岛市橡胶… -> 青岛市."""
        for size in range(min(6, len(name) - 1), 1, -1):
            if name[:size] in self.regions:
                return name[:size]
        return ""

    def region_label(self, name: str) -> str:
        return self.regions.get(name, "")

"""The plain data that crosses stages: dataclasses, no behaviour beyond conversion.

Treat them as immutable. ``Mention``, ``Entity``, ``IndicatorValue`` and ``Relation`` are built by
the thousand per document, so they are slotted rather than frozen (a frozen dataclass's
``__init__`` costs about four times as much; extraction ran ~10% faster); they still hash by value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from graph.iris import value_iri

ENTITY_TYPES = (
    "Cluster", "Park", "Platform", "Company", "Action", "Indicator", "Policy", "Industry", "Region",
)


@dataclass(frozen=True)
class Document:
    """A decoded source document; ``text`` is what every offset indexes."""

    name: str
    text: str
    encoding: str = "utf-8"
    path: str = ""
    meta: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(unsafe_hash=True, slots=True)
class Mention:
    """A span of the original text naming something of ``type``.

    ``label`` is the name as normalised (layout repaired, NFKC); ``start``/``end`` index the
    original decoded text, like a spaCy span's ``start_char``/``end_char``.
    """

    start: int
    end: int
    type: str
    label: str
    source: str = "pattern"
    canonical: str = ""
    industry: str = ""
    parent: str = ""


@dataclass(unsafe_hash=True, slots=True)
class Entity:
    type: str
    label: str
    iri: str
    aliases: tuple[str, ...] = ()
    label_en: str = ""
    mentions: tuple[Mention, ...] = ()
    industry: str = ""


@dataclass(unsafe_hash=True, slots=True)
class IndicatorValue:
    """A value of a metric, found at ``start:end`` of the original text."""

    metric: str
    value: float
    unit: str
    qualifier: str | None
    year: int | None
    scope: str
    kind: str
    start: int
    end: int
    text: str
    value_max: float | None = None
    period: str | None = None
    #: The registry metric (``ontology/metrics.ttl``) the value measures, when one covers it.
    canonical: str | None = None
    #: Where the same value is stated again in the document: ``(start, end, text)`` each.
    restated: tuple[tuple[int, int, str], ...] = ()


@dataclass(unsafe_hash=True, slots=True)
class Relation:
    """``s p o`` found at ``start:end`` of the original text.

    ``how`` says how the text supports it: ``stated`` in one sentence, attributed by the
    ``section`` it stands in, or derived from a ``name`` (国家高速列车技术创新中心 -> 轨道交通装备).
    """

    s: str
    p: str
    o: str
    start: int
    end: int
    inferred: bool = False
    how: str = "stated"


@dataclass(frozen=True)
class Extraction:
    doc: Document
    entities: tuple[Entity, ...]
    indicators: tuple[IndicatorValue, ...]
    relations: tuple[Relation, ...]

    def to_json(self) -> dict:
        """The contract of ``ikg extract --json`` (DESIGN.md)."""
        text = self.doc.text
        return {
            "doc": self.doc.name,
            "entities": [
                {
                    "type": e.type,
                    "label": e.label,
                    "aliases": list(e.aliases),
                    "iri": e.iri,
                    "mentions": [
                        {"start": m.start, "end": m.end, "text": _squash(text[m.start:m.end])}
                        for m in e.mentions
                    ],
                }
                for e in self.entities
            ],
            "indicators": [
                {name: getattr(i, name) for name in _VALUE_FIELDS}
                | {"text": _squash(text[i.start:i.end]), "iri": value_iri(self.doc.name, i.start)}
                for i in self.indicators
            ],
            "relations": [
                {"s": r.s, "p": r.p, "o": r.o, "start": r.start, "end": r.end, "how": r.how}
                | ({"inferred": True} if r.inferred else {})
                for r in self.relations
            ],
        }


#: How a relation was found (:class:`Relation`).
HOW = ("stated", "section", "name")

#: ``asdict`` deep-copies every field and took a fifth of ``ikg extract --json``; values are flat.
_VALUE_FIELDS = tuple(f.name for f in fields(IndicatorValue))


def _squash(s: str) -> str:
    return "".join(s.split())

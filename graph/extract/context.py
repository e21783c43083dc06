"""What every extraction step is given: the gazetteer and what is built from it, and the model.

One :class:`Context` per gazetteer, passed explicitly to each finder and rule; nothing is kept in
module globals, so extracting with gazetteer A, then B, then A again gives A's results each time.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from functools import lru_cache

from graph.extract.gazetteer import Gazetteer
from graph.extract.lexicon import Lexicon
from graph.extract.segment import Segmenter


@dataclass(frozen=True, eq=False)
class Context:
    gazetteer: Gazetteer
    lexicon: Lexicon
    segmenter: Segmenter
    #: The lexical analyser (:class:`graph.extract.ner.LacTagger`), or None to go without.
    tagger: object | None = None


def use_model() -> bool:
    """``IKG_NER=0`` turns the lexical analyser off (patterns and gazetteer only)."""
    return os.environ.get("IKG_NER", "1") != "0"


@lru_cache(maxsize=4)
def context_for(gazetteer: Gazetteer, model: bool = True) -> Context:
    """The context of ``gazetteer`` (built once per gazetteer object: the segmenter's dictionary
    and the model take a moment to load)."""
    tagger = None
    if model:
        from graph.extract.ner import LacTagger

        tagger = LacTagger()
    ctx = Context(gazetteer, Lexicon(gazetteer), Segmenter(gazetteer.names()), tagger)
    _load_tables()
    return ctx


@lru_cache(maxsize=1)
def _load_tables() -> None:
    """Load the pinyin and numeral tables now rather than inside the first document, and keep
    the garbage collector off them: pypinyin's phrase table alone is ~190,000 lists that live as
    long as the process, and every full collection would walk them again (about a tenth of
    extraction time)."""
    from graph.extract.numbers import parse_number
    from graph.iris import slug

    slug("青岛")
    parse_number("十")
    gc.freeze()

"""Each gazetteer extracts in a context of its own: no state leaks between them."""

from graph.extract import context_for, extract
from graph.extract.gazetteer import Gazetteer
from graph.model import Document
from graph.types import ENTITY_TYPES, NESTABLE, SUFFIXES, labels, style

TEXT = "星云智造与青岛海湾科技合作。"


def _companies(ctx):
    return sorted(e.label for e in extract(Document("t.txt", TEXT), ctx=ctx).entities if e.type == "Company")


def test_context_gazetteers_a_then_b_then_a():
    a = Gazetteer([{"id": "a", "type": "Company", "label": "星云智造"}])
    b = Gazetteer([{"id": "b", "type": "Company", "label": "海湾科技"}])
    ctx_a, ctx_b = context_for(a, False), context_for(b, False)
    first = _companies(ctx_a)
    assert "星云智造" in first and "海湾科技" not in _companies(ctx_a)
    assert "海湾科技" in _companies(ctx_b) and "星云智造" not in _companies(ctx_b)
    assert _companies(ctx_a) == first
    # B's words never reached A's segmenter.
    assert not ctx_a.segmenter.is_word("海湾科技") and ctx_b.segmenter.is_word("海湾科技")


def test_context_lexicons_are_their_gazetteers():
    a = Gazetteer([{"id": "i", "type": "Industry", "label": "量子信息"}])
    b = Gazetteer([{"id": "j", "type": "Industry", "label": "低空经济"}])
    assert context_for(a, False).lexicon.is_industry("量子信息")
    assert not context_for(b, False).lexicon.is_industry("量子信息")


def test_types_one_table():
    assert ENTITY_TYPES[:5] == tuple(SUFFIXES)  # the found-by-suffix types first, in tie order
    assert {"Company", "Industry", "Region", "Platform"} == NESTABLE
    for type_ in ENTITY_TYPES:
        zh, en = labels(type_)
        assert zh != type_ and en != type_, type_  # read from ikg.ttl
        assert style(type_)[0].startswith("#")

"""Document structure: which lines open sections, and what each section holds."""

import pytest

from graph.extract.structure import Outline, openers, sections


def _outline(text, level=lambda o: None if o.kind == "lead" else 3.0):
    return Outline(sections(text, openers(text), level))


@pytest.mark.parametrize(
    ("line", "kind", "level"),
    [
        ("一、总体要求", "heading", 1.0),
        ("（二）实施产业链提升行动。推动链主企业发展壮大。", "heading", 2.0),
        ("3. 建设特色园区", "heading", 3.0),
        ("（4）培育专精特新企业", "heading", 4.0),
        ("①推进数字化改造", "heading", 5.0),
        ("##拥有产业“先行”基础", "heading", 2.0),
        ("-打造产业培育高地，在现代产业体系构建上走在前列", "item", 4.5),
        ("一是强化链主引领，带动上下游协同。", "item", 4.5),
    ],
)
def test_structure_marked_openers(line, kind, level):
    found = openers("标题\n" + line + "\n正文段落很长，也有一些内容。")
    assert (found[1].kind, found[1].level) == (kind, level)


@pytest.mark.parametrize("line", ["■海尔冰箱互联工厂。", "●加快推动城市千兆光纤网络建设。", "图为中车四方生产的列车"])
def test_structure_captions_and_bullets_open_nothing(line):
    assert [o for o in openers("标题\n" + line) if o.start > 0] == []


def test_structure_lead_in_is_its_first_sentence():
    text = "标题\n实施产业结构提档行动。推动传统产业转型升级，培育新兴产业。"
    lead = openers(text)[1]
    assert (lead.kind, text[lead.start:lead.head_end]) == ("lead", "实施产业结构提档行动。")


def test_structure_section_runs_to_next_opener_of_its_level():
    text = "一、甲\n（一）乙\n正文。\n（二）丙\n正文。\n二、丁\n正文。"
    outline = _outline(text)
    spans = [(text[s.start:s.head_end], text[s.start:s.end].count("\n")) for s in outline.sections]
    assert spans[0][0] == "一、甲" and "二、丁" not in text[outline.sections[0].start:outline.sections[0].end]
    inner = outline.around(text.index("正文。"))
    assert [text[s.start:s.head_end] for s in inner] == ["一、甲", "（一）乙"]


def test_structure_heading_with_no_body_holds_nothing_else():
    text = "一、甲\n二、乙\n正文。"
    outline = _outline(text)
    first = outline.sections[0]
    assert text[first.start:first.end].strip() == "一、甲"
    assert [text[s.start:s.head_end] for s in outline.around(text.index("正文"))] == ["二、乙"]


@pytest.mark.parametrize("text", ["", "\n\n", "只有一句正文没有标题也没有标点"])
def test_structure_empty_and_flat_documents(text):
    outline = _outline(text, level=lambda o: None)
    assert outline.around(0) == [] or all(s.kind == "title" for s in outline.around(0))


def test_structure_children_are_direct():
    text = "一、甲\n（一）乙\n1.丙\n（二）丁"
    outline = _outline(text)
    children = outline.children(outline.sections[0])
    assert [text[s.start:s.head_end] for s in children] == ["（一）乙", "（二）丁"]

"""Relations a reader sees, found on short documents of the genre (each rule, and its edges)."""

import pytest

from graph.extract import extract
from graph.model import Document


def _relations(text, meta=None):
    result = extract(Document("t.txt", text, meta=meta or {"date": "2024-03-01"}))
    label = {e.iri: e.label for e in result.entities}
    metric = {f"{v.start}": v.metric for v in result.indicators}
    out = set()
    for r in result.relations:
        o = label.get(r.o) or metric.get(r.o.rsplit("-", 1)[-1], r.o)
        out.add((label.get(r.s, r.s), r.p, o, r.how))
    return out


PLAN = """关于推进制造业强市建设的报告
市政府印发《潍坊市制造业强市三年行动方案》，提出实施产业链提升、企业梯队培育、数字赋能等三大行动。
实施产业链提升行动。到2025年，规模以上工业增加值年均增长8%以上，培育链主企业30家。
实施企业梯队培育行动。力争新增专精特新中小企业200家以上。
"""


def test_relations_targets_follow_the_section_of_their_action():
    found = _relations(PLAN)
    assert ("产业链提升行动", "targets", "规模以上工业增加值年均增长", "section") in found
    assert ("企业梯队培育行动", "targets", "新增专精特新中小企业", "section") in found
    assert not any(s == "产业链提升行动" and o == "新增专精特新中小企业" for s, p, o, _ in found if p == "targets")


def test_relations_enumerated_actions_are_members_of_their_group_set_by_the_policy():
    found = {(s, p, o) for s, p, o, _ in _relations(PLAN)}
    for action in ("产业链提升行动", "企业梯队培育行动", "数字赋能行动"):
        assert (action, "memberOf", "三大行动") in found
    assert ("三大行动", "setBy", "潍坊市制造业强市三年行动方案") in found


def test_relations_name_derived_industry():
    found = _relations("推动智能家电产业集群和轨道交通装备集群向世界级迈进。")
    assert ("智能家电产业集群", "inIndustry", "智能家电", "name") in found


def test_relations_list_with_one_member_is_no_group():
    found = _relations("实施产业链提升等一大行动。\n到2025年，规上工业增加值增长8%。")
    assert not any(p == "memberOf" for _, p, _, _ in found)


def test_relations_document_with_no_date_still_links_targets():
    found = _relations(PLAN, meta={})
    assert any(p == "targets" for _, p, _, _ in found)


@pytest.mark.parametrize("text", ["", "一、总体要求\n", "一、\n（一）\n1.", "实施产业链提升行动。"])
def test_relations_degenerate_documents(text):
    result = extract(Document("t.txt", text))
    for r in result.relations:
        assert 0 <= r.start <= r.end <= len(text)


def test_relations_carry_how_they_were_found():
    result = extract(Document("t.txt", PLAN, meta={"date": "2024-03-01"}))
    assert {r.how for r in result.relations} <= {"stated", "section", "name"}
    assert all(r["how"] in ("stated", "section", "name") for r in result.to_json()["relations"])


def test_relations_short_policy_names_merge_into_the_first_title():
    text = ("市政府印发《甲市制造业行动方案（2024—2026年）》（以下简称《方案》）。另有《乙市制造业行动方案》。"
            "《方案》提出，到2026年产值突破千亿元。《行动方案》还明确了任务。")
    result = extract(Document("t.txt", text * 2))
    policies = sorted(e.label for e in result.entities if e.type == "Policy")
    assert policies == ["乙市制造业行动方案", "甲市制造业行动方案（2024—2026年）"]

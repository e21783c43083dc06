"""Finders added for names no list holds: industry lists, tasks, groups, short names, zones."""

import pytest

from graph.extract import extract
from graph.model import Document


def _entities(text):
    return {(e.type, e.label) for e in extract(Document("t.txt", text)).entities}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("园区重点发展化学创新药、高端制剂和生物制品。", {"化学创新药", "高端制剂", "生物制品"}),
        ("聚焦航空维修、航空物流、航空零部件制造和无人机四大方向。", {"航空维修", "航空物流", "航空零部件制造", "无人机"}),
        ("（主导产业：机械装备、新一代信息技术）", {"机械装备", "新一代信息技术"}),
    ],
)
def test_finders_industry_lists(text, expected):
    assert expected <= {label for type_, label in _entities(text) if type_ == "Industry"}


@pytest.mark.parametrize("text", ["按照成长一批、培育一批、上规一批思路推进。", "聚焦重大战略、重点领域。", "发展智能工厂64家、数字化车间28个。"])
def test_finders_no_industries_from_lists_of_other_things(text):
    assert not {label for type_, label in _entities(text) if type_ == "Industry"} - {"智能制造"}


def test_finders_short_name_is_the_company_everywhere():
    text = "依托威海光威复合材料股份有限公司（以下简称光威复材）建设研究中心。光威复材产能居全国前列。"
    result = extract(Document("t.txt", text))
    [company] = [e for e in result.entities if e.type == "Company"]
    assert company.label == "威海光威复合材料股份有限公司" and "光威复材" in company.aliases
    assert len(company.mentions) == 3


@pytest.mark.parametrize(
    ("text", "label"),
    [("加快建设潍坊高新区。", "潍坊高新区"), ("1.临沂经济技术开发区（主导产业：冶金）", "临沂经济技术开发区"),
     ("支持威海火炬高技术产业开发区建设。", "威海火炬高技术产业开发区")],
)
def test_finders_zones_are_parks(text, label):
    assert ("Park", label) in _entities(text)


def test_finders_tasks_and_counted_programmes_are_actions():
    text = "##实现“4个走在前列”\n-打造产业培育高地，在现代产业体系构建上走在前列\n-打造数字赋能典范，在融合发展上走在前列"
    found = _entities(text)
    assert {("Action", "打造产业培育高地"), ("Action", "打造数字赋能典范"), ("Action", "4个走在前列")} <= found


def test_finders_cluster_groups_and_their_members():
    text = "以动力装备、高端农机装备、声学光电五大产业集群为支撑。"
    result = extract(Document("t.txt", text))
    label = {e.iri: e.label for e in result.entities}
    members = {label[r.s] for r in result.relations if r.p == "memberOf" and label.get(r.o) == "五大产业集群"}
    assert members == {"动力装备产业集群", "高端农机装备产业集群", "声学光电产业集群"}

"""Quantities from real corpus sentences: value, unit, qualifier, year, target or reported."""

import pytest

from graph.extract.indicators import find_quantities


def _find(text, doc_year=2024):
    return find_quantities(text, 0, len(text), doc_year, lambda pos: False)


@pytest.mark.parametrize(
    "sentence, value, unit, qualifier, year, value_max",
    [
        ("规模以上工业增加值同比增长6.5%左右", 6.5, "%", "左右", 2024, None),
        ("今年规模以上工业企业数量突破5000家", 5000, "家", "突破", 2024, None),
        ("总投资1.43万亿元的588个市级重点项目", 1.43, "万亿元", None, 2024, None),
        ("对海洋药物研发机构与企业合作转化的免疫抗肿瘤候选新药给予近千万元奖补", 1000, "万元", "近", 2024, None),
        ("新培育1至2个省级先进制造业集群", 1, "个", None, 2024, 2),
        ("截至目前，青岛规上工业企业达到4800多家", 4800, "家", "多", 2024, None),
        ("到2025年，力争突破100亿元", 100, "亿元", "突破", 2025, None),
        ("2023年，全市规上工业企业利润总额增长10.6%", 10.6, "%", None, 2023, None),
        ("高于全省3至5个百分点", 3, "个百分点", None, 2024, 5),
        ("加快建设总面积8万多亩的园区", 8, "万亩", "多", 2024, None),
        ("全市人才总量超过300万人", 300, "万人", "超过", 2024, None),
        ("已累计发布场景两千余个", 2000, "个", "余", 2024, None),
    ],
)
def test_indicator_values(sentence, value, unit, qualifier, year, value_max):
    q = _find(sentence)[0]
    assert (q.value, q.unit, q.qualifier, q.year, q.value_max) == (value, unit, qualifier, year, value_max)


@pytest.mark.parametrize(
    "sentence",
    [
        "青岛独立创建智能家电、轨道交通装备2个国家级先进制造业集群",  # count restating a list
        "聚焦“两个维度”",  # a name, not a quantity
        "召开主题系列发布会第5场",  # ordinal
        "打造国家级5G工厂",  # inside a name
        "对预计年新增产值亿元以上企业逐一明确服务专员，市级帮包服务新增产值5亿元以上企业",  # threshold
        "符合条件的按规定给予最高100万元奖励",  # a cap
        "《青岛市打造现代产业先行城市五年规划(2022—2026年)》",  # years
    ],
)
def test_not_indicators(sentence):
    assert _find(sentence) == []


def test_open_enumeration_count_is_an_indicator():
    [q] = _find("加快建设集成电路、虚拟现实、人工智能、生物医药及医疗器械等8个新兴产业园区")
    assert (q.value, q.unit) == (8, "个")


def test_year_switches_within_a_bullet():
    qs = _find("2021年，技术交易额达到65亿元；2025年突破100亿元。", doc_year=2021)
    assert [(q.value, q.year, q.kind) for q in qs] == [(65, 2021, "target"), (100, 2025, "target")]


def test_baseline_year_is_not_the_value_year():
    [q] = _find("产业链企业较2016年底增长了6倍", doc_year=2022)
    assert (q.value, q.unit, q.year) == (6, "倍", 2022)

"""Metric names as a reader writes them, target or reported, periods, and one metric across
documents: pure functions on sentences of the genre, then the whole corpus and the generated one."""

import re

import pytest

from graph.corpus import iter_documents
from graph.extract import _sentences, extract
from graph.extract.indicators import find_all_quantities
from graph.extract.metric_names import is_clean
from graph.extract.tense import voice
from graph.metrics import Registry, metric_key

from .conftest import CORPUS, ROOT

HELDOUT = ROOT / "tests/data/heldout"


def _find(text, doc_year=2024):
    """The values of a paragraph, named as extraction names them (inheritance included)."""
    return list(find_all_quantities(text, _sentences(text), doc_year, lambda pos: False))


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        # the noun phrase, with the time, the place and the cue cut away
        ("到2025年，全市规上工业增加值力争增长8%左右", "规上工业增加值增长"),
        ("今年力争新能源汽车产量突破130万辆", "新能源汽车产量"),
        ("新能源汽车“首位产业”领跑合肥加快建设先进制造业强市今年力争新能源汽车产量突破130万辆", "新能源汽车产量"),
        ("前三季度全市规上工业增加值增长9.3%明年力争规上工业营业收入突破1.3万亿元", "规上工业营业收入"),
        ("人工智能产业力争实现收入100亿元", "人工智能产业收入"),
        ("四大产业集群实现营业收入1050亿元", "四大产业集群营业收入"),
        ("到2026年，规上工业单位增加值能耗较2023年下降12%", "规上工业单位增加值能耗较2023年下降"),
        # a count names what it counts, with the verb that makes it a flow
        ("新培育1至2个省级先进制造业集群", "新培育省级先进制造业集群"),
        ("涵盖全部31个制造业大类", "制造业大类数量"),
        ("推动279项产品通过省首台(套)技术装备认定", "通过省首台(套)技术装备认定产品数量"),
        ("一季度195个项目已集中开工", "集中开工项目数量"),
        # a share names both sides
        ("规上工业企业以占全省9.7%的用地，贡献了全省13.2%的税收", "税收占全省比重"),
        ("设立规模200亿元的电子信息产业发展基金", "电子信息产业发展基金规模"),
    ],
)
def test_metric_is_the_noun_phrase(sentence, metric):
    assert _find(sentence)[-1].metric == metric


@pytest.mark.parametrize(
    ("sentence", "metrics"),
    [
        # a name that leans on the one before it in the paragraph
        ("拥有省级以上创新平台186家，其中国家级23家", ["省级以上创新平台", "国家级创新平台"]),
        ("工业投资同比增长10%左右，占全部投资比重达到30%左右", ["工业投资同比增长", "工业投资占全部投资比重"]),
        ("全市规上工业增加值同比增长9.3%，高于全省1.6个百分点", ["规上工业增加值同比增长", "规上工业增加值增速高于全省"]),
        ("新能源汽车产量达到74.6万辆，同比增长1.3倍", ["新能源汽车产量", "新能源汽车产量同比增长"]),
    ],
)
def test_metric_inherits_its_subject(sentence, metrics):
    assert [q.metric for q in _find(sentence)] == metrics


@pytest.mark.parametrize(
    "sentence",
    [
        "同比增长8.1%",  # a growth of nothing named
        "其中国家级23家",  # a level with no head before it
        "力争突破100亿元",  # only how the value comes about
        "项目26个",  # a lone generic noun
    ],
)
def test_a_value_no_words_name_is_dropped(sentence):
    assert _find(sentence) == []


@pytest.mark.parametrize(
    ("name", "clean"),
    [("规模以上工业增加值增速", True), ("规上工业企业数量", True), ("技术合同交易额", True), ("国家级专精特新“小巨人”企业", True),
     ("省", False), ("##实现", False), ("一季度", False), ("培育", False), ("项目", False), ("青岛市", False),
     ("#到2026年全市人才总量", False), ("以项目之“进”支撑经济发展之“稳”的思路仍在强势延续——总投资", False),
     ("新增，规上企业", False), ("绿色工业园区", True)],
)
def test_is_clean(name, clean):
    assert is_clean(name) is clean


@pytest.mark.parametrize(
    ("sentence", "doc_year", "kind", "period"),
    [
        ("2024年，力争规上工业企业数量突破5000家", 2024, "target", None),
        ("到2025年，技术合同交易额达到100亿元", 2021, "target", None),
        ("1-5月，全市规上工业增加值同比增长9.6%", 2024, "reported", "1-5月"),
        ("前三季度全市规上工业增加值增长9.3%", 2024, "reported", "1-9月"),
        ("今年前两个月实现规上工业增加值同比增长11.8%", 2024, "reported", "1-2月"),
        ("截至目前，青岛规上工业企业达到4800多家", 2024, "reported", "截至目前"),
        ("一季度195个项目已集中开工", 2024, "reported", "一季度"),
        ("2023年，全市规上工业企业利润总额增长10.6%", 2024, "reported", None),
        ("到2025年，规模以上工业产值年均增长10%以上", 2021, "target", "年均（至2025年）"),
        ("每年新增规上工业企业30家以上", 2024, "target", "每年"),
        ("青岛累计打造国家级单项冠军企业39家", 2024, "reported", "累计"),
        # one-character cues only as words: 虚拟现实 holds no 拟, 重要 no 要
        ("已聚集企业110余家，虚拟现实产业规模超过50亿元", 2022, "reported", None),
        ("2021年，全国重要的商用车基地整车产量达到18.6万辆", 2022, "reported", None),
        # a perfective verb, a completed event after the value, a cue before the verb it sets
        ("集成电路产业链企业较2016年底增长了6倍", 2022, "reported", None),
        ("中电科、一汽等8个50亿元以上大项目签约落地", 2024, "reported", None),
        ("推动8个50亿元以上大项目签约落地", 2024, "target", None),
        ("按照计划，全年将完成工业投资180亿元", 2024, "target", None),
    ],
)
def test_target_or_reported_and_period(sentence, doc_year, kind, period):
    q = _find(sentence, doc_year)[-1]
    assert (q.kind, q.period) == (kind, period)


def test_a_plan_reads_its_own_years_values_as_targets():
    plan = "到2026年，力争全区规上工业企业达到500家。2024年实施重点工业项目120个，完成工业投资220亿元。力争、确保、目标。"
    assert voice(plan) == "plan"
    values = {q.metric: q.kind for q in _find(plan)}
    assert values["工业投资"] == "target"
    report = "截至目前，全区已有规上工业企业386家，累计完成工业投资220亿元，同比增长12%。"
    assert voice(report) == "report"
    assert {q.kind for q in _find(report)} == {"reported"}


def test_a_next_steps_paragraph_governs_the_paragraphs_after_it():
    report = ("截至目前，全市已有规上工业企业4800家，累计建成5G基站3万个。\n\n"
              "下一步，青岛将加快建设新型网络，推进5G深度覆盖。\n\n"
              "优化平台矩阵，每年新上线特定行业平台10家以上。\n\n"
              "记者：请问汽车产业有哪些亮点？\n\n"
              "答：谢谢。汽车产业链条完整，整车产量达到18.6万辆。")
    assert voice(report) == "report"
    kinds = {q.metric: q.kind for q in _find(report)}
    assert kinds["每年新上线特定行业平台"] == "target"
    assert kinds["整车产量"] == "reported"  # a question and an answer end the next steps


@pytest.mark.parametrize(
    ("a", "b"),
    [("规上工业增加值增长", "规模以上工业增加值同比增长"), ("规上工业企业", "规模以上工业企业数量"),
     ("技术交易额", "技术合同交易额"), ("规上工业增加值年均增长", "规模以上工业增加值增速"),
     ("全市规上工业营业收入", "规模以上工业营业收入")],
)
def test_registry_resolves_paraphrases_to_one_metric(a, b):
    registry = Registry.bundled()
    unit = "亿元" if "额" in a or "收入" in a else ("家" if "企业" in a else "%")
    assert registry.resolve(a, unit) is not None
    assert registry.resolve(a, unit) == registry.resolve(b, unit)


def test_registry_keeps_units_and_levels_apart():
    registry = Registry.bundled()
    assert registry.resolve("规上工业企业", "亿元") is None  # a count is not an amount
    assert registry.resolve("国家级专精特新“小巨人”企业", "家") != registry.resolve("新增国家级专精特新“小巨人”企业", "家")
    assert registry.resolve("省级以上单项冠军企业", "家") is None  # not the national count
    # an uncovered metric keeps a node of its own, keyed like the registry's
    assert registry.iri("海洋生物医药产业产值", "亿元") == registry.iri("全市海洋生物医药产业总产值", "亿元")


def test_registry_entries_are_whole():
    registry = Registry.bundled()
    assert len(registry.metrics) >= 30
    keys = {}
    for m in registry.metrics:
        assert m.zh and m.en and m.family and m.iri.startswith("https://w3id.org/ikg/id/indicator/")
        assert is_clean(m.zh), m.zh
        assert not re.search(r"[\u4e00-\u9fff]", m.en), m.en
        assert keys.setdefault((metric_key(m.zh), m.family), m.iri) == m.iri, f"{m.zh} folds onto another entry"


def test_one_value_per_document_with_its_restatements():
    """规模以上工业企业数量 5000家 is stated four times in doc 000 (lead, body, sidebar): one value."""
    from graph.corpus import load_manifest, read_document

    meta = load_manifest(CORPUS)
    doc = read_document(CORPUS / "000_426d9ae1a54ee585.txt", meta["000_426d9ae1a54ee585.txt"])
    values = [v for v in extract(doc).indicators if v.value == 5000 and v.unit == "家"]
    assert len(values) == 1
    assert values[0].canonical.endswith("/industrial-enterprises")
    assert len(values[0].restated) >= 2
    assert all(doc.text[s:e].replace(" ", "").startswith("5000") for s, e, _ in values[0].restated)
    doc = read_document(CORPUS / "001_4175fc14fb9bbd76.txt", meta["001_4175fc14fb9bbd76.txt"])
    champions = [v for v in extract(doc).indicators if v.value == 39 and v.unit == "家"]
    assert [(v.kind, v.period) for v in champions] == [("reported", "累计")]  # the body's 累计 decides


@pytest.fixture(scope="module")
def every_metric(tmp_path_factory):
    from benchmarks import gen_corpus

    generated = tmp_path_factory.mktemp("generated")
    gen_corpus.write_corpus(generated, 12, seed=5)
    names = []
    for folder in (CORPUS, HELDOUT, generated):
        for doc in iter_documents([folder]):
            names += [(doc.name, v.metric) for v in extract(doc).indicators]
    return names


def test_no_metric_name_is_short_or_holds_sentence_punctuation(every_metric):
    """Over the corpus, the held-out documents and a generated corpus: every name reads as a name."""
    assert len(every_metric) > 500
    bad = [(doc, name) for doc, name in every_metric if len(name) < 2 or re.search(r"[，。；：！？,;:!?#…\n]", name)]
    assert bad == []
    assert [(doc, name) for doc, name in every_metric if not is_clean(name)] == []


@pytest.mark.parametrize("name", ["_CUE", "_PERIOD"])
def test_a_pattern_led_by_its_first_characters_finds_what_it_finds_unled(name):
    """``led_by`` only skips where no alternative can start: any match it loses means a first
    character is missing from its list."""
    from graph.extract import tense

    led = getattr(tense, name)
    unled = re.compile(led.pattern[led.pattern.index("])(?:") + 2:])
    texts = [d.text for d in iter_documents([CORPUS, HELDOUT]) if not isinstance(d, Exception)]
    for text in texts:
        assert [m.span() for m in led.finditer(text)] == [m.span() for m in unled.finditer(text)]
    assert sum(1 for text in texts for _ in led.finditer(text)) > 100

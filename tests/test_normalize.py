"""Layout repair keeps a map back to the original text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.normalize import normalize


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("到 2 0 2 5 年，形成", "到2025年，形成"),
        ("企业数量突破5000\n家", "企业数量突破5000家"),
        ("增长６.５％左右", "增长6.5%左右"),
        ("工\n业\n经\n济\n稳\n增\n长", "工业经济稳增长"),
        ("推动轨道交通装备、智能家电集群向世界级迈进，支持船舶与\n海工装备集群", "推动轨道交通装备、智能家电集群向世界级迈进，支持船舶与海工装备集群"),
        ("营业收入 1000 万元至\n\n2000万元", "营业收入1000万元至2000万元"),
        ("创新驱动，培育新质生产力\n\n■海信在 2024CES\n上展示", "创新驱动，培育新质生产力\n■海信在2024CES上展示"),
        ("工业强市提振\n\n科技创新引领", "工业强市提振\n科技创新引领"),
        ("人工智能产业集群8\n  2021年，人工智能", "人工智能产业集群8\n2021年，人工智能"),
        ("COSMOPlat platform", "COSMOPlat platform"),
        ("发展。\n下一步", "发展。\n下一步"),
    ],
)
def test_normalize_repairs_layout(raw, clean):
    assert normalize(raw).text == clean


@pytest.mark.parametrize("raw", ["", "\n\n  \n", "a", "６", "\u3000\u3000青岛"])
def test_normalize_edge_cases_keep_offsets_valid(raw):
    norm = normalize(raw)
    assert len(norm.offsets) == len(norm.text)
    for i, _ch in enumerate(norm.text):
        assert 0 <= norm.offsets[i] < len(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="青岛市产业集群 \n\u3000２０2５年%％、，。A-b\r\t", max_size=200))
def test_normalize_offsets_point_at_the_same_character(raw):
    from graph.normalize import fold_width

    norm = normalize(raw)
    folded = fold_width(raw)
    assert len(norm.offsets) == len(norm.text)
    previous = -1
    for i, ch in enumerate(norm.text):
        j = norm.offsets[i]
        assert j > previous  # monotonic: spans map to spans
        previous = j
        assert folded[j] == ch or (ch in " \n" and folded[j].isspace())

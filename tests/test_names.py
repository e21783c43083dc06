"""Names found by suffix and list, from real corpus sentences."""

import pytest

from graph.extract import _bundled, context_for
from graph.extract.names import find_names
from graph.types import canonical


@pytest.fixture(scope="module")
def ctx():
    return context_for(_bundled(), False)


def _labels(ctx, text, type_):
    return [n.label for n in find_names(ctx, text, 0, len(text), type_)]


@pytest.mark.parametrize(
    "sentence, type_, labels",
    [
        ("推动轨道交通装备、智能家电集群向世界级迈进", "Cluster", ["轨道交通装备集群", "智能家电集群"]),
        ("今年6月，青岛市橡胶产业集群、济青枣潍工业母机产业集群入围", "Cluster", ["青岛市橡胶产业集群", "济青枣潍工业母机产业集群"]),
        ("加快建设集成电路、虚拟现实、人工智能、生物医药及医疗器械等8个新兴产业园区", "Park",
         ["集成电路园区", "虚拟现实园区", "人工智能园区", "生物医药及医疗器械园区"]),
        ("加快建设唐岛湾金融科创区", "Park", ["唐岛湾金融科创区"]),
        ("包括支持国家高速列车技术创新中心、国家虚拟现实创新中心（青岛）等平台", "Platform",
         ["国家高速列车技术创新中心", "国家虚拟现实创新中心（青岛）"]),
        ("推进中国—上海合作组织技术转移中心等成果转化平台建设", "Platform", ["中国—上海合作组织技术转移中心"]),
        ("深入开展金融服务实体经济“春雨行动”", "Action", ["春雨行动"]),
        ("实施开发区“一号产业”培育行动", "Action", ["开发区“一号产业”培育行动"]),
        ("统筹实施先进设备更新、数字化转型、优质设备供给等“五大行动”", "Action",
         ["先进设备更新行动", "数字化转型行动", "优质设备供给行动", "五大行动"]),
        ("布局奇智孔明、橡链云聊等20余个人工智能大模型", "Platform", []),
        ("完善公共服务平台", "Platform", []),
        ("培育省级战略性新兴产业集群2个", "Cluster", []),
        ("提升制造业高端化、智能化、绿色化、集群化发展水平", "Cluster", []),
        ("加快构建新型工业化产业示范基地", "Park", []),
        ("青岛将制定重点行业碳排放控制行动方案", "Action", []),
    ],
)
def test_find_names(ctx, sentence, type_, labels):
    assert _labels(ctx, sentence, type_) == labels


@pytest.mark.parametrize(
    "type_, label, expected",
    [
        ("Cluster", "智能家电集群", "智能家电产业集群"),
        ("Cluster", "智能家电先进制造业集群", "智能家电产业集群"),
        ("Cluster", "青岛市橡胶产业集群", "橡胶产业集群"),
        ("Cluster", "济青枣潍工业母机产业集群", "济青枣潍工业母机产业集群"),
        ("Park", "人工智能新兴产业专业园区", "人工智能新兴产业园区"),
        ("Platform", "国家虚拟现实创新中心（青岛）", "国家虚拟现实创新中心"),
        ("Action", "“人工智能+”行动", "“人工智能+”行动"),
    ],
)
def test_canonical_labels(ctx, type_, label, expected):
    assert canonical(type_, label, ctx.lexicon) == expected

"""Named regexes and word lists for Chinese policy text, each tested on corpus examples."""

from __future__ import annotations

import re

#: A policy document: 《关于加快建设国家制造业高质量发展实验区的行动方案》.
POLICY = re.compile(r"《([^《》\n]{2,80})》")
#: A document number: 国发〔2024〕1号, 青政办字[2023]12号.
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
#: A year as a point in time: 2024年, 到2025年 (not 2022—2026年 ranges' first half).
YEAR = re.compile(r"(?<![\d—\-~至])((?:19|20)\d{2})年(?!代)")
RELATIVE_YEAR = re.compile(r"(今年|去年|明年|当年|全年)")
#: A year used as a baseline, not as the value's year: 较2016年底.
BASELINE_YEAR = re.compile(r"(?:较|比|与|自|从|相比)(?:19|20)\d{2}年")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[，,。！？!?；;：:\n]")

#: Name suffixes by type, longest first; the name's left edge is found by segmentation.
#: Names a programme goes by: an action section that targets and clusters belong to.
PROGRAMME = re.compile(r"(?:行动|工程|计划|方案|专项|战略|规划)$")
#: A named group: 九大行动, 五大提升工程, 八大产业集群, 6个示范基地, 四个走在前列.
GROUP = re.compile(r"^[“”]?([一二两三四五六七八九十]+|\d+)(?:大|个|项|条)")

#: Level and size words between an enumeration and its head noun: 国家级, 五百亿级.
LEVEL = re.compile(r"(?:国家级|省级|市级|世界级|国家|省|[\d一二三四五六七八九十百千万亿]+级)+$")
#: The characters a LEVEL match ends with (or the newline ``$`` may stand before): a text
#: ending otherwise needs no search, which would try every position.
LEVEL_ENDS = ("级", "家", "省", "\n")
#: The count before a head noun: 等8个, 2个, 九大, 等.
COUNT = re.compile(r"(?:等?“?(\d+|[一二两三四五六七八九十]+)(?:个|家|项|大|条)|等“?|等为代表的)$")
COUNT_ENDS = ("个", "家", "项", "大", "条", "等", "“", "的", "\n")
#: List items are separated by 、; 以及 always joins two items.
ITEM_SEPARATOR = re.compile(r"、|以及")

#: Words that end a name when walking left from its suffix (governing verbs, adverbs).
STOP_WORDS = frozenset("""
推动 推进 支持 建设 打造 加快 实施 培育 开展 深入 聚焦 围绕 依托 发挥 布局 形成 建成 争创 创建 获评
入选 做强 做大 提升 优化 完善 强化 构建 发展 壮大 规划 引导 鼓励 促进 加强 加大 扩大 用好 上线 新增
新培育 积极 全力 大力 持续 稳步 加速 着力 力争 争取 确保 包括 以及 其中 同时 累计 已 已经 正在
全面 进一步 不断 努力 制定 出台 印发 发布 部署 启动 召开 举办 成立 设立 落地 签约 引进 招引
拥有 具有 成为 作为 属于 位于 落户 聚集 集聚 带动 助力 对接 通过 参加 参与 承接 开发 研发 生产
独立 首批 首个 全国 全省 全市 升级 一批 一流 国内 国际 唯一 领先 中国第一个 以 为 和 与 及 或 等 的 在 对
向 从 由 将 要 把 被 让 使 并 且 又 也 还 更 最 很 该 其 这 那 此 各 每 新 两 跨入 加力 打头阵 实现
提高 提供 用 抓好 抓实 瞄准 立足 面向 服务于 深化 巩固 树牢 坚持 统筹 推行 推广 建立 健全 开辟
抢占 谋划 争当 当好 做好 做优 培植 落实 建 做 抓 推 促 强 扩 建强 打 办 搞 办好 加快推进
""".split())
#: Verbs that occur inside names (技术转移中心, 科技创新引领行动) and do not end one.
NAME_VERBS = frozenset("组织 合作 制造 装备 服务 转移 创新 赋能 领航 引领 调度 示范 转化 设计 研究 孵化 协同".split())
#: Parts of speech that end a name: prepositions, conjunctions, particles, adverbs, pronouns,
#: numerals, measure words, locatives, punctuation.
STOP_POS = frozenset("p c u uj ul uz ud ug uv r m q f x y e o w".split())
#: Characters allowed inside a name although they are punctuation.
NAME_PUNCT = frozenset("“”‘’+＋·—-()（）")
#: Punctuation that may stand inside a name.
INNER_PUNCT = frozenset("“”‘’+＋·—-")

#: Cores that make a name generic, not a named thing: 国家技术创新中心, 新兴产业园区.
GENERIC_CORES = frozenset("""
国家 国家级 省级 市级 世界级 国家技术 国家制造业 省市制造业 省级制造业 制造业 先进制造业 新兴产业
战略性新兴产业 战略性新兴 战略新兴 新兴 特色 特色产业 中小企业特色 中小企业特色产业 传统优势 传统 优势 传统优势产业
未来产业 重点 重点产业 国内一流 一流 公共 服务 创新 技术 省 市 区 全国 产业 专业 工业 化工 智慧化工 智慧化
工业互联网示范 全国重点 场景应用 重大 概念验证 中试 成果转化 研发
算力 数字化 数字 绿色 绿色技术 一体化 市场化 国家新型工业化产业 新型工业化产业 新型工业化 高端 大型
国家E级 头部 科技 科技创新 领航型 服务型 世界级先进制造业 国内 雁阵形 “雁阵形” 省“雁阵形” 龙头 企业 大 三年 五年 年度 专项 先进建造业 中小企业特色 省市 特定行业特定领域
""".split())

#: Words that end an Action's name walking left: the verbs that govern a programme.
ACTION_STOP_WORDS = frozenset("""
实施 开展 启动 部署 推进 推动 制定 出台 组织 提出 开启 深入 深化 持续 全面 加快 加力 在 以 将 要 把 为 是
的 和 与 及 等 了 中 还 也 并 继续 落实 树牢 坚持 统筹 部署实施 制定实施 深入开展 深入实施 组织实施 大力 攻坚 树牢
积极 着力 全力 通过 依托 围绕 聚焦 包括 其中 同时 今年 明年 全年 青岛 一批 各 每年 还将 此次 本次 提出要
""".split())
#: A suffix followed by these is not the end of a name: 计划指标, 行动方案, 集群化.
NOT_AFTER_SUFFIX = re.compile(r"[指师方案单书表化]")

#: One-character function words that may be glued to a name's first word by the segmenter.
LEADING_PARTICLES = "在以将要把对向从由被让使并为"


def led_by(first: str, pattern: str) -> re.Pattern:
    """``pattern`` tried only where one of the characters ``first`` stands: a long alternation is
    otherwise tried in full at every character of a document (7x slower over a report).
    ``first`` must hold the first character of every alternative."""
    return re.compile(f"(?=[{re.escape(first)}])(?:{pattern})")


def last_match(pattern: re.Pattern, text: str, start: int, end: int) -> re.Match | None:
    """The last match of ``pattern`` in ``text[start:end]``, or None."""
    found = None
    for found in pattern.finditer(text, start, end):  # noqa: B007 - the last one is wanted
        pass
    return found

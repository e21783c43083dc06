"""The SPARQL engine's errors said in Chinese for the query page (issue 14).

The engine (``graph.sparql``) speaks English, as protocol clients expect; the page shows the
kind of error in the reader's language and keeps the engine's own words as a second line.
"""

from __future__ import annotations

import re

#: (pattern of the engine's message, Chinese explanation), first match wins.
KINDS = (
    (r"^the query is empty", "查询为空：请写一个 SELECT、ASK、CONSTRUCT 或 DESCRIBE 查询。"),
    (r"^updates .*not allowed", "不允许更新：此端点只读。"),
    (r"^SERVICE is not allowed", "不允许 SERVICE：此端点从不调用其他服务。"),
    (r"^a query starts with", "查询须以 SELECT、ASK、CONSTRUCT 或 DESCRIBE 开头。"),
    (r"^unknown prefix (\S+)", "前缀 {0} 未声明：请用 PREFIX 声明它。"),
    (r"^the query is ([\d,]+) bytes; the limit is ([\d,]+)", "查询过长：{0} 字节，上限为 {1} 字节。"),
    (r"nests brackets (\d+) deep", "括号嵌套过深（{0} 层）：请简化查询。"),
    (r"nests too deeply", "查询嵌套过深：请简化查询。"),
    (r"needed more memory|needed more than", "查询所需内存超过上限：请缩小范围（加 LIMIT 或更具体的模式）。"),
    (r"^the query ran longer than ([\d.]+) s", "查询超过 {0} 秒，已停止：请缩小范围（加 LIMIT 或更具体的模式）。"),
    (r"^every query worker is busy", "所有查询进程都在忙，请稍后再试。"),
    (r"^the query engine has been closed", "查询引擎已关闭：请重新启动服务。"),
    (r"cannot carry a (\w+) answer", "所请求的格式无法承载 {0} 查询的结果。"),
    (r"^the query failed|error at|expected", "查询无法解析或执行：请检查语法。"),
)
_COMPILED = tuple((re.compile(p, re.S), zh) for p, zh in KINDS)


def sparql_message_zh(message: str) -> str | None:
    """The Chinese explanation of an engine's error, or ``None`` for a message it does not know.

    >>> sparql_message_zh("SERVICE is not allowed: this endpoint never calls other services")
    '不允许 SERVICE：此端点从不调用其他服务。'
    >>> sparql_message_zh("the query ran longer than 5 s and was stopped; add a LIMIT")
    '查询超过 5 秒，已停止：请缩小范围（加 LIMIT 或更具体的模式）。'
    """
    for pattern, zh in _COMPILED:
        match = pattern.search(message)
        if match:
            return zh.format(*match.groups())
    return None

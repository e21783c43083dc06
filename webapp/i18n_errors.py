"""Error titles, hints and the app's own messages in the page's language (issue 14).

The JSON API keeps English (clients parse it); pages get the language the reader chose.
"""

from __future__ import annotations

import re

from flask import g

#: Status -> (zh title, en title, zh hint, en hint).
ERRORS = {
    400: ("请求有误", "Bad Request", "请检查地址中的参数。", "Check the parameters of the address."),
    404: ("未找到", "Not Found", "试试搜索框，或从首页按类型浏览。", "Try the search box, or browse by type from the home page."),
    405: ("不允许的方法", "Method Not Allowed", "此地址不接受该请求方法。", "This address does not accept that method."),
    408: ("查询超时", "Query Timeout", "查询用时过长：请缩小范围（加 LIMIT 或更具体的模式）。",
          "The query took too long; narrow it down (add a LIMIT or a more selective pattern)."),
    413: ("请求过大", "Request Too Large", "请求过大。", "The request is too large."),
    422: ("无法处理的输入", "Unprocessable Input", "输入无法使用，原因见上。", "The input could not be used; the message says why."),
    429: ("请求过多", "Too Many Requests", "请求过多，请稍候再试。", "Too many requests; wait a moment and try again."),
    500: ("服务器内部错误", "Internal Server Error", "", ""),
    503: ("服务暂不可用", "Service Unavailable", "服务繁忙或无法连接图谱存储；请稍后再试，或检查 IKG_STORE。",
          "The service is busy or the graph store cannot be reached; try again in a moment, or check IKG_STORE."),
}
_KINDS = {"entity": "实体", "document": "文档", "industry": "产业", "region": "区域", "metric": "指标"}
_PAGES = re.compile(r"^there are only (\d+) page\(s\) of (\w+)$")
_NO_SUCH = re.compile(r"^no (\w+) (.+) in the graph(.*)$", re.S)
#: A parameter's rule (``depth must be a whole number from 1 to 3``) -> its Chinese; the name stays (it is the URL's).
_MUST = ((re.compile(r"^(\w+) must be a whole number from (\d+) to (\d+)$"), "参数 {0} 须为 {1} 到 {2} 的整数。"),
         (re.compile(r"^(\w+) must be a date such as (\S+)$"), "参数 {0} 须为日期，例如 {1}。"),
         (re.compile(r"^(\w+) must be one of (.+)$"), "参数 {0} 须为以下之一：{1}。"))
_NO_TYPE = re.compile(r"^unknown type(?:\(s\))? (.+?); (?:try one of|use) (.+)$", re.S)


def error_text(status: int, title: str, message: str) -> tuple[str, str, str]:
    """(title, message, hint) of an error page in the page's language (``g.lang``)."""
    zh_title, en_title, zh_hint, en_hint = ERRORS.get(status, (title, title, "", ""))
    if g.get("lang") == "en":
        return en_title if status in ERRORS else title, message, en_hint
    return zh_title, _message_zh(message, status), zh_hint


def explain_sparql(status: int, message: str) -> str:
    """A SPARQL error as the query page shows it: the engine's words on English pages, the kind of
    error in Chinese on Chinese ones (the page keeps the engine's words as a second line)."""
    from webapp.i18n_sparql import sparql_message_zh

    if g.get("lang") == "en":
        return message
    return sparql_message_zh(message) or _message_zh(message, status) if message else ERRORS.get(status, ("",))[0]


#: Werkzeug's own descriptions, said in Chinese.
_DEFAULT_ZH = {400: "请求无法理解。", 404: "服务器上没有这个地址。", 405: "此地址不接受该请求方法。",
               413: "请求的数据过大。", 429: "请求过于频繁。", 503: "服务暂时无法处理请求。"}


def _message_zh(message: str, status: int = 0) -> str:
    """The app's known English messages in Chinese; anything else (an engine's detail) as it came.

    >>> _message_zh("no entity 'x' in the graph")
    "图谱中没有实体 'x'。"
    """
    if message == "Something went wrong on our side; it has been logged.":
        return "服务器出错，已记录日志。"
    from werkzeug.exceptions import default_exceptions

    if status in default_exceptions and message == default_exceptions[status].description:
        return _DEFAULT_ZH.get(status, "")
    pages = _PAGES.match(message)
    if pages:
        from webapp.i18n import TYPES

        return f"{TYPES.get(pages.group(2), (pages.group(2),))[0]}只有 {pages.group(1)} 页。"
    for pattern, zh in _MUST:
        match = pattern.match(message)
        if match:
            return zh.format(*match.groups())
    match = _NO_TYPE.match(message)
    if match:
        from webapp.i18n import TYPES

        known = "、".join(zh for zh, _ in TYPES.values())
        return f"没有类型 {match.group(1)}。可用的类型：{known}。"
    match = _NO_SUCH.match(message)
    if match:
        kind, name = match.group(1), match.group(2)
        return f"图谱中没有{_KINDS.get(kind, kind)} {name}。"
    return message

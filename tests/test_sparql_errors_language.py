"""SPARQL errors in the query page's language (issue 14): the engine's kind of error in Chinese on
the zh page, its own words kept as a second line; English for the English page and for clients."""

from __future__ import annotations

import re

import pytest

CJK = re.compile(r"[\u3400-\u9fff]")
JSON = {"Accept": "application/sparql-results+json"}


def _error(client, query: str, lang: str | None):
    if lang:
        client.set_cookie("lang", lang)
    response = client.post("/sparql", data={"query": query}, headers=JSON)
    assert 400 <= response.status_code < 500, response.status_code
    return response.get_json()


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * WHERE { ?s ?p", "查询无法解析或执行"),                          # a parse error
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "不允许更新"),                       # refused update
    ("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }", "不允许 SERVICE"),
    ("SELECT * WHERE { ?s x:p ?o }", "前缀 x: 未声明"),
    ("   ", "查询为空"),
    ("SELECT * WHERE " + "{" * 300 + "}" * 300, "嵌套过深"),
    ("SELECT * WHERE { ?s ?p ?o } # " + "x" * 200_000, "查询过长"),
])
def test_sparql_errors_in_chinese_on_the_zh_page(client, query, expected):
    body = _error(client, query, "zh")
    assert expected in body["explanation"]
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|SERVICE|LIMIT", "",
                                                    body["explanation"]))
    assert not CJK.search(body["message"]), "the engine's own words stay as they were, for the second line"


@pytest.mark.parametrize("query", ["SELECT * WHERE { ?s ?p", "DELETE WHERE { ?s ?p ?o }"])
def test_sparql_errors_in_english_on_the_en_page(client, query):
    body = _error(client, query, "en")
    assert body["explanation"] == body["message"]
    assert not CJK.search(body["explanation"])


def test_sparql_errors_for_clients_stay_english(client):
    """A protocol client (no page, no cookie) gets English everywhere but the explanation it may ignore."""
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p"}, headers=JSON)
    assert response.status_code == 400
    body = response.get_json()
    assert not CJK.search(body["message"] + body["error"] + body["hint"])


def test_sparql_timeout_in_chinese(built_store):
    from webapp import create_app

    app = create_app({"TESTING": True, "STORE_OBJECT": built_store, "SECRET_KEY": "t", "SPARQL_TIMEOUT": 0.5})
    client = app.test_client()
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    client.set_cookie("lang", "zh")
    response = client.post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code in (408, 503, 504)
    assert "秒，已停止" in response.get_json()["explanation"]


@pytest.mark.parametrize("message", [
    "the query failed: error at 1:10: expected one of ...", "the query nests too deeply",
    "the query needed more memory than a worker may use", "every query worker is busy; try again in a moment",
    "format csv cannot carry a CONSTRUCT answer", "the query engine has been closed",
])
def test_sparql_every_engine_error_kind_has_chinese(message):
    from webapp.i18n_sparql import sparql_message_zh

    assert CJK.search(sparql_message_zh(message) or "")


def test_sparql_truncation_notice_is_read_by_the_page(client):
    """The page turns the client header ("results cut at N rows") into its own words: keep them in step."""
    from pathlib import Path

    script = (Path(__file__).resolve().parent.parent / "webapp" / "static" / "js" / "sparql.js").read_text()
    pattern = re.search(r"var cut = /(.+?)/\.exec", script).group(1).replace("\\\\", "\\")
    app = client.application
    app.config["SPARQL_MAX_ROWS"] = 3
    try:
        response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=JSON)
    finally:
        app.config["SPARQL_MAX_ROWS"] = 10_000
    header = response.headers.get("X-IKG-Truncated", "")
    assert re.search(pattern, header), header

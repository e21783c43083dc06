"""Each UI speaks its own language: error pages, sort options and units (issue 14).

A first part of the walk over every page: the error pages, browse and the indicators table,
checked for text in the other script outside data.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

CJK = re.compile(r"[\u3400-\u9fff]")
IRI = re.compile(r"https?://\S+|'[^']*'")
LATIN_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
ALLOWED_LATIN = {"ikg", "SPARQL", "IRI", "RDF", "JSON", "CSV", "PNG", "SVG", "PDF", "ZIP", "Turtle", "English",
                 "IKG_STORE", "LIMIT", "build", "IKG", "STORE"}


def visible(html: str) -> str:
    """The page's text without scripts, code and the language switch (which names the other language)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("script, style, code, pre, textarea, body [lang], header.top"):
        tag.decompose()
    return IRI.sub(" ", soup.get_text(" "))  # an IRI is data, in whatever script it is written


@pytest.mark.parametrize(("url", "method", "status"), [
    ("/no/such/page", "get", 404),
    ("/id/cluster/no-such-cluster", "get", 404),
    ("/browse/Cluster?page=999", "get", 404),
    ("/", "post", 405),
])
def test_error_pages_in_chinese(client, url, method, status):
    response = getattr(client, method)(url, headers={"Accept": "text/html"})
    assert response.status_code == status
    shown = visible(response.get_data(as_text=True))
    words = set(LATIN_WORD.findall(shown)) - ALLOWED_LATIN
    assert not words, (words, shown[:300])
    assert CJK.search(shown)


@pytest.mark.parametrize(("url", "method", "status", "title"), [
    ("/no/such/page?lang=en", "get", 404, "Not Found"),
    ("/id/cluster/no-such-cluster?lang=en", "get", 404, "Not Found"),
    ("/?lang=en", "post", 405, "Method Not Allowed"),
])
def test_error_pages_in_english(client, url, method, status, title):
    response = getattr(client, method)(url, headers={"Accept": "text/html"})
    assert response.status_code == status
    shown = visible(response.get_data(as_text=True))
    assert title in shown
    assert not CJK.search(shown), shown[:300]


def test_error_json_stays_english_for_clients(client):
    response = client.get("/api/entity?iri=https://w3id.org/ikg/id/cluster/none")
    assert response.status_code in (400, 404)
    assert not CJK.search(response.get_data(as_text=True))


@pytest.mark.parametrize(("lang", "expected"), [("zh", ["按提及数", "按名称", "按关联数"]),
                                                ("en", ["by mentions", "by name", "by links"])])
def test_browse_sort_options_in_the_page_language(client, lang, expected):
    soup = BeautifulSoup(client.get(f"/browse/Cluster?lang={lang}").get_data(as_text=True), "html.parser")
    assert [o.get_text() for o in soup.select("select[name=sort] option")] == expected
    assert [o["value"] for o in soup.select("select[name=sort] option")] == ["mentions", "name", "degree"]


def test_indicator_units_in_english(client):
    """No unit on the English indicators table is left in Chinese (亿元 -> 100 million yuan)."""
    soup = BeautifulSoup(client.get("/indicators?lang=en").get_data(as_text=True), "html.parser")
    units = [row.select("td")[2].get_text() for row in soup.select("tbody tr") if len(row.select("td")) > 2]
    assert units
    assert not [u for u in units if CJK.search(u)]
    assert "100 million yuan" in units


def test_gallery_queries_carry_no_developer_notes():
    from importlib.resources import files

    for rq in files("ontology").joinpath("queries").iterdir():
        if rq.name.endswith(".rq"):
            assert not re.search(r"\(issue \d+\)", rq.read_text(encoding="utf-8")), rq.name

"""Bad input gets a helpful 4xx (never a 500); headers, scripts and labels are safe.

The last part builds a small corpus whose entities are named with markup
(``<img src=x onerror=alert(1)>产业园``, ``<script>alert(1)</script>产业集群``) and checks every page
shows the names as text: escaped in HTML, ``\\u003c`` inside the embedded JSON, exact in the API.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

ID = "https://w3id.org/ikg/id/"
JIADIAN = ID + "industry/zhineng-jiadian"
HAIER = ID + "company/haier"
QINGDAO = ID + "region/qingdao"

#: Every page family, with real parameters.
PAGES = [
    "/",
    "/browse/Cluster",
    "/browse/Industry?page=2&sort=name",
    "/id/industry/zhineng-jiadian",
    "/doc/000_426d9ae1a54ee585",
    "/search?q=haier",
    "/indicators",
    "/network",
    "/network?view=clusters",
    f"/network?focus={JIADIAN}&depth=2",
    "/matrix",
    "/matrix?kind=platform-cluster&all=1",
    "/paths",
    f"/paths?from={HAIER}&to={ID}company/goertek",
    "/browse/Bogus",  # error pages are pages too
    "/network?depth=9&focus=" + JIADIAN,
]


def csp(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    parts = (p.strip().split(None, 1) for p in header.split(";") if p.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


# --- bad parameters: a helpful 4xx, never a 500 ----------------------------------------------

LONG = "智" * 201
BAD = [
    # unknown types and entities
    ("/browse/Bogus", 404),
    ("/browse/cluster", 404),
    ("/id/industry/nope", 404),
    ("/id/bogus/nope", 404),
    ("/doc/nope", 404),
    (f"/network?focus={ID}industry/nope", 404),
    ("/network?industry=bogus", 404),
    ("/network?view=filter&region=bogus", 404),
    (f"/paths?from=bogus&to={HAIER}", 404),
    (f"/paths?from={HAIER}&to=bogus", 404),
    # odd addresses
    ("/id/", 404),
    ("/id/x", 404),
    ("/id/a/b/c", 404),
    ("/id/industry/%3Cscript%3E", 404),
    ("/id/industry/a%20b", 404),
    ("/doc/../../etc/passwd", 404),
    ("/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404),
    ("/doc/%00", 404),
    ("/static/../webapp/__init__.py", 404),
    ("/network?focus=%ff", 404),
    ("/network?focus=%3Cscript%3Ealert(1)%3C/script%3E", 404),
    ("/api/entity?iri=<script>", 404),
    ("/api/entity?iri=%00", 404),
    ("/api/nothing", 404),
    ("/nothing", 404),
    # depth
    (f"/network?focus={JIADIAN}&depth=0", 400),
    (f"/network?focus={JIADIAN}&depth=4", 400),
    (f"/network?focus={JIADIAN}&depth=abc", 400),
    (f"/network?focus={JIADIAN}&depth=-1", 400),
    (f"/network?focus={JIADIAN}&depth=1.5", 400),
    (f"/api/network?focus={JIADIAN}&depth=9", 400),
    # pages
    ("/browse/Cluster?page=0", 400),
    ("/browse/Cluster?page=-1", 400),
    ("/browse/Cluster?page=abc", 400),
    ("/browse/Cluster?page=99999999999", 400),
    ("/browse/Cluster?page=1e3", 400),
    ("/browse/Cluster?page=%C2%B2", 400),  # '²' passes str.isdigit() but not int()
    ("/browse/Cluster?page=" + "9" * 5000, 400),  # longer than int() converts
    # other enumerations
    ("/browse/Cluster?sort=bogus", 400),
    ("/browse/Cluster?level=bogus", 400),
    ("/matrix?kind=bogus", 400),
    ("/network?view=bogus", 400),
    ("/network?view=neighbourhood", 400),
    ("/network?types=Bogus", 400),
    ("/network?types=Cluster,bogus", 400),
    ("/network?view=clusters&include=Bogus", 400),
    ("/api/network?types=Bogus", 400),
    ("/api/search?q=x&types=Bogus", 400),
    # numbers and dates
    ("/indicators?year=abc", 400),
    ("/indicators?year=%C2%B2", 400),
    ("/indicators?year=20250", 400),
    ("/indicators?year=" + "9" * 5000, 400),
    ("/indicators?until=2024-13-45", 400),
    ("/network?until=2024-13-45", 400),
    ("/network?until=yesterday", 400),
    ("/api/network?until=2024-02-30", 400),
    ("/api/search?q=x&limit=abc", 400),
    ("/api/search?q=x&limit=0", 400),
    (f"/api/neighbours?iri={QINGDAO}&limit=%C2%B9", 400),
    (f"/api/neighbours?iri={QINGDAO}&offset=-1", 400),
    # missing and overlong text
    ("/api/entity", 400),
    ("/api/neighbours", 400),
    ("/search?q=" + LONG, 400),
    ("/api/search?q=" + LONG, 400),
    # still fine
    ("/search?q=" + LONG[:200], 200),
    ("/api/search?q=" + LONG[:200], 200),
    ("/indicators?year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95", 200),  # full-width ２０２５
    ("/network?until=0001-01-01", 200),
    ("/indicators?until=2000-01-01", 200),
    ("/browse/Cluster?page=2", 404),
    ("/browse/Cluster?industry=bogus", 404),
    ("/id/industry/zhineng-jiadian?format=bogus", 400),
    ("/api/neighbours?iri=https://w3id.org/ikg/id/industry/zhineng-jiadian&group=bogus", 400),
    (f"/paths?from={HAIER}&to={HAIER}", 200),
]


@pytest.mark.parametrize(("url", "status"), BAD, ids=[u[:60] for u, _ in BAD])
def test_security_bad_parameters_give_a_helpful_4xx(client, url, status):
    response = client.get(url)
    assert response.status_code != 500, response.get_data(as_text=True)[:500]
    assert response.status_code == status
    if status == 200:
        return
    if response.mimetype == "application/json":
        body = response.get_json()
        assert body["status"] == status and body["message"] and body["hint"]
        assert url.startswith("/api/")
    else:
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert soup.h1.get_text().startswith(f"{status} · ")
        assert soup.select_one("p.message").get_text().strip()
        assert soup.select_one("p.hint").get_text().strip()
        assert soup.select_one("a[href='/']") is not None


@pytest.mark.parametrize(("url", "words"), [
    ("/browse/Bogus", "没有类型 'Bogus'"),  # the zh UI says it in Chinese (issue 14)
    (f"/network?focus={JIADIAN}&depth=4", "参数 depth 须为 1 到 3 的整数"),
    ("/network?types=Bogus", "没有类型 Bogus"),
    ("/indicators?until=2024-13-45", "参数 until 须为日期，例如 2024-03-31"),
    ("/browse/Cluster?sort=bogus", "参数 sort 须为以下之一：mentions, name, degree"),
    ("/api/entity", "iri is required"),
])
def test_security_error_messages_say_what_to_do(client, url, words):
    response = client.get(url)
    if response.mimetype == "application/json":
        message = response.get_json()["message"]
    else:
        message = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one("p.message").get_text()
    assert words in message


def test_security_broken_store_is_a_500_naming_no_internals():
    from webapp import create_app

    class Broken:
        def query(self, *args, **kwargs):
            raise RuntimeError("secret connection string user:pw@db")

    app = create_app({"TESTING": True, "STORE_OBJECT": Broken()})
    app.logger.disabled = True
    client = app.test_client()
    for url, mime in (("/", "text/html"), ("/api/search?q=x", "application/json")):
        response = client.get(url)
        assert response.status_code == 500 and response.mimetype == mime
        assert "secret" not in response.get_data(as_text=True)
        assert ("Something went wrong" if mime == "application/json" else "服务器出错") in response.get_data(as_text=True)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::"])
def test_security_debug_mode_never_listens_beyond_loopback(host):
    from click.testing import CliRunner

    from webapp.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--debug", "--host", host])
    assert result.exit_code == 2
    assert f"--debug serves only on 127.0.0.1, not on {host}" in result.output


# --- methods ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/browse/Cluster", "/id/industry/zhineng-jiadian", "/search?q=x",
                                 "/network", "/api/search?q=x", "/api/entity?iri=" + JIADIAN])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_security_get_routes_refuse_other_methods(client, url, method):
    response = client.open(url, method=method)
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    body = response.get_data(as_text=True)
    if url.startswith("/api/"):
        assert response.get_json()["error"] == "Method Not Allowed"
    else:
        assert response.mimetype == "text/html" and "405" in body


@pytest.mark.parametrize("url", ["/", "/browse/Cluster", "/id/industry/zhineng-jiadian", "/api/search?q=haier"])
def test_security_head_answers_like_get_without_a_body(client, url):
    """HEAD is part of GET (RFC 9110 §9.3.2): same status and headers, no body; not a 405."""
    head, get = client.head(url), client.get(url)
    assert head.status_code == get.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["Content-Security-Policy"] == get.headers["Content-Security-Policy"]


def test_security_post_body_is_refused_before_it_is_read(client):
    response = client.post("/api/search", data=b"x" * (3 * 1024 * 1024))
    assert response.status_code in (405, 413)


# --- HTML or JSON errors ---------------------------------------------------------------------

@pytest.mark.parametrize(("url", "accept", "mime"), [
    ("/browse/Bogus", None, "text/html"),
    ("/browse/Bogus", "text/html", "text/html"),
    ("/browse/Bogus", "*/*", "text/html"),
    ("/browse/Bogus", "application/json", "application/json"),
    ("/browse/Bogus", "application/json, text/html;q=0.5", "application/json"),
    ("/browse/Bogus", "text/html, application/json;q=0.9", "text/html"),
    ("/network?depth=0&focus=" + JIADIAN, "application/json", "application/json"),
    ("/api/nothing", None, "application/json"),
    ("/api/nothing", "text/html", "application/json"),
    ("/api/entity?iri=nope", "text/html", "application/json"),
    ("/api/search?q=x&limit=0", "text/html", "application/json"),
])
def test_security_errors_answer_html_or_json(client, url, accept, mime):
    response = client.get(url, headers={"Accept": accept} if accept else {})
    assert 400 <= response.status_code < 500
    assert response.mimetype == mime
    if mime == "application/json":
        body = response.get_json()
        assert set(body) == {"error", "message", "hint", "status"} and body["status"] == response.status_code
    else:
        assert "<!doctype html>" in response.get_data(as_text=True).lower()


# --- headers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url", PAGES + ["/api/search?q=haier", "/api/nothing",
                                         "/id/industry/zhineng-jiadian?format=ttl"])
def test_security_headers_on_every_answer(client, url):
    response = client.get(url)
    policy = csp(response)
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def assert_no_inline_code(soup) -> None:
    """What the CSP would block must not be there: inline scripts, handlers, styles."""
    scripts = soup.find_all("script")
    assert scripts
    for script in scripts:
        if script.get("src"):
            assert script["src"].startswith("/static/") and not script.string
        else:
            assert script.get("type") == "application/json", str(script)[:200]
    for tag in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in tag.attrs), str(tag)[:200]
        assert "style" not in tag.attrs, str(tag)[:200]
        for attr in ("href", "src", "action"):
            assert not str(tag.get(attr, "")).lower().lstrip().startswith("javascript:")
    assert soup.find("style") is None


@pytest.mark.parametrize("url", PAGES)
def test_security_no_inline_scripts(client, url):
    response = client.get(url)
    assert response.mimetype == "text/html"
    assert_no_inline_code(BeautifulSoup(response.get_data(as_text=True), "html.parser"))


def test_security_language_cookie_is_httponly(client):
    cookie = client.get("/?lang=en").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


# --- markup in names -------------------------------------------------------------------------

PARK = "<img src=x onerror=alert(1)>产业园"
PARK_EN = "<img src=y onerror=alert(2)> park"
CLUSTER = "<script>alert(1)</script>产业集群"
CLUSTER_EN = "</script><script>alert(3)</script> cluster"
TITLE = "<b>恶意</b>标题</title><script>alert(4)</script>"
PARK_IRI = ID + "park/evil-park"
CLUSTER_IRI = ID + "cluster/evil-cluster"
TEXT = (f"青岛市将建设{PARK}，培育{CLUSTER}，推动智能家电产业发展。\n"
        f"{PARK}位于西海岸新区。{CLUSTER}拥有{PARK}。\n")


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    """A one-document corpus whose names and title carry markup; the app that serves it."""
    from graph.extract import Gazetteer
    from graph.ingest import build
    from graph.store.oxigraph import MemoryStore
    from ontology import gazetteer_entries
    from webapp import create_app

    folder = tmp_path_factory.mktemp("evil")
    (folder / "evil.txt").write_text(TEXT, encoding="utf-8")
    manifest = {"evil.txt": {"title": TITLE, "title_en": "Evil <i>title</i>", "date": "2024-05-01",
                             "source": "<script>alert(5)</script>", "publisher": "\"><svg onload=alert(6)>"}}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    names = [
        {"id": "evil-park", "type": "Park", "label": PARK, "label_en": PARK_EN},
        {"id": "evil-cluster", "type": "Cluster", "label": CLUSTER, "label_en": CLUSTER_EN},
    ]
    store = MemoryStore()
    build([folder], store, gazetteer=Gazetteer([*gazetteer_entries(), *names]))
    app = create_app({"TESTING": True, "STORE_OBJECT": store})
    nodes = app.extensions["ikg"]["snapshot"].get().nodes
    assert nodes[PARK_IRI].zh == PARK and nodes[CLUSTER_IRI].zh == CLUSTER
    return app


def shows_as_text(response, *texts: str) -> BeautifulSoup:
    """The page has no markup from the data, and shows each of ``texts`` as text."""
    assert response.status_code in (200, 404), response.status_code
    html = response.get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    assert_no_inline_code(soup)
    assert soup.find("img") is None and soup.find("svg", onload=True) is None
    assert soup.find("b") is None and soup.find("i") is None
    lowered = html.lower()
    for raw in ("<img", "<script>", "<svg onload", "<b>", "<i>"):
        assert raw not in lowered, raw
    assert len(soup.find_all("title")) == 1
    visible = soup.get_text()
    for text in texts:
        assert text in visible, text
    return soup


EVIL_PAGES = [
    ("/", [TITLE]),
    ("/browse/Park", [PARK]),
    ("/browse/Cluster", [CLUSTER]),
    ("/browse/Park?lang=en", [PARK_EN]),
    ("/browse/Cluster?lang=en", [CLUSTER_EN]),
    ("/id/park/evil-park", [PARK, PARK_EN, CLUSTER]),
    ("/id/cluster/evil-cluster", [CLUSTER, CLUSTER_EN, PARK]),
    ("/doc/evil", [TITLE, "Evil <i>title</i>", "<script>alert(5)</script>", "\"><svg onload=alert(6)>"]),
    ("/search?q=onerror", [PARK]),
    ("/search?q=alert", [PARK, CLUSTER]),
    ("/search?q=<script>alert(1)</script>", ["<script>alert(1)</script>"]),
    ("/matrix", [PARK, CLUSTER]),
    (f"/paths?from={PARK_IRI}&to={CLUSTER_IRI}", [PARK, CLUSTER]),
    ("/indicators", []),
    ("/network?focus=<script>alert(1)</script>", ["图谱中没有名为“<script>alert(1)</script>”的实体"]),
    ("/browse/%3Cimg%20src=x%3E", ["没有类型 '<img src=x>'"]),
]


@pytest.mark.parametrize(("url", "texts"), EVIL_PAGES, ids=[u for u, _ in EVIL_PAGES])
def test_security_markup_in_names_renders_escaped(evil, url, texts):
    shows_as_text(evil.test_client().get(url), *texts)


def test_security_markup_in_names_escaped_in_document_mentions(evil):
    soup = shows_as_text(evil.test_client().get("/doc/evil"))
    body = soup.select_one("#doc-text")
    assert body.get_text() == TEXT
    mentions = {a["data-iri"]: a for a in body.select("a.mention")}
    assert mentions[PARK_IRI].get_text() == PARK and mentions[CLUSTER_IRI].get_text() == CLUSTER
    assert mentions[CLUSTER_IRI]["title"] == "产业集群 · " + CLUSTER


@pytest.mark.parametrize("url", [
    "/network?view=clusters",
    "/network?view=clusters&lang=en",
    f"/network?focus={PARK_IRI}",
    "/network",
])
def test_security_markup_in_names_escaped_in_network_json(evil, url):
    response = evil.test_client().get(url)
    soup = shows_as_text(response)
    raw = soup.select_one("script#network-data").string
    assert not re.search(r"</script|<img|<!--", raw, re.IGNORECASE)
    assert "\\u003c" in raw
    data = json.loads(raw)
    labels = {n["id"]: (n["label"], n["zh"], n["en"], n["title"]) for n in data["nodes"]}
    english = "lang=en" in url
    assert labels[PARK_IRI][:3] == (PARK_EN if english else PARK, PARK, PARK_EN)
    assert labels[PARK_IRI][3].startswith(PARK_EN if english else PARK)
    if "focus" not in url:
        assert labels[CLUSTER_IRI][:3] == (CLUSTER_EN if english else CLUSTER, CLUSTER, CLUSTER_EN)


@pytest.mark.parametrize(("url", "where"), [
    ("/api/search?q=alert", lambda b: {r["zh"] for r in b["results"]} == {PARK, CLUSTER}),
    (f"/api/entity?iri={PARK_IRI}", lambda b: (b["zh"], b["en"], b["label"]) == (PARK, PARK_EN, PARK)),
    (f"/api/entity?iri={CLUSTER_IRI}&lang=en", lambda b: b["label"] == CLUSTER_EN),
    (f"/api/neighbours?iri={CLUSTER_IRI}", lambda b: PARK in {n["zh"] for g in b["groups"] for n in g["nodes"]}),
    ("/api/network?view=clusters", lambda b: {n["zh"] for n in b["nodes"]} >= {PARK, CLUSTER}),
    ("/api/entity?iri=<script>alert(1)</script>", lambda b: "<script>alert(1)</script>" in b["message"]),
])
def test_security_markup_in_names_exact_in_the_api(evil, url, where):
    response = evil.test_client().get(url)
    assert response.mimetype == "application/json"  # never sniffed as HTML:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert where(response.get_json())


def test_security_markup_in_names_rdf_stays_data(evil):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SKOS

    response = evil.test_client().get("/id/park/evil-park", headers={"Accept": "text/turtle"})
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert (URIRef(PARK_IRI), SKOS.prefLabel, Literal(PARK, lang="zh")) in graph

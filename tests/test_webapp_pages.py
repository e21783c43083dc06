"""The explorer's pages on the bundled corpus: every route answers with the content it promises.

The oracle is the snapshot (``webapp.snapshot``) and the documents' own text, never the page's
template: counts, labels, groupings, offsets and quotes are checked against what the graph holds.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SLUGS = sorted(p.stem for p in CORPUS.glob("*.txt"))

ID = "https://w3id.org/ikg/id/"
DOC = "https://w3id.org/ikg/doc/"
JIADIAN = ID + "industry/zhineng-jiadian"
JIADIAN_CLUSTER = ID + "cluster/zhi-neng-jia-dian-chan-ye-ji-qun-c3ff69"
HAIER = ID + "company/haier"
GOERTEK = ID + "company/goertek"
PICO = ID + "company/pico"  # 小鸟看看, listed with 歌尔 in one VR sentence
CHINA_MOBILE = ID + "company/china-mobile"
QINGDAO = ID + "region/qingdao"
XIHAIAN = ID + "region/xihaian-xinqu"
UNTIL = "2022-01-01"
DOC_LINK = re.compile(r"^/doc/([\w-]+)#s(\d+)-(\d+)$")


def page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def path_of(iri: str) -> str:
    return "/" + iri.split("/ikg/", 1)[1]


def network_data(response) -> dict:
    return json.loads(page(response).select_one("script#network-data").string)


@pytest.fixture(scope="module")
def snap(app):
    return app.extensions["ikg"]["snapshot"].get()


@pytest.fixture(scope="module")
def texts(docs) -> dict[str, str]:
    """Each bundled document's text by slug: what offsets and quotes must agree with."""
    return {Path(d.name).stem: d.text for d in docs}


def assert_quotes_match(items, texts) -> int:
    """Every ``<q>`` quote is the document's text between the offsets its link names.

    Quotes are stored without white space (``graph.build``: a name broken over two lines reads
    whole), so the span is compared the same way.
    """
    checked = 0
    for li in items:
        link = li.select_one("a.doc")
        match = DOC_LINK.match(link["href"])
        assert match, link["href"]
        slug, start, end = match.group(1), int(match.group(2)), int(match.group(3))
        assert li.q.get_text() == "".join(texts[slug][start:end].split()), (slug, start, end)
        checked += 1
    return checked


# --- every route -----------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("/", "ikg 产业政策知识图谱"),
    ("/browse/Cluster", "智能家电产业集群"),
    ("/browse/Company", "海尔"),
    ("/id/industry/zhineng-jiadian", "Smart home appliances"),
    ("/id/cluster/zhi-neng-jia-dian-chan-ye-ji-qun-c3ff69", "智能家电产业集群"),
    ("/doc/004_6dede4d4dfdda513", "聚焦八大产业集群 攻坚五大提升工程 全力打造国家制造业高质量发展实验区"),
    ("/search?q=haier", "海尔"),
    ("/indicators", "规模以上工业企业数量"),
    ("/network", "智能家电"),
    ("/network?view=clusters", "智能家电产业集群"),
    ("/network?focus=" + JIADIAN, "智能家电产业集群"),
    ("/matrix", "世界级船舶海工装备生产基地"),
    ("/matrix?kind=platform-cluster", "国家高端智能化家电创新中心"),
    ("/paths", "查找路径"),
    (f"/paths?from={PICO}&to={GOERTEK}", "歌尔"),
])
def test_pages_every_route_answers_with_content(client, url, expected):
    response = client.get(url)
    soup = page(response)
    data = soup.select_one("script#network-data")  # network views carry their labels as JSON
    shown = soup.get_text() + (" ".join(n["label"] for n in json.loads(data.string)["nodes"]) if data else "")
    assert expected in shown
    assert soup.select_one("header.top nav") is not None


@pytest.mark.parametrize(("url", "target"), [
    ("/network/clusters", "/network?view=clusters"),
    ("/network/clusters?include=Platform&lang=en", "/network?view=clusters&include=Platform&lang=en"),
    ("/favicon.ico", "/static/favicon.svg"),
])
def test_pages_redirects_land_on_a_page(client, url, target):
    response = client.get(url)
    assert response.status_code in (301, 302)
    assert response.headers["Location"] == target
    landed = client.get(url, follow_redirects=True)
    landed.close()  # a static file's response holds the file open
    assert landed.status_code == 200
    assert landed.request.path == target.split("?")[0]


def test_pages_clusters_redirect_keeps_the_view(client, snap):
    data = network_data(client.get("/network/clusters", follow_redirects=True))
    clusters = {i for i, n in snap.nodes.items() if n.type == "Cluster"}
    assert clusters <= {n["id"] for n in data["nodes"]}


# --- home ------------------------------------------------------------------------------------

def test_home_shows_entity_counts_per_type(client, snap):
    from webapp.i18n import TYPES

    soup = page(client.get("/"))
    cards = {a["href"]: int(a.select_one(".n").get_text()) for a in soup.select("a.count-card")}
    counts = Counter(n.type for n in snap.nodes.values())
    assert cards == {f"/browse/{t}": counts.get(t, 0) for t in TYPES}
    assert cards["/browse/Cluster"] >= 14  # the annotators count 20 core clusters in the five
    meta = soup.select_one(".hero .meta").get_text()
    assert f"{len(snap.nodes)} 实体" in meta and "5 文档" in meta


def test_home_lists_the_five_documents_newest_first(client, docs):
    soup = page(client.get("/"))
    rows = soup.select("table.grid tbody tr")
    assert len(rows) == 5
    listed = [(tr.find_all("td")[0].get_text(), tr.a["href"], tr.a.get_text()) for tr in rows]
    expected = sorted(
        ((d.meta["date"], f"/doc/{Path(d.name).stem}", d.meta["title"]) for d in docs), reverse=True
    )
    assert listed == expected


# --- browse ----------------------------------------------------------------------------------

def browse_rows(soup) -> list[str]:
    return [tr.select_one("a.entity")["href"] for tr in soup.select("table.grid tbody tr") if tr.select_one("a.entity")]


def test_browse_lists_every_cluster(client, snap):
    soup = page(client.get("/browse/Cluster"))
    clusters = {path_of(i) for i, n in snap.nodes.items() if n.type == "Cluster"}
    assert set(browse_rows(soup)) == clusters
    assert soup.h1.select_one(".n").get_text() == str(len(clusters))
    link = soup.find("a", string="智能家电产业集群")
    assert link["href"] == path_of(JIADIAN_CLUSTER)
    row = link.find_parent("tr").find_all("td")
    assert row[1].get_text() == "Smart home appliances industrial cluster"
    assert row[2].get_text() == str(snap.nodes[JIADIAN_CLUSTER].mentions)


@pytest.mark.parametrize(("type_", "name", "value", "keep"), [
    ("Cluster", "industry", JIADIAN, lambda snap, n: snap.graph.has_edge(n.iri, JIADIAN)),
    ("Cluster", "region", QINGDAO, lambda snap, n: snap.graph.has_edge(n.iri, QINGDAO)),
    ("Platform", "level", "national", lambda snap, n: "国家" in n.zh),
    ("Cluster", "document", DOC + "001_4175fc14fb9bbd76", lambda snap, n: DOC + "001_4175fc14fb9bbd76" in n.documents),
])
def test_browse_filters_narrow_the_list(client, snap, type_, name, value, keep):
    everything = set(browse_rows(page(client.get(f"/browse/{type_}"))))
    soup = page(client.get(f"/browse/{type_}", query_string={name: value}))
    expected = {path_of(i) for i, n in snap.nodes.items() if n.type == type_ and keep(snap, n)}
    assert set(browse_rows(soup)) == expected
    assert expected and expected < everything
    assert soup.select_one(f"select[name={name}] option[selected]")["value"] == value


def test_browse_industry_filter_finds_the_smart_appliance_cluster(client):
    soup = page(client.get("/browse/Cluster", query_string={"industry": JIADIAN}))
    assert browse_rows(soup) == [path_of(JIADIAN_CLUSTER)]


def test_browse_filter_matching_nothing_says_so(client):
    soup = page(client.get("/browse/Cluster", query_string={"level": "provincial"}))
    assert browse_rows(soup) == []
    assert soup.select_one("td.empty").get_text() == "没有结果。"


@pytest.mark.parametrize(("sort", "key"), [
    ("mentions", lambda snap, n: (-n.mentions, n.zh)),
    ("name", lambda snap, n: n.zh),
    ("degree", lambda snap, n: (-snap.graph.degree(n.iri), n.zh)),
])
def test_browse_sorts(client, snap, sort, key):
    soup = page(client.get("/browse/Platform", query_string={"sort": sort}))
    platforms = sorted((n for n in snap.nodes.values() if n.type == "Platform"), key=lambda n: key(snap, n))
    assert browse_rows(soup) == [path_of(n.iri) for n in platforms]
    assert soup.select_one("select[name=sort] option[selected]")["value"] == sort


def test_browse_pagination_walks_every_row_once(client, snap):
    industries = {path_of(i) for i, n in snap.nodes.items() if n.type == "Industry"}
    assert len(industries) > 50  # more than one page of PAGE_SIZE
    first = page(client.get("/browse/Industry", query_string={"sort": "name"}))
    assert first.select_one("nav.pager span").get_text() == "1 / 2"
    assert first.find("a", string="上一页") is None
    following = first.find("a", string="下一页")["href"]
    assert "page=2" in following and "sort=name" in following
    second = page(client.get(following))
    assert second.select_one("nav.pager span").get_text() == "2 / 2"
    assert second.find("a", string="下一页") is None
    assert "page=1" in second.find("a", string="上一页")["href"]
    rows = browse_rows(first) + browse_rows(second)
    assert len(browse_rows(first)) == 50
    assert len(rows) == len(set(rows)) and set(rows) == industries
    assert rows == sorted(rows, key=lambda href: snap.nodes[ID + href[len("/id/"):]].zh)


def test_browse_page_past_the_end_is_a_404_naming_the_last_page(client):
    response = client.get("/browse/Cluster", query_string={"page": 3})
    assert response.status_code == 404
    assert "集群只有 1 页" in response.get_data(as_text=True)  # the zh UI says it in Chinese (issue 14)
    english = client.get("/browse/Cluster", query_string={"page": 3, "lang": "en"})
    assert "there are only 1 page(s) of Cluster" in english.get_data(as_text=True)


# --- entity pages ----------------------------------------------------------------------------

def test_entity_page_shows_labels_and_aliases(client, snap):
    soup = page(client.get("/id/industry/zhineng-jiadian"))
    node = snap.nodes[JIADIAN]
    assert soup.h1.get_text() == node.zh == "智能家电"
    assert soup.select_one("header p.en").get_text() == node.en == "Smart home appliances"
    assert [s.get_text() for s in soup.select("span.alias")] == node.aliases == ["家电"]
    assert soup.select_one("p.kind").get_text() == "产业"
    assert soup.select_one("p.iri code").get_text() == JIADIAN
    assert soup.title.get_text().startswith("智能家电")
    network = soup.find("a", string="在网络图中打开")["href"]
    assert network.startswith("/network?") and "depth=1" in network


def relation_groups(soup) -> dict[str, dict[str, dict[str, set[str]]]]:
    """``{section title: {property shown: {entity href: badge classes}}}``."""
    out: dict[str, dict[str, dict[str, set[str]]]] = {}
    for section in soup.select("section.relations"):
        groups = out.setdefault(section.h2.get_text(strip=True), {})
        for h3 in section.find_all("h3"):
            items = {}
            for li in h3.find_next_sibling("ul").find_all("li"):
                badges = {c for b in li.select("span.badge") for c in b["class"] if c != "badge"}
                items[li.select_one("a.entity")["href"]] = badges
            assert h3.select_one(".n").get_text() == str(len(items))
            groups[h3.find(string=True).strip()] = items
    return out


@pytest.mark.parametrize("iri", [JIADIAN, JIADIAN_CLUSTER, HAIER, QINGDAO])
def test_entity_relations_grouped_by_property(client, snap, iri):
    from webapp.i18n import PROPERTIES

    shown = relation_groups(page(client.get(path_of(iri))))
    expected: dict[str, dict[str, dict[str, bool]]] = {}
    for title, edges in (("对外关系", snap.graph.out_edges(iri, keys=True, data=True)),
                         ("指向它的关系", snap.graph.in_edges(iri, keys=True, data=True))):
        for s, o, p, data in edges:
            other = o if s == iri else s
            expected.setdefault(title, defaultdict(dict))[PROPERTIES[p][0]][path_of(other)] = data["inferred"]
    assert set(shown) == set(expected)
    for title, groups in expected.items():
        assert set(shown[title]) == set(groups)
        for prop, items in groups.items():
            assert set(shown[title][prop]) == set(items)
            for href, inferred in items.items():
                badges = shown[title][prop][href]
                assert ("inferred" in badges) == inferred, (prop, href, badges)
                assert inferred or badges & {"stated", "gazetteer"}


def find_heading(soup, words: str):
    return soup.find(lambda tag: tag.name == "h3" and tag.find(string=True).strip() == words)


def test_entity_inferred_relations_carry_a_badge(client):
    soup = page(client.get(path_of(JIADIAN_CLUSTER)))
    heading = find_heading(soup, "关联集群（推理）")
    badges = heading.find_next_sibling("ul").select("span.badge.inferred")
    assert len(badges) >= 1 and {b.get_text() for b in badges} == {"推理"}
    english = page(client.get(path_of(JIADIAN_CLUSTER), query_string={"lang": "en"}))
    heading = find_heading(english, "linked cluster (inferred)")
    assert {b.get_text() for b in heading.find_next_sibling("ul").select("span.badge.inferred")} == {"inferred"}
    stated = find_heading(english, "supports cluster").find_next_sibling("ul").select("span.badge")
    assert stated and {b.get_text() for b in stated} == {"stated"}


def test_indicator_pages_list_their_values(client, built_store, snap):
    rows = built_store.query(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a <https://w3id.org/ikg/ontology#Indicator> } } ORDER BY ?s",
        limit=1).rows
    iri = str(rows[0][0])
    assert snap.nodes[iri].type == "Indicator" and snap.nodes[iri].mentions >= 1
    soup = page(client.get(path_of(iri)))
    assert soup.h1.get_text() == snap.nodes[iri].zh
    assert soup.select("section.values table.indicators tbody tr")


# --- content negotiation ---------------------------------------------------------------------

RDF_CASES = [
    ({"headers": {"Accept": "text/turtle"}}, "text/turtle", "turtle"),
    ({"headers": {"Accept": "application/ld+json"}}, "application/ld+json", "json-ld"),
    ({"headers": {"Accept": "application/n-triples"}}, "application/n-triples", "nt"),
    ({"headers": {"Accept": "application/rdf+xml"}}, "application/rdf+xml", "xml"),
    ({"query_string": {"format": "ttl"}}, "text/turtle", "turtle"),
    ({"query_string": {"format": "jsonld"}}, "application/ld+json", "json-ld"),
    ({"headers": {"Accept": "text/html;q=0.5, text/turtle"}}, "text/turtle", "turtle"),
]


@pytest.mark.parametrize(("request_kw", "mime", "fmt"), RDF_CASES)
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD parser
def test_entity_negotiates_rdf(client, request_kw, mime, fmt):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    response = client.get("/id/industry/zhineng-jiadian", **request_kw)
    assert response.status_code == 200
    assert response.mimetype == mime
    assert "Accept" in response.headers.get("Vary", "")
    graph = Graph().parse(data=response.get_data(as_text=True), format=fmt)
    entity = URIRef(JIADIAN)
    assert (entity, SKOS.prefLabel, Literal("智能家电", lang="zh")) in graph
    assert (entity, SKOS.prefLabel, Literal("Smart home appliances", lang="en")) in graph
    assert (entity, RDF.type, URIRef("https://w3id.org/ikg/ontology#Industry")) in graph
    cluster = URIRef(JIADIAN_CLUSTER)
    assert (cluster, URIRef("https://w3id.org/ikg/ontology#inIndustry"), entity) in graph


@pytest.mark.parametrize("url", ["/id/industry/zhineng-jiadian", "/doc/004_6dede4d4dfdda513"])
@pytest.mark.parametrize("accept", [None, "text/html", "text/turtle;q=0.5, text/html;q=0.9", "*/*"])
def test_negotiation_prefers_html_and_varies_on_accept(client, url, accept):
    response = client.get(url, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "Accept" in response.headers.get("Vary", "")


def test_document_negotiates_turtle(client, docs):
    from rdflib import Graph, Literal, URIRef

    response = client.get("/doc/004_6dede4d4dfdda513", query_string={"format": "ttl"})
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    title = next(d.meta["title"] for d in docs if d.name.startswith("004_"))
    titles = {str(o) for o in graph.objects(URIRef(DOC + "004_6dede4d4dfdda513"))
              if isinstance(o, Literal)}
    assert title in titles


# --- document view ---------------------------------------------------------------------------

@pytest.mark.parametrize("slug", SLUGS)
def test_document_text_is_whole_and_mentions_highlighted(client, snap, texts, slug):
    response = client.get(f"/doc/{slug}")
    assert response.status_code == 200
    # html.parser would fold white-space-only strings ("\n\n" between two mentions) unless told not to
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser",
                         preserve_whitespace_tags={"pre", "textarea", "div"})
    body = soup.select_one("div#doc-text")
    text = texts[slug]
    assert body.get_text() == text
    mentions = body.select("a.mention")
    assert len(mentions) > 20
    for a in mentions:
        start, end = int(a["data-start"]), int(a["data-end"])
        assert a.get_text() == text[start:end]
        assert a["href"] == path_of(a["data-iri"])
        type_ = snap.nodes[a["data-iri"]].type
        assert a["class"] == ["mention", f"t-{type_}"]
    starts = [int(a["data-start"]) for a in mentions]
    assert starts == sorted(starts)
    ends = [int(a["data-end"]) for a in mentions]
    assert all(e <= s for e, s in zip(ends, starts[1:], strict=False))  # no overlap
    assert {a["data-iri"] for a in mentions} <= {i for i, n in snap.nodes.items() if DOC + slug in n.documents}


def test_document_header_shows_its_metadata(client, docs):
    doc = next(d for d in docs if d.name.startswith("004_"))
    soup = page(client.get("/doc/004_6dede4d4dfdda513"))
    assert soup.h1.get_text() == doc.meta["title"]
    assert soup.select_one("article header p.en").get_text() == doc.meta["title_en"]
    meta = soup.select_one("p.meta").get_text()
    assert doc.meta["date"] in meta and doc.name in meta
    assert soup.find("a", class_="mention", href=path_of(JIADIAN)) is not None
    assert soup.select_one('script[src$="document.js"]') is not None


# --- search ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("q", "first", "matched"), [
    ("haier", HAIER, None),
    ("Haier", HAIER, None),
    ("海尔", HAIER, None),
    ("zhineng jiadian", JIADIAN, None),
    ("Zhineng-Jiadian", JIADIAN, None),
    ("智能家电", JIADIAN, None),
    ("海尔集团", HAIER, "海尔集团"),
    ("COSMOPlat", ID + "platform/cosmoplat", None),
])
def test_search_finds_names_pinyin_and_english(client, q, first, matched):
    soup = page(client.get("/search", query_string={"q": q}))
    hits = soup.select("ul.hits li")
    assert hits[0].select_one("a.entity")["href"] == path_of(first)
    assert soup.h1.q.get_text() == q
    assert soup.select_one("#search-box")["value"] == q
    if matched:
        assert hits[0].select_one(".matched").get_text() == matched


def test_search_pinyin_also_lists_the_cluster(client):
    soup = page(client.get("/search", query_string={"q": "zhineng jiadian"}))
    hrefs = [li.select_one("a.entity")["href"] for li in soup.select("ul.hits li")]
    assert path_of(JIADIAN_CLUSTER) in hrefs


@pytest.mark.parametrize("q", ["", "   ", "qqqxxzzz", "不存在的名字"])
def test_search_without_hits_says_so(client, q):
    soup = page(client.get("/search", query_string={"q": q}))
    assert soup.select("ul.hits a.entity") == []
    assert "没有结果" in soup.select_one("ul.hits li.empty").get_text()


# --- indicators ------------------------------------------------------------------------------

def indicator_rows(soup):
    return [tr.find_all("td") for tr in soup.select("table.indicators tbody tr") if not tr.select_one(".empty")]


def test_indicators_filter_by_region_and_year(client, texts):
    soup = page(client.get("/indicators", query_string={"region": XIHAIAN, "year": "2025"}))
    rows = indicator_rows(soup)
    assert len(rows) > 10
    for cells in rows:
        assert cells[4].get_text() == "2025"
        assert cells[6].a["href"] == path_of(XIHAIAN) and cells[6].get_text() == "西海岸新区"
        assert re.fullmatch(r"[\d.]+(–[\d.]+)?", cells[1].get_text())
        assert cells[7].get_text() in ("目标", "实际")
    assert_quotes_match([cells[8] for cells in rows], texts)
    values = {(c[0].get_text(), c[1].get_text(), c[2].get_text()) for c in rows}
    assert ("高新技术企业数量", "1500", "家") in values  # the registry's name for 高新技术企业
    shown, total = soup.h1.select_one(".n").get_text().split(" / ")
    assert int(shown) == len(rows) < int(total)
    assert soup.select_one("select[name=region] option[selected]")["value"] == XIHAIAN
    assert soup.select_one("input[name=year]")["value"] == "2025"


def chart_points(chart):
    return chart.select("svg[role=img] a.point")


def test_indicators_draw_charts(client):
    soup = page(client.get("/indicators", query_string={"region": XIHAIAN}))
    charts = soup.select("section.charts figure.chart")
    assert charts
    for chart in charts:
        points = chart_points(chart)
        assert len(points) >= 2
        for point in points:
            assert DOC_LINK.match(point["href"]), point["href"]
            assert re.match(r"20\d\d(?: \(.+\))? · 西海岸新区 · ", point.title.get_text())
        assert "西海岸新区" in chart.select_one(".chart-legend").get_text()
    # one metric across years: the 2021 value and the 2025 target of the same industry's output
    assert any({t.get_text() for t in chart.select("text.tick")} >= {"2021", "2025"} for chart in charts)


def test_tracker_puts_several_documents_of_one_metric_on_one_chart(client, texts):
    """规上工业增加值增长 (2024), 规模以上工业增加值同比增长 (2024 target) and the 2023 value are one
    registry metric: one chart, targets hollow and reported values filled, each linked to its quote."""
    soup = page(client.get("/indicators", query_string={"metric": ID + "indicator/industrial-value-added-growth"}))
    chart = soup.select_one("section.charts figure.chart")
    assert chart["data-metric"] == ID + "indicator/industrial-value-added-growth"
    assert chart.figcaption.a.get_text() == "规模以上工业增加值增速"
    points = chart_points(chart)
    documents = {DOC_LINK.match(p["href"]).group(1) for p in points}
    assert len(documents) >= 3
    kinds = {" ".join(p["class"]) for p in points}
    assert kinds == {"point target", "point reported"}
    for p in points:
        circle = p.circle
        assert (circle["fill"] == "#fff") is ("target" in p["class"])
        quote = re.search(r"“(.+)”", p.title.get_text()).group(1)
        doc, start, end = DOC_LINK.match(p["href"]).groups()
        assert "".join(texts[doc][int(start):int(end)].split()) in quote
    assert {t.get_text() for t in chart.select("text.tick")} >= {"2023", "2024"}
    rows = indicator_rows(soup)
    assert {c[0].get_text() for c in rows} == {"规模以上工业增加值增速"}
    assert len(rows) == len(points)


def test_indicator_counts_agree_between_pages(client, snap):
    values = sum(n.mentions for n in snap.nodes.values() if n.type == "Indicator")
    metrics = sum(1 for n in snap.nodes.values() if n.type == "Indicator")
    soup = page(client.get("/indicators"))
    shown, total = soup.h1.select_one(".n").get_text().split(" / ")
    assert int(total) == values == len(indicator_rows(soup))
    assert soup.select_one("p.meta").get_text() == f"{values} 个指标值，来自 {metrics} 个指标"
    home = page(client.get("/"))
    card = home.select_one("a.count-card.t-Indicator")
    assert card.select_one(".n").get_text() == str(metrics)
    assert f"{values}" in card.get_text()


def test_indicators_unfiltered_lists_every_value(client):
    soup = page(client.get("/indicators"))
    rows = indicator_rows(soup)
    shown, total = soup.h1.select_one(".n").get_text().split(" / ")
    assert int(shown) == int(total) == len(rows) > 100
    assert len(soup.select("section.charts figure.chart")) == 12


def test_indicators_until_keeps_only_older_documents(client):
    soup = page(client.get("/indicators", query_string={"until": UNTIL}))
    rows = indicator_rows(soup)
    assert rows
    assert {DOC_LINK.match(c[8].select_one("a.doc")["href"]).group(1) for c in rows} == {"004_6dede4d4dfdda513"}
    assert _chosen_date(soup) == {"year": UNTIL[:4], "month": str(int(UNTIL[5:7])), "day": str(int(UNTIL[8:]))}


def _chosen_date(soup) -> dict[str, str]:
    return {part: soup.select_one(f"select[name=until_{part}] option[selected]")["value"]
            if soup.select_one(f"select[name=until_{part}] option[selected]") else ""
            for part in ("year", "month", "day")}


@pytest.mark.parametrize("url, query", [("/indicators", {}), ("/network", {}), ("/network", {"types": "Cluster"})])
@pytest.mark.parametrize("lang, words", [("zh", ["截至日期", "年", "月", "日", "不限"]),
                                         ("en", ["Up to date", "Year", "Month", "Day", "Any"])])
def test_time_filter_is_year_month_day_selects_in_the_page_language(client, snap, url, query, lang, words):
    soup = page(client.get(url, query_string={**query, "lang": lang}))
    assert soup.select('input[type=date]') == [], "a date input shows the browser's mm/dd/yyyy"
    box = soup.select_one("fieldset.date-select")
    assert box.legend.get_text() == words[0]
    labels = [label.get_text(strip=True).split("\n")[-1] for label in box.select("label")]
    assert [label[-len(w):] for label, w in zip(labels, words[1:4], strict=True)] == words[1:4]
    for part in ("year", "month", "day"):
        options = box.select(f"select[name=until_{part}] option")
        assert options[0]["value"] == "" and options[0].get_text() == words[4]
    years = [o["value"] for o in box.select("select[name=until_year] option")][1:]
    assert years == sorted({d.date[:4] for d in snap.documents.values() if d.date}, reverse=True)
    assert _chosen_date(soup) == {"year": "", "month": "", "day": ""}


@pytest.mark.parametrize("parts, until", [
    ({"until_year": "2022"}, "2022-12-31"), ({"until_year": "2022", "until_month": "12"}, "2022-12-31"),
    ({"until_year": "2022", "until_month": "12", "until_day": "31"}, "2022-12-31"),
    ({"until_year": "2024", "until_month": "2"}, "2024-02-29"), ({"until": "2022-12-31", "until_year": "2019"}, "2022-12-31"),
])
def test_time_filter_selects_compose_the_until_date(client, parts, until):
    for url, view in (("/network", {"view": "filter"}), ("/indicators", {})):
        composed = client.get(url, query_string={**view, **parts})
        explicit = client.get(url, query_string={**view, "until": until})
        assert composed.status_code == explicit.status_code == 200
        if url.startswith("/network"):
            assert network_data(composed)["nodes"] == network_data(explicit)["nodes"]
        else:
            assert indicator_rows(page(composed)) and len(indicator_rows(page(composed))) == len(indicator_rows(page(explicit)))
        assert _chosen_date(page(composed)) == _chosen_date(page(explicit))


@pytest.mark.parametrize("parts, says", [
    ({"until_month": "3"}, "choose a year"), ({"until_year": "2022", "until_day": "3"}, "choose a month"),
    ({"until_year": "2023", "until_month": "2", "until_day": "30"}, "is not a date"),
    ({"until_year": "2022", "until_month": "13"}, "is not a date"), ({"until_year": "twenty"}, "is not a date"),
])
def test_time_filter_selects_that_make_no_date_are_a_400(client, parts, says):
    for url in ("/network", "/indicators", "/api/network"):
        response = client.get(url, query_string=parts, headers={"Accept": "application/json"})
        assert response.status_code == 400, url
        assert says in response.get_data(as_text=True)


# --- network views ---------------------------------------------------------------------------

def test_network_clusters_view_has_every_cluster(client, snap):
    data = network_data(client.get("/network", query_string={"view": "clusters"}))
    ids = {n["id"] for n in data["nodes"]}
    clusters = {i for i, n in snap.nodes.items() if n.type == "Cluster"}
    assert clusters <= ids
    assert {n["type"] for n in data["nodes"]} <= {"Cluster", "Park"}
    assert data["edges"] and {e["property"] for e in data["edges"]} <= {"hasPark", "linkedPark"}
    for node in data["nodes"]:
        assert node["label"] == snap.nodes[node["id"]].zh
        assert node["group"] == node["type"] == snap.nodes[node["id"]].type
    assert data["options"]["physics"]["enabled"] is True


@pytest.mark.parametrize("query, kind", [
    ({}, "clusters"), ({"lang": "en"}, "clusters"), ({"until": "2022-12-31"}, "clusters"),
    ({"types": "Cluster,Park"}, "filter"), ({"industry": JIADIAN}, "filter"), ({"focus": JIADIAN}, "neighbourhood"),
])
def test_network_without_a_view_picks_a_readable_one(client, snap, query, kind):
    response = client.get("/network", query_string=query)
    soup = page(response)
    assert soup.select_one("form#view-form input[name=view]")["value"] == kind
    data = network_data(response)
    if kind == "clusters":
        explicit = network_data(client.get("/network", query_string={**query, "view": "clusters"}))
        assert data["nodes"] == explicit["nodes"] and data["edges"] == explicit["edges"]
        assert len(data["nodes"]) < len(snap.nodes) / 4, "not every entity at once"
        assert soup.select_one("#cap-notice") is None
    # its downloads are of the view shown
    link = soup.select_one("p.exports a[href^='/export.nodes.csv']")["href"]
    assert client.get(link).status_code == 200 and f"view={kind}" in link


def test_network_clusters_view_can_include_platforms(client, snap):
    data = network_data(client.get("/network", query_string={"view": "clusters", "include": "Platform"}))
    types = Counter(n["type"] for n in data["nodes"])
    assert types["Platform"] > 0 and set(types) <= {"Cluster", "Park", "Platform"}


@pytest.mark.parametrize("depth", [1, 2])
def test_network_neighbourhood_holds_the_neighbours(client, snap, depth):
    import networkx as nx

    data = network_data(client.get("/network", query_string={"focus": JIADIAN, "depth": depth}))
    ids = {n["id"] for n in data["nodes"]}
    expected = set(nx.single_source_shortest_path_length(snap.graph.to_undirected(as_view=True), JIADIAN,
                                                         cutoff=depth))
    assert ids == expected
    assert JIADIAN_CLUSTER in ids
    for edge in data["edges"]:
        assert edge["from"] in ids and edge["to"] in ids
        assert snap.graph.has_edge(edge["from"], edge["to"], edge["property"])
        assert edge["dashes"] == edge["inferred"] == snap.graph[edge["from"]][edge["to"]][edge["property"]]["inferred"]


def test_network_neighbourhood_grows_with_depth(client):
    sizes = [len(network_data(client.get("/network", query_string={"focus": JIADIAN, "depth": d}))["nodes"])
             for d in (1, 2, 3)]
    assert sizes[0] < sizes[1] < sizes[2]


def test_network_types_filter(client, snap):
    data = network_data(client.get("/network", query_string={"types": "Cluster,Park"}))
    assert {n["type"] for n in data["nodes"]} == {"Cluster", "Park"}
    assert len(data["nodes"]) == sum(1 for n in snap.nodes.values() if n.type in ("Cluster", "Park"))


def test_network_filter_by_industry(client, snap):
    data = network_data(client.get("/network", query_string={"view": "filter", "industry": JIADIAN}))
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {JIADIAN} | {s for s, _o in snap.graph.in_edges(JIADIAN)}


def test_network_until_shows_only_what_older_documents_state(client, snap):
    old = {d.iri for d in snap.documents.values() if d.date <= UNTIL}
    assert old == {DOC + "004_6dede4d4dfdda513"}
    everything = network_data(client.get("/network", query_string={"view": "filter"}))
    data = network_data(client.get("/network", query_string={"view": "filter", "until": UNTIL}))
    assert 0 < len(data["nodes"]) < len(everything["nodes"])
    for node in data["nodes"]:
        assert snap.nodes[node["id"]].documents & old, node["id"]
    ids = {n["id"] for n in data["nodes"]}
    for edge in data["edges"]:
        assert edge["from"] in ids and edge["to"] in ids
        sources = snap.graph[edge["from"]][edge["to"]][edge["property"]]["documents"]
        assert edge["inferred"] or not sources or sources & old, edge
    late = ID + "company/haier"  # first mentioned in 2024
    assert late in {n["id"] for n in everything["nodes"]} and late not in ids


def test_network_until_on_the_neighbourhood(client, snap):
    old = {DOC + "004_6dede4d4dfdda513"}
    data = network_data(client.get("/network", query_string={"focus": JIADIAN, "depth": 2, "until": UNTIL}))
    for node in data["nodes"]:
        assert node["id"] == JIADIAN or snap.nodes[node["id"]].documents & old
    assert JIADIAN_CLUSTER in {n["id"] for n in data["nodes"]}


def test_network_without_inferred_edges(client):
    with_inferred = network_data(client.get("/network", query_string={"view": "clusters"}))
    assert any(e["inferred"] for e in with_inferred["edges"])
    data = network_data(client.get("/network", query_string={"view": "clusters", "inferred": "0"}))
    assert not any(e["inferred"] or e["dashes"] for e in data["edges"])


def test_network_page_keeps_its_state_in_the_form(client):
    soup = page(client.get("/network", query_string={"focus": JIADIAN, "depth": 2, "types": "Cluster,Platform"}))
    form = soup.select_one("form#view-form")
    assert form.select_one("input[name=view]")["value"] == "neighbourhood"
    assert form.select_one("input[name=focus]")["value"] == JIADIAN
    assert form.select_one("select[name=depth] option[selected]").get_text() == "2"
    assert {b["value"] for b in form.select("input.type-box[checked]")} == {"Cluster", "Platform"}
    assert soup.select_one('script[src$="vis-network.min.js"]') is not None


def test_network_in_english(client, snap):
    data = network_data(client.get("/network", query_string={"focus": JIADIAN, "lang": "en"}))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[JIADIAN] == "Smart home appliances"
    assert labels[JIADIAN_CLUSTER] == "Smart home appliances industrial cluster"
    assert {e["label"] for e in data["edges"]} >= {"in industry"}


def test_network_page_and_api_agree(client):
    html = network_data(client.get("/network", query_string={"focus": JIADIAN, "depth": 2}))
    api = client.get("/api/network", query_string={"focus": JIADIAN, "depth": 2}).get_json()
    assert api["nodes"] == html["nodes"] and api["edges"] == html["edges"]


# --- matrix ----------------------------------------------------------------------------------

def matrix_cells(soup) -> tuple[list[str], list[str], dict[tuple[str, str], str]]:
    cols = [th.a["href"] for th in soup.select("table.matrix thead th.col")]
    rows, cells = [], {}
    for tr in soup.select("table.matrix tbody tr"):
        row = tr.th.a["href"]
        rows.append(row)
        for col, td in zip(cols, tr.find_all("td"), strict=True):
            status = [c for c in td["class"] if c in ("stated", "inferred")]
            if status:
                cells[(row, col)] = status[0]
                assert td.get_text() == ("●" if status[0] == "stated" else "○")
            else:
                assert td.get_text() == ""
    return rows, cols, cells


def expected_cells(snap, types, properties) -> dict[tuple[str, str], str]:
    cells: dict[tuple[str, str], str] = {}
    for s, o, p, data in snap.graph.edges(keys=True, data=True):
        if p in properties and (snap.nodes[s].type, snap.nodes[o].type) == types:
            kind = "inferred" if data["inferred"] else "stated"
            if cells.get((path_of(s), path_of(o))) != "stated":
                cells[(path_of(s), path_of(o))] = kind
    return cells


@pytest.mark.parametrize(("kind", "types", "properties"), [
    ("cluster-park", ("Cluster", "Park"), ("hasPark", "linkedPark")),
    ("platform-cluster", ("Platform", "Cluster"), ("supportsCluster", "linkedCluster")),
])
def test_matrix_cells_match_the_graph(client, snap, kind, types, properties):
    rows, cols, cells = matrix_cells(page(client.get("/matrix", query_string={"kind": kind})))
    expected = expected_cells(snap, types, properties)
    assert cells == expected and "inferred" in cells.values()
    assert set(rows) == {r for r, _c in expected} and set(cols) == {c for _r, c in expected}


def test_matrix_all_shows_every_row_and_column(client, snap):
    soup = page(client.get("/matrix", query_string={"all": "1"}))
    rows, cols, cells = matrix_cells(soup)
    assert sorted(rows) == sorted(path_of(i) for i, n in snap.nodes.items() if n.type == "Cluster")
    assert sorted(cols) == sorted(path_of(i) for i, n in snap.nodes.items() if n.type == "Park")
    assert cells == expected_cells(snap, ("Cluster", "Park"), ("hasPark", "linkedPark"))
    narrow = page(client.get("/matrix"))
    hidden = narrow.select("nav.tabs a")[-1].get_text()
    r, c, _ = matrix_cells(narrow)
    assert hidden == f"+ {len(rows) - len(r)} / {len(cols) - len(c)}"


@pytest.fixture(scope="module")
def stated_app(tmp_path_factory):
    """A one-document corpus that states ``supportsCluster``: the matrix's stated cell."""
    from graph.ingest import build
    from graph.store.oxigraph import MemoryStore
    from webapp import create_app

    folder = tmp_path_factory.mktemp("stated")
    (folder / "a.txt").write_text("国家高端智能化家电创新中心支撑智能家电产业集群。", encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"a.txt": {"title": "测试", "date": "2020-01-01"}}),
                                          encoding="utf-8")
    store = MemoryStore()
    build([folder], store)
    return create_app({"TESTING": True, "STORE_OBJECT": store})


def test_matrix_shows_stated_cells(stated_app):
    soup = page(stated_app.test_client().get("/matrix", query_string={"kind": "platform-cluster"}))
    _rows, _cols, cells = matrix_cells(soup)
    key = (path_of(ID + "platform/gaoduan-jiadian-chuangxin"), path_of(JIADIAN_CLUSTER))
    assert cells == {key: "stated"}
    td = soup.select_one("td.cell.stated")
    assert td["title"] == ("国家高端智能化家电创新中心 → 智能家电产业集群 (陈述) "
                           "“国家高端智能化家电创新中心支撑智能家电产业集群。” (句中陈述)")


def test_matrix_inferred_cells_name_the_shared_industry(client):
    soup = page(client.get("/matrix"))
    titles = [td["title"] for td in soup.select("td.cell.inferred")]
    assert titles and all("共同产业：" in t for t in titles)
    assert any("船舶与海工装备" in t for t in titles)


# --- paths -----------------------------------------------------------------------------------

def test_paths_show_hops_with_evidence(client, texts):
    soup = page(client.get("/paths", query_string={"from": PICO, "to": GOERTEK}))
    paths = soup.select("ol.path")
    assert paths
    for path in paths:
        hops = path.find_all("li", recursive=False)
        assert len(hops) == 2
        ends = [[a["href"] for a in hop.find_all("a", class_="entity", recursive=False)] for hop in hops]
        assert ends[0][0] == path_of(PICO) and ends[-1][1] == path_of(GOERTEK)
        assert all(a[1] == b[0] for a, b in zip(ends, ends[1:], strict=False))
        for hop in hops:
            assert re.search(r"[→←] \S+", hop.select_one("span.rel").get_text())
            quotes = hop.select("ul.quotes li")
            assert quotes and assert_quotes_match(quotes, texts) == len(quotes)
            assert all(li.select_one("span.how") for li in quotes)  # how each was found
    assert soup.select_one("input[type=hidden][name=from]")["value"] == PICO
    assert soup.select_one("input[type=hidden][name=to]")["value"] == GOERTEK


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_paths_pickers_show_labels_not_iris(client, snap, lang):
    soup = page(client.get("/paths", query_string={"from": PICO, "to": GOERTEK, "lang": lang}))
    boxes = soup.select("input.entity-picker")
    assert [b.get("value") for b in boxes] == [snap.nodes[PICO].label(lang), snap.nodes[GOERTEK].label(lang)]
    assert not any(b.get("name") for b in boxes), "the visible boxes send nothing; the hidden fields send the IRIs"
    assert [soup.select_one(f"#{b['data-field']}")["value"] for b in boxes] == [PICO, GOERTEK]
    empty = page(client.get("/paths"))
    assert [b.get("value") for b in empty.select("input.entity-picker")] == ["", ""]
    assert [h["value"] for h in empty.select("input[type=hidden][name=from], input[type=hidden][name=to]")] == ["", ""]


def test_paths_through_industry_name_the_property(client):
    soup = page(client.get("/paths", query_string={"from": PICO, "to": GOERTEK}))
    middles = {ol.find_all("li", recursive=False)[0].find_all("a", class_="entity", recursive=False)[1].get_text()
               for ol in soup.select("ol.path")}
    assert "虚拟现实" in middles
    assert "所属产业" in soup.select_one("ol.path span.rel").get_text()


def test_paths_beyond_three_hops_say_so(client):
    soup = page(client.get("/paths", query_string={"from": HAIER, "to": CHINA_MOBILE}))
    assert soup.select("ol.path") == []
    assert soup.select_one("p.empty").get_text() == "三跳之内没有路径。"


def test_paths_form_alone_shows_no_verdict(client):
    soup = page(client.get("/paths", query_string={"from": HAIER}))
    assert soup.select("ol.path") == [] and soup.select_one("p.empty") is None


# --- language --------------------------------------------------------------------------------

def test_language_switch_sets_a_cookie_and_sticks(client):
    response = client.get("/", query_string={"lang": "en"})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    soup = page(response)
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text() == "ikg industrial-policy knowledge graph"
    assert [a.get_text() for a in soup.select("header.top nav a")][:2] == ["Clusters and parks", "Matrix"]
    assert soup.select_one("#lang-switch").get_text() == "中文"

    later = client.get("/browse/Cluster")  # no ?lang=: the cookie keeps English
    assert "Set-Cookie" not in later.headers
    soup = page(later)
    assert soup.html["lang"] == "en"
    assert soup.h1.find(string=True).strip() == "Industrial cluster"  # ikg.ttl's label
    assert soup.find("a", string="Smart home appliances industrial cluster")["href"] == path_of(JIADIAN_CLUSTER)
    assert soup.select_one("table.grid thead th").get_text() == "Name"

    entity = page(client.get(path_of(JIADIAN_CLUSTER)))
    assert entity.find("h2", string="Relations in") is not None
    assert entity.select_one("p.kind").get_text() == "Industrial cluster"

    back = client.get("/", query_string={"lang": "zh"})
    assert back.headers["Set-Cookie"].startswith("lang=zh;")
    assert page(client.get("/")).html["lang"] == "zh-CN"


def test_language_default_is_chinese(client):
    soup = page(client.get("/browse/Cluster"))
    assert soup.html["lang"] == "zh-CN"
    assert soup.h1.find(string=True).strip() == "产业集群"
    assert soup.select_one("#lang-switch").get_text() == "English"


@pytest.mark.parametrize("lang", ["fr", "EN", ""])
def test_language_unknown_value_is_ignored(client, lang):
    response = client.get("/", query_string={"lang": lang})
    assert "Set-Cookie" not in response.headers
    assert page(response).html["lang"] == "zh-CN"


def test_language_switch_link_keeps_the_parameters(client):
    soup = page(client.get("/browse/Cluster", query_string={"sort": "name", "industry": JIADIAN}))
    href = soup.select_one("#lang-switch")["href"]
    assert href.startswith("/browse/Cluster?")
    assert "sort=name" in href and "lang=en" in href and "industry=https%3A%2F%2Fw3id.org" in href
    english = page(client.get(href))
    assert english.html["lang"] == "en"
    assert browse_rows(english) == [path_of(JIADIAN_CLUSTER)]


def test_action_page_lists_its_targets_with_their_sentences(client, snap, texts):
    """Issue 12: an action's page names each target's metric and value, quotes the sentence
    that sets it, links it to its span, and says how it was attributed."""
    [action] = [i for i, n in snap.nodes.items() if n.type == "Action" and n.zh == "数字化赋能工程"]
    soup = page(client.get(path_of(action)))
    heading = next(h for h in soup.select("section.relations h3") if h.find(string=True).strip() == "设定目标")
    items = heading.find_next_sibling("ul").find_all("li", recursive=False)
    assert len(items) >= 8
    shown = {li.select_one("span.value").get_text(" ", strip=True) for li in items}
    assert any(s.startswith("5G基站 5000个") for s in shown), shown
    for li in items:
        quote = li.select_one("q.quote").get_text()
        assert len(quote) > 8 and li.select_one("a.doc")["href"].startswith("/doc/004_")
        assert li.select_one("span.how")


def test_metric_page_draws_its_chart_and_links_the_tracker(client):
    iri = ID + "indicator/industrial-value-added-growth"
    soup = page(client.get(path_of(iri)))
    chart = soup.select_one("section.charts figure.chart")
    assert chart["data-metric"] == iri and len(chart_points(chart)) >= 3
    link = soup.select_one("section.charts .chart-key a")["href"]
    assert page(client.get(link)).select_one("figure.chart")["data-metric"] == iri
    facts = {dt.get_text(): dt.find_next("dd").get_text() for dt in soup.select("dl.facts dt")}
    assert facts.get("单位类别") == "%"


def test_tracker_in_english_names_metrics_in_english(client):
    soup = page(client.get("/indicators", query_string={"lang": "en", "metric": ID + "indicator/industrial-value-added-growth"}))
    assert soup.select_one("figure.chart figcaption a").get_text() == "Growth of industrial value added above designated size"
    assert "hollow: target" in soup.select_one(".chart-key").get_text()

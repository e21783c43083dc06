"""Every page in both languages, read as a reader would (issue 14): a Chinese page holds no English
word outside data and a short list of names (SPARQL, PNG, ...), an English page no Chinese character.

Data is what documents and entities bring, in whatever script they were written: the elements that
hold a document's text and its quotes, and every string the graph knows (entity labels and
aliases in both languages, document titles, quotes, periods), removed from each piece of text
before it is judged.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from graph.types import ENTITY_TYPES

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"(?<![\w.-])[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?(?![\w-])")
NOISE = re.compile(r"https?://\S+|\bikg:\w+|\?\w+|\"[A-Za-z]+\"|\b[\w.-]+\.(?:ttl|csv|json|rq)\b|\S+@\S+|\d{4}-\d\d-\d\dT[\d:.+Z-]*|\d[\d.,:%-]*")
#: Names a Chinese page may write in Latin letters: formats, standards, the app's name.
ALLOWED = {"ikg", "SPARQL", "IRI", "RDF", "JSON", "CSV", "PNG", "SVG", "PDF", "ZIP", "Turtle", "GraphML", "GEXF",
           "XLSX", "HTML", "URL", "API", "JSON-LD", "LD", "TriG", "N-Triples", "N-Quads", "LIMIT", "SELECT", "ASK",
           "CONSTRUCT", "DESCRIBE", "PREFIX", "SERVICE", "IKG_STORE", "IKG", "OpenAPI", "English", "build",
           "nt", "nq", "ttl", "jsonld", "trig", "gexf", "graphml", "xlsx", "png", "svg", "zip", "html", "csv", "pdf",
           "report", "nodes", "edges", "documents", "XML", "TSV", "CC-CEDICT", "SHACL", "SKOS", "OWL", "GDP", "Excel",
           "utf", "gb", "depth", "until", "sort", "mentions", "name", "degree"}  # a URL's parameters, named in errors
#: Elements whose text is a document's own words (the document view, quotes, evidence).
DATA_SELECTOR = "div.text, q, .quote, blockquote, .alias, .matched, code, pre, textarea"


@pytest.fixture(scope="module")
def data_strings(built_store, snapshot) -> list[str]:
    """Every string the graph brings to a page, longest first (so a label goes before its parts)."""
    rows = built_store.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX ikg: <https://w3id.org/ikg/ontology#>
        SELECT DISTINCT ?s WHERE { GRAPH ?g { ?x ?p ?s } VALUES ?p {
            skos:prefLabel skos:altLabel ikg:quote <http://purl.org/dc/terms/title> <http://purl.org/dc/terms/publisher>
            <http://purl.org/dc/terms/source> } }""").rows
    found = {str(r[0]) for r in rows}
    found |= {n.en for n in snapshot.nodes.values()} | {d.title for d in snapshot.documents.values()}
    found |= {d.iri.rsplit("/", 1)[-1] for d in snapshot.documents.values()}
    return sorted((s for s in found if s.strip()), key=len, reverse=True)


def _strip_data(text: str, known: set[str], longest: int) -> str:
    """``text`` with every known data string cut out, longest match first at each position."""
    out, i = [], 0
    while i < len(text):
        for end in range(min(len(text), i + longest), i, -1):
            if text[i:end] in known:
                out.append(" ")
                i = end
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _cut_short(piece: str, data: list[str]) -> bool:
    """A data string shortened for a select or a card: 工业发力！稳增长... ."""
    head = re.sub(r"\s*\(\d+\)$", "", NOISE.sub("", piece).strip())
    head = head.removesuffix("...").removesuffix("…").strip()
    return head != piece and len(head) > 3 and piece.rstrip(" ()0123456789").endswith(("...", "…")) and any(s.startswith(head) for s in data)


@pytest.fixture(scope="module")
def judge(data_strings):
    known = set(data_strings)
    longest = min(max(map(len, data_strings)), 400)

    def shown(html: str, typed: tuple[str, ...] = ()) -> list[str]:
        """The page's visible pieces of text that are not data (nor what the reader ``typed``)."""
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.select(f"script, style, header.top .lang, {DATA_SELECTOR}, [lang]:not(html)"):
            tag.decompose()
        pieces = []
        for piece in soup.stripped_strings:
            piece = piece.strip()
            if piece in known or _cut_short(piece, data_strings):
                continue
            rest = _strip_data(piece, known, longest)
            for word in typed:
                rest = rest.replace(word, " ")
            rest = NOISE.sub(" ", rest).strip()
            if rest:
                pieces.append(rest)
        return pieces

    return shown


@pytest.fixture(scope="module")
def pages(snapshot) -> list[str]:
    """One of every page a reader reaches: the menu's, one entity of each type, a document, errors."""
    nodes = sorted(snapshot.nodes.values(), key=lambda n: (-n.mentions, n.iri))
    entity = {}
    for node in nodes:
        entity.setdefault(node.type, node.iri)
    cluster, park = entity["Cluster"], entity["Park"]
    doc = sorted(snapshot.documents)[0]
    local = lambda iri: "/" + iri.split("/ikg/", 1)[1]  # noqa: E731
    return [
        "/", *(f"/browse/{t}" for t in ENTITY_TYPES if t in entity),
        *(local(iri) for iri in entity.values()), local(doc),
        "/network", "/network/clusters", f"/network?focus={quote(cluster)}&depth=1",
        "/network?view=filter&types=Cluster,Park", "/matrix", f"/paths?from={quote(cluster)}&to={quote(park)}",
        "/indicators", "/indicators?kind=target", "/search?q=" + quote("集群"), "/search?q=smart",
        "/search?q=" + quote("没有这个名字"), "/sparql", "/sparql?query=" + quote("SELECT * WHERE { ?s ?p"),
        "/no/such/page", "/id/cluster/no-such-cluster", "/browse/Cluster?page=999", "/browse/Nothing",
        f"/network?focus={quote(cluster)}&depth=9", "/indicators?until=2024-13-45", "/browse/Cluster?sort=bogus",
        "/paths?from=x&to=y",
    ]


def test_walk_covers_every_type_and_view(pages, snapshot):
    types = {n.type for n in snapshot.nodes.values()}
    assert len([p for p in pages if p.startswith("/id/") and "no-such" not in p]) == len(types)
    assert {f"/browse/{t}" for t in types} <= set(pages)
    assert {p.split("?")[0] for p in pages} >= {"/", "/network", "/network/clusters", "/matrix", "/paths",
                                                "/indicators", "/search", "/sparql"}


def _get(client, url: str, lang: str):
    sep = "&" if "?" in url else "?"
    return client.get(f"{url}{sep}lang={lang}", headers={"Accept": "text/html"}, follow_redirects=True)


def _typed(url: str) -> tuple[str, ...]:
    """What the reader typed into the address (a search word is echoed back: it is theirs, not the UI's)."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    typed = [v for _, v in parse_qsl(parts.query)] + [parts.path.rsplit("/", 1)[-1]]
    return tuple(sorted((v for v in typed if v), key=len, reverse=True))


def test_walk_chinese_pages_have_no_english_outside_data(client, pages, judge):
    leaks = {}
    for url in pages:
        response = _get(client, url, "zh")
        assert response.status_code < 500, url
        words = {w for piece in judge(response.get_data(as_text=True), _typed(url)) for w in LATIN_WORD.findall(piece)}
        if words - ALLOWED:
            leaks[url] = sorted(words - ALLOWED)
    assert not leaks, "\n".join(f"{url}: {found}" for url, found in leaks.items())


def test_walk_english_pages_have_no_chinese_outside_data(client, pages, judge):
    leaks = {}
    for url in pages:
        response = _get(client, url, "en")
        assert response.status_code < 500, url
        bad = [piece for piece in judge(response.get_data(as_text=True), _typed(url)) if CJK_CHAR.search(piece)]
        if bad:
            leaks[url] = bad[:12]
    assert not leaks, "\n".join(f"{url}: {found}" for url, found in leaks.items())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_walk_the_judge_sees_a_leak(judge, lang):
    """The check itself: a UI string in the other script is caught, data in any script is not."""
    other = "Relations out" if lang == "zh" else "对外关系"
    page = f"<html><body><h2>{other}</h2><a>智能家电产业集群</a><q>青岛市 Smart 制造</q></body></html>"
    assert judge(page) == [other]

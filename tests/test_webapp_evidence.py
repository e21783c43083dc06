"""Evidence a reader can follow (issue 14): each stating sentence once, its relations under it,
the stating words marked, linked to its span; documents named by title and date, their
mentions counted. The oracle is the store's evidence rows and the documents' own text."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import URIRef

from graph.extract.relations import CUES
from ontology import app_query
from tests import test_webapp_pages as pages
from tests.test_webapp_pages import (
    DOC,
    DOC_LINK,
    HAIER,
    JIADIAN,
    JIADIAN_CLUSTER,
    assert_quotes_match,
    page,
    path_of,
)
from webapp.evidence import by_document, by_sentence, mark_pieces

snap, texts = pages.snap, pages.texts  # the page tests' fixtures: the snapshot and the documents' text

MANIFEST_TITLE = "聚焦八大产业集群 攻坚五大提升工程 全力打造国家制造业高质量发展实验区"


def rows_of(store, iri: str) -> list[dict]:
    return [r for r in store.query(app_query("entity_evidence"), bindings={"entity": URIRef(iri)}).dicts()]


@pytest.mark.parametrize("iri", [JIADIAN, JIADIAN_CLUSTER, HAIER])
def test_entity_evidence_shows_each_sentence_once(client, built_store, texts, iri):
    rows = rows_of(built_store, iri)
    spans = {(str(r["document"]), int(r["start"]), int(r["end"])) for r in rows}
    items = page(client.get(path_of(iri))).select("section.evidence li.sentence")
    hrefs = [li.select_one("span.source a.doc")["href"] for li in items]
    assert len(hrefs) == len(set(hrefs)) == len(spans)  # once each, none lost
    assert {DOC_LINK.match(h).groups() for h in hrefs} == {(d[len(DOC):], str(a), str(b)) for d, a, b in spans}
    assert assert_quotes_match(items, texts) == len(items)
    relations = {(str(r["s"]), str(r["p"]).rsplit("#", 1)[1], str(r["o"])) for r in rows}
    shown = sum(len(li.select("ul.states > li")) for li in items)
    assert shown >= len(relations)  # a relation stated in two sentences is under both


def test_entity_evidence_groups_the_relations_of_one_sentence(client, built_store):
    """The sentence that states most relations of 海尔 shows them all under it, once."""
    rows = rows_of(built_store, HAIER)
    per_span = Counter((str(r["document"]), int(r["start"]), int(r["end"]))
                       for r in {(r["s"], r["p"], r["o"], r["document"], r["start"], r["end"]): r for r in rows}.values())
    (doc, start, end), n = per_span.most_common(1)[0]
    soup = page(client.get(path_of(HAIER)))
    href = f"/doc/{doc[len(DOC):]}#s{start}-{end}"
    li = next(li for li in soup.select("li.sentence") if li.select_one("span.source a.doc")["href"] == href)
    assert len(li.select("ul.states > li")) == n


def test_entity_evidence_marks_both_ends(client, snap):
    soup = page(client.get(path_of(JIADIAN_CLUSTER)))
    for li in soup.select("li.sentence"):
        marked = {m.get_text() for m in li.q.select("mark.end")}
        names = set()
        for a in li.select("ul.states a.entity"):
            node = snap.nodes["https://w3id.org/ikg/" + a["href"].lstrip("/")]
            names |= {node.zh, *node.aliases}
        assert marked and marked <= names, (marked, names)
        assert all(m in li.q.get_text() for m in marked)


def test_entity_evidence_says_how_it_was_found(client, built_store):
    from webapp.i18n import HOW

    rows = rows_of(built_store, JIADIAN)
    for lang, side in (("zh", 0), ("en", 1)):
        soup = page(client.get(path_of(JIADIAN), query_string={"lang": lang}))
        shown = [s.get_text() for s in soup.select("li.sentence ul.states span.how")]
        assert shown and set(shown) == {HOW[str(r["how"])][side] for r in rows}


def test_entity_sources_name_documents_by_title_and_count_mentions(client, snap):
    node = snap.nodes[JIADIAN_CLUSTER]
    soup = page(client.get(path_of(JIADIAN_CLUSTER)))
    items = soup.select("section.mentions li")
    assert len(items) == len(node.documents & set(snap.documents))
    counts = {}
    for li in items:
        link = li.select_one("a.doc")
        slug = DOC_LINK.match(link["href"]).group(1)
        record = snap.documents[DOC + slug]
        assert link.get_text() == record.title and li.select_one(".date").get_text() == record.date
        counts[slug] = int(li.select_one(".count").get_text().split()[0])
    assert sum(counts.values()) == node.mentions
    assert any(li.select_one("a.doc").get_text() == MANIFEST_TITLE for li in items)
    assert not any(DOC_LINK.match(a["href"]).group(1) == a.get_text() for a in soup.select("a.doc"))


def test_document_page_groups_its_evidence_by_sentence(client, built_store, texts):
    slug = "001_4175fc14fb9bbd76"
    rows = built_store.query(app_query("document_evidence"), bindings={"document": URIRef(DOC + slug)}).dicts()
    spans = {(int(r["start"]), int(r["end"])) for r in rows}
    soup = page(client.get(f"/doc/{slug}"))
    items = soup.select("section.evidence li.sentence")
    assert len(items) == len(spans) > 10
    assert assert_quotes_match(items, texts) == len(items)
    cues = {m.get_text() for m in soup.select("li.sentence mark.cue")}
    assert cues and all(any(p.fullmatch(c) for p in CUES.values()) for c in cues)


@pytest.mark.parametrize(("quote", "names", "cue", "expected"), [
    ("海尔落户中德生态园。", ["海尔", "中德生态园"], "落户|位于",
     [("海尔", "end"), ("落户", "cue"), ("中德生态园", "end"), ("。", None)]),
    ("海尔、海信在西海岸", ["海尔", "海尔集团", "西海岸"], None,
     [("海尔", "end"), ("、海信在", None), ("西海岸", "end")]),
    ("落户海尔", ["海尔"], "落户", [("落户", None), ("海尔", "end")]),  # a cue outside the ends is not marked
    ("智能家电产业集群", ["智能家电", "智能家电产业集群"], None, [("智能家电产业集群", "end")]),
    ("没有名字", ["海尔"], "名字", [("没有名字", None)]),
    ("", ["海尔"], None, []),
])
def test_mark_pieces(quote, names, cue, expected):
    import re

    pieces = mark_pieces(quote, names, re.compile(cue) if cue else None)
    assert [(p["text"], p["mark"]) for p in pieces] == expected
    assert "".join(p["text"] for p in pieces) == quote


def test_by_sentence_keeps_every_way_of_finding_and_marks_cues_only_when_stated():
    row = {"s": "x/甲园", "p": "hostsIndustry", "o": "x/乙业", "document": "d", "start": 0, "end": 7,
           "quote": "甲园重点发展乙业"}
    groups = by_sentence([row | {"how": "section"}, row | {"how": "name"}], {})
    assert len(groups) == 1 and groups[0]["relations"][0]["hows"] == ["name", "section"]
    assert [p["mark"] for p in groups[0]["pieces"]] == ["end", None, "end"]
    stated = by_sentence([row | {"how": "stated"}], {})
    assert [(p["text"], p["mark"]) for p in stated[0]["pieces"]] == [("甲园", "end"), ("重点发展", "cue"), ("乙业", "end")]


def test_by_document_counts_and_opens_the_first():
    found = by_document([{"document": "b", "start": 5, "end": 7, "quote": "海尔"},
                         {"document": "a", "start": 9, "end": 11, "quote": "海尔"},
                         {"document": "a", "start": 1, "end": 3, "quote": "海尔"}])
    assert [(d["document"], d["count"], d["first"]["start"]) for d in found] == [("a", 2, 1), ("b", 1, 5)]

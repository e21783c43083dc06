"""The time filter (issue 14): with ``until=2022-12-31`` no view shows 瀚海星云 or 奇智孔明,
whose only source is dated 2024-07-03, and each keeps only what documents up to then state.
The oracle is the snapshot's own documents and dates, not the pages."""

from __future__ import annotations

import json

import pytest

from tests.test_webapp_pages import ID, JIADIAN, JIADIAN_CLUSTER, network_data, page

UNTIL = "2022-12-31"
LATE = {ID + "platform/hanhai-xingyun": "瀚海星云", ID + "platform/qizhi-kongming": "奇智孔明"}


@pytest.fixture(scope="module")
def snap(app):
    return app.extensions["ikg"]["snapshot"].get()


@pytest.fixture(scope="module")
def early(snap):
    """The documents dated up to UNTIL; the two platforms must have no source among them."""
    docs = snap.visible(UNTIL)
    assert docs and len(docs) < len(snap.documents)
    for iri, name in LATE.items():
        assert snap.nodes[iri].zh == name and not snap.nodes[iri].documents & docs
    return docs


def shown_in(text: str) -> set[str]:
    return {name for name in LATE.values() if name in text}


@pytest.mark.parametrize("url", [
    "/network?view=filter", "/network?view=clusters&include=Platform,Company", "/network?view=filter&types=Platform",
    "/browse/Platform", "/browse/Platform?sort=degree",
    "/matrix?kind=platform-cluster&all=1", "/search?q=瀚海", "/search?q=奇智",
])
def test_views_hide_what_later_documents_state(client, early, url):
    sep = "&" if "?" in url else "?"
    assert shown_in(client.get(url).get_data(as_text=True))  # shown without the filter
    after = client.get(f"{url}{sep}until={UNTIL}")
    assert after.status_code == 200
    assert shown_in(after.get_data(as_text=True)) == set()


@pytest.mark.parametrize("url", [
    "/api/search?q=瀚海", "/api/search?q=qizhi", "/api/network?view=clusters&include=Platform",
    "/api/network?types=Platform",
])
def test_api_hides_what_later_documents_state(client, early, url):
    assert shown_in(client.get(url).get_data(as_text=True))
    answer = client.get(f"{url}&until={UNTIL}")
    assert answer.status_code == 200 and not shown_in(json.dumps(answer.get_json(), ensure_ascii=False))


def test_neighbourhood_of_an_early_entity_loses_its_late_neighbours(client, snap, early):
    late = next(iter(LATE))
    around = {n for pair in (snap.graph.out_edges(late), snap.graph.in_edges(late)) for edge in pair for n in edge}
    focus = next(n for n in sorted(around - {late}) if snap.nodes[n].documents & early)
    for url in ("/network", "/api/network", "/api/neighbours"):
        key = "iri" if url == "/api/neighbours" else "focus"
        assert LATE[late] in client.get(url, query_string={key: focus}).get_data(as_text=True)
        after = client.get(url, query_string={key: focus, "until": UNTIL})
        assert after.status_code == 200 and LATE[late] not in after.get_data(as_text=True)


def test_network_keeps_only_entities_and_relations_of_early_documents(client, snap, early):
    data = network_data(client.get("/network", query_string={"view": "clusters", "include": "Platform,Company",
                                                             "until": UNTIL}))
    assert data["nodes"]
    for item in data["nodes"]:
        assert snap.nodes[item["id"]].documents & early, item["label"]
    for e in data["edges"]:
        edge = snap.graph.get_edge_data(e["from"], e["to"], e["property"])
        assert edge["inferred"] or edge["documents"] & early, e


def test_browse_counts_only_early_mentions(client, snap, early):
    soup = page(client.get("/browse/Cluster", query_string={"until": UNTIL, "sort": "mentions"}))
    text = soup.get_text()
    kept = [n for n in snap.nodes.values() if n.type == "Cluster" and n.documents & early]
    gone = [n for n in snap.nodes.values() if n.type == "Cluster" and not n.documents & early]
    assert kept and gone
    assert all(n.zh in text for n in kept[:5]) and not any(f">{n.zh}<" in str(soup) for n in gone)


def test_paths_through_a_late_entity_are_gone(client, snap, early):
    late = next(iter(LATE))
    other = next(o for _, o in snap.graph.out_edges(late)) if snap.graph.out_degree(late) else \
        next(s for s, _ in snap.graph.in_edges(late))
    found = client.get("/paths", query_string={"from": late, "to": other})
    assert found.status_code == 200 and "瀚海星云" in found.get_data(as_text=True)
    cut = client.get("/paths", query_string={"from": late, "to": other, "until": UNTIL})
    assert cut.status_code == 404  # not in the graph as of that date: said, not drawn


def test_paths_quote_only_early_documents(client, snap, early):
    soup = page(client.get("/paths", query_string={"from": JIADIAN_CLUSTER, "to": JIADIAN, "until": UNTIL}))
    for a in soup.select(".quotes a.doc"):
        assert "https://w3id.org/ikg" + a["href"].split("#")[0] in early


@pytest.mark.parametrize("bad", ["2022-13-01", "yesterday", "2022/12/31"])
def test_a_bad_date_is_a_400_on_every_view(client, bad):
    for url in ("/browse/Platform", "/search?q=x", "/matrix", "/paths", "/api/search?q=x"):
        sep = "&" if "?" in url else "?"
        assert client.get(f"{url}{sep}until={bad}").status_code == 400, url

"""The JSON API on the bundled corpus: answers match ``/api/openapi.json`` and the graph."""

from __future__ import annotations

from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

ID = "https://w3id.org/ikg/id/"
JIADIAN = ID + "industry/zhineng-jiadian"
JIADIAN_CLUSTER = ID + "cluster/zhi-neng-jia-dian-chan-ye-ji-qun-c3ff69"
HAIER = ID + "company/haier"
QINGDAO = ID + "region/qingdao"
JSON_TYPES = {"string": str, "integer": int, "array": list, "object": dict, "boolean": bool}


@pytest.fixture(scope="module")
def snap(app):
    return app.extensions["ikg"]["snapshot"].get()


@pytest.fixture(scope="module")
def spec(app):
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def resolve(spec: dict, schema: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        node = spec
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node
    return schema


def check(spec: dict, schema: dict, value, where: str = "$") -> None:
    """Enough of JSON Schema for this API: type, required, properties, items, enum, bounds."""
    schema = resolve(spec, schema)
    kind = schema.get("type")
    if kind:
        assert isinstance(value, JSON_TYPES[kind]) and not (kind == "integer" and isinstance(value, bool)), \
            f"{where}: {value!r} is not {kind}"
    if "enum" in schema:
        assert value in schema["enum"], where
    if "maxLength" in schema:
        assert len(value) <= schema["maxLength"], where
    for key in schema.get("required", ()):
        assert key in value, f"{where}: {key} is required"
    for key, sub in schema.get("properties", {}).items():
        if isinstance(value, dict) and key in value:
            check(spec, sub, value[key], f"{where}.{key}")
    if "items" in schema:
        for i, item in enumerate(value):
            check(spec, schema["items"], item, f"{where}[{i}]")


def response_schema(spec: dict, path: str, status: int) -> dict:
    answer = spec["paths"][path]["get"]["responses"][str(status)]
    return answer["content"]["application/json"]["schema"]


# --- the description itself ------------------------------------------------------------------

def test_api_openapi_describes_every_api_route(app, spec):
    served = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/") and r.rule != "/api/openapi.json"}
    assert set(spec["paths"]) == served
    assert spec["openapi"].startswith("3.")
    for path, item in spec["paths"].items():
        assert set(item) == {"get"}, path
        assert "200" in item["get"]["responses"], path
    error = spec["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"error", "message", "status"}


VALID = [
    ("/api/search", {"q": "haier"}),
    ("/api/search", {"q": "zhineng jiadian", "limit": 3, "types": "Industry,Cluster", "lang": "en"}),
    ("/api/entity", {"iri": JIADIAN}),
    ("/api/entity", {"iri": HAIER, "lang": "en"}),
    ("/api/neighbours", {"iri": QINGDAO, "limit": 1}),
    ("/api/network", {"view": "clusters"}),
    ("/api/network", {"focus": JIADIAN, "depth": 2}),
    ("/api/network", {"view": "filter", "types": "Cluster", "until": "2022-01-01", "inferred": "0"}),
]


@pytest.mark.parametrize(("path", "params"), VALID)
def test_api_answers_match_the_openapi_schema(client, spec, path, params):
    response = client.get(path, query_string=params)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    check(spec, response_schema(spec, path, 200), response.get_json())


INVALID = [
    ("/api/search", {"q": "x" * 201}, 400),
    ("/api/search", {"q": "x", "limit": 0}, 400),
    ("/api/search", {"q": "x", "limit": 101}, 400),
    ("/api/search", {"q": "x", "types": "Bogus"}, 400),
    ("/api/entity", {}, 400),
    ("/api/entity", {"iri": ID + "industry/nope"}, 404),
    ("/api/neighbours", {"iri": QINGDAO, "limit": 501}, 400),
    ("/api/neighbours", {"iri": "nope"}, 404),
    ("/api/network", {"view": "bogus"}, 400),
    ("/api/network", {"focus": ID + "industry/nope"}, 404),
    # issue 7, found by schemathesis: refused as the description says, whatever the view reads
    ("/api/search", {}, 400),
    ("/api/search", {"q": "x", "lang": "fr"}, 400),
    ("/api/network", {"view": "filter", "depth": 9}, 400),
    ("/api/network", {"view": "filter", "include": "Bogus"}, 400),
    ("/api/network", {"view": "clusters", "inferred": "2"}, 400),
    ("/api/network", {"view": "clusters", "focus": "x" * 501}, 400),
]


@pytest.mark.parametrize(("path", "params", "status"), INVALID)
def test_api_errors_match_the_openapi_schema(client, spec, path, params, status):
    response = client.get(path, query_string=params)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    check(spec, response_schema(spec, path, status), body)
    assert body["status"] == status and body["message"] and body["hint"]


@pytest.mark.parametrize(("path", "name", "value"), [
    ("/api/search", "types", v) for v in ["", "Cluster", "Cluster,Park", ",Cluster,,", "Bogus", "ClusterPark", "Cluster,x"]
] + [
    ("/api/neighbours", "group", v) for v in ["", "<inIndustry", "inIndustry>", "<", "inIndustry", "in<Industry"]
])
def test_issue_7_parameter_patterns_say_what_the_api_accepts(client, spec, path, name, value):
    import re

    (param,) = [p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name]
    described = re.search(param["schema"]["pattern"], value) is not None
    response = client.get(path, query_string={"q": "x", "iri": QINGDAO, name: value})
    assert (response.status_code == 200) == described, (value, response.status_code)


# --- search ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("q", "first"), [
    ("haier", HAIER), ("海尔", HAIER), ("Haier", HAIER), ("he", HAIER), ("卡奥斯", None),
    ("zhineng jiadian", JIADIAN), ("智能家电", JIADIAN), ("Smart home appliances", JIADIAN),
])
def test_api_search_ranks_the_best_match_first(client, snap, q, first):
    body = client.get("/api/search", query_string={"q": q}).get_json()
    assert body["query"] == q
    results = body["results"]
    assert results and len(results) <= 10
    if first:
        assert results[0]["iri"] == first
    for card in results:
        node = snap.nodes[card["iri"]]
        assert card["zh"] == node.zh and card["type"] == node.type and card["mentions"] == node.mentions
        assert card["url"] == "/" + card["iri"].split("/ikg/", 1)[1]


def test_api_search_filters_by_type_and_limits(client):
    body = client.get("/api/search", query_string={"q": "zhineng jiadian", "types": "Cluster"}).get_json()
    assert [r["iri"] for r in body["results"]] == [JIADIAN_CLUSTER]
    body = client.get("/api/search", query_string={"q": "qingdao", "limit": 1}).get_json()
    assert len(body["results"]) == 1


def test_api_search_labels_follow_the_language(client):
    zh = client.get("/api/search", query_string={"q": "haier"}).get_json()["results"][0]
    en = client.get("/api/search", query_string={"q": "haier", "lang": "en"}).get_json()["results"][0]
    assert zh["label"] == "海尔" and en["label"] == "Haier"
    assert en["matched"] in ("海尔", "Haier")


@pytest.mark.parametrize("q", ["", "   ", "nothing-like-this"])
def test_api_search_without_hits_is_empty(client, q):
    body = client.get("/api/search", query_string={"q": q}).get_json()
    assert body == {"query": q, "results": []}


# --- entity card -----------------------------------------------------------------------------

def test_api_entity_card_counts_the_relations(client, snap):
    body = client.get("/api/entity", query_string={"iri": JIADIAN_CLUSTER}).get_json()
    node = snap.nodes[JIADIAN_CLUSTER]
    assert body["label"] == node.zh == "智能家电产业集群"
    assert body["en"] == node.en and body["aliases"] == node.aliases
    assert body["documents"] == len(node.documents) and body["mentions"] == node.mentions
    assert body["degree"] == snap.graph.degree(JIADIAN_CLUSTER)
    expected: dict[str, int] = defaultdict(int)
    for _s, _o, p in snap.graph.out_edges(JIADIAN_CLUSTER, keys=True):
        expected[f"{p}>"] += 1
    for _s, _o, p in snap.graph.in_edges(JIADIAN_CLUSTER, keys=True):
        expected[f"<{p}"] += 1
    assert body["properties"] == expected
    assert {"inIndustry>", "<supportsCluster", "<linkedCluster"} <= set(expected)  # actions support the cluster
    assert sum(body["properties"].values()) == body["degree"]


def test_api_unknown_iri_is_a_404_with_message_and_hint(client):
    iri = ID + "industry/nope"
    for path in ("/api/entity", "/api/neighbours"):
        response = client.get(path, query_string={"iri": iri})
        assert response.status_code == 404
        body = response.get_json()
        assert body["error"] == "Not Found" and body["status"] == 404
        assert iri in body["message"]
        assert "search" in body["hint"]


# --- neighbours ------------------------------------------------------------------------------

def all_groups(client, iri: str) -> dict[str, dict]:
    body = client.get("/api/neighbours", query_string={"iri": iri, "limit": 500}).get_json()
    return {g["group"]: g for g in body["groups"]}


@pytest.mark.parametrize("iri", [QINGDAO, JIADIAN_CLUSTER, HAIER])
def test_api_neighbours_grouped_by_property_and_direction(client, snap, iri):
    groups = all_groups(client, iri)
    expected: dict[str, set[str]] = defaultdict(set)
    for _s, o, p in snap.graph.out_edges(iri, keys=True):
        expected[f"{p}>"].add(o)
    for s, _o, p in snap.graph.in_edges(iri, keys=True):
        expected[f"<{p}"].add(s)
    assert set(groups) == set(expected)
    for name, group in groups.items():
        assert group["direction"] == ("in" if name.startswith("<") else "out")
        assert group["property"] == name.strip("<>")
        assert group["count"] == len(group["nodes"]) == len(expected[name]) and group["more"] == 0
        assert {n["iri"] for n in group["nodes"]} == expected[name]
        for edge, node in zip(group["edges"], group["nodes"], strict=True):
            assert (edge["from"], edge["to"]) == ((iri, node["iri"]) if group["direction"] == "out" else (node["iri"], iri))
            assert edge["inferred"] == snap.graph[edge["from"]][edge["to"]][edge["property"]]["inferred"]
        mentions = [n["mentions"] for n in group["nodes"]]
        assert mentions == sorted(mentions, reverse=True)


def test_api_neighbours_limit_one_reports_more(client):
    full = all_groups(client, QINGDAO)
    body = client.get("/api/neighbours", query_string={"iri": QINGDAO, "limit": 1}).get_json()
    assert body["iri"] == QINGDAO
    assert {g["group"] for g in body["groups"]} == set(full)
    assert any(g["more"] > 0 for g in body["groups"])
    for group in body["groups"]:
        assert len(group["nodes"]) == len(group["edges"]) == 1
        assert group["count"] == full[group["group"]]["count"]
        assert group["more"] == group["count"] - 1
        assert group["nodes"][0] == full[group["group"]]["nodes"][0]


@pytest.mark.parametrize("limit", [1, 2, 4])
def test_api_neighbours_offsets_page_through_a_group(client, limit):
    full = all_groups(client, QINGDAO)
    name = max(full, key=lambda g: full[g]["count"])
    count = full[name]["count"]
    assert count > 4
    seen, offset = [], 0
    while True:
        body = client.get("/api/neighbours", query_string={
            "iri": QINGDAO, "group": name, "limit": limit, "offset": offset}).get_json()
        (group,) = body["groups"]
        assert group["count"] == count
        seen += [n["iri"] for n in group["nodes"]]
        assert group["more"] == count - len(seen)
        if not group["more"]:
            break
        offset += limit
    assert seen == [n["iri"] for n in full[name]["nodes"]]


def test_api_neighbours_offset_past_the_end_is_empty(client):
    body = client.get("/api/neighbours", query_string={"iri": QINGDAO, "offset": 10_000}).get_json()
    assert body["groups"] and all(g["nodes"] == [] and g["more"] == 0 for g in body["groups"])


def test_api_neighbours_unknown_group_is_empty(client):
    body = client.get("/api/neighbours", query_string={"iri": QINGDAO, "group": "bogus>"}).get_json()
    assert body == {"iri": QINGDAO, "groups": []}


# --- network ---------------------------------------------------------------------------------

def test_api_network_describes_the_view(client, snap):
    body = client.get("/api/network", query_string={"view": "clusters"}).get_json()
    assert body["view"] == "clusters"
    assert body["shown"] == body["total"] == len(body["nodes"])
    assert {i for i, n in snap.nodes.items() if n.type == "Cluster"} <= {n["id"] for n in body["nodes"]}
    assert set(body["options"]) >= {"physics", "edges", "nodes", "interaction"}
    for edge in body["edges"]:
        assert {"from", "to", "label", "property", "inferred", "dashes"} <= set(edge)


def test_api_network_neighbourhood_in_english(client):
    body = client.get("/api/network", query_string={"focus": JIADIAN, "lang": "en"}).get_json()
    assert body["view"] == "neighbourhood"
    labels = {n["id"]: n["label"] for n in body["nodes"]}
    assert labels[JIADIAN] == "Smart home appliances"
    assert all(n["zh"] for n in body["nodes"])


def test_api_network_caps_big_views(app, snap):
    from webapp import create_app

    small = create_app({"TESTING": True, "STORE_OBJECT": app.extensions["ikg"]["store"], "MAX_NODES": 20,
                        "LAYOUT_THRESHOLD": 10})
    body = small.test_client().get("/api/network?view=filter").get_json()
    assert body["shown"] == len(body["nodes"]) == 20 < body["total"] == len(snap.nodes)
    assert all(n.get("physics") is False and "x" in n for n in body["nodes"])  # laid out here, physics off
    assert body["options"]["physics"]["enabled"] is False
    page = BeautifulSoup(small.test_client().get("/network?view=filter").get_data(as_text=True), "html.parser")
    assert page.select_one("#cap-notice").get_text() == f"显示 20 / {len(snap.nodes)} 个节点，请用筛选缩小范围。"

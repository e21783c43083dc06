"""Names where people name things: ``graph.lookup.resolve`` and the commands and URLs that use it;
and the user's data folder (``./data`` or ``$IKG_HOME``), never the package's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graph.lookup import Ambiguous, Candidate, NotFound, resolve
from webapp.cli import cli

from .conftest import CORPUS, ROOT

CLUSTER = "https://w3id.org/ikg/id/cluster/zhi-neng-jia-dian-chan-ye-ji-qun-c3ff69"
ENTITIES = [
    Candidate("x:cluster", "Cluster", "智能家电产业集群", "Smart home appliance cluster", ["智能家电集群"], 9, {"d1"}),
    Candidate("x:industry", "Industry", "智能家电", "Smart home appliances", ["家电"], 30, {"d1", "d2"}),
    Candidate("x:park", "Park", "家电产业园", "", ["家电"], 2, {"d2"}),
    Candidate("x:haier", "Company", "海尔集团", "Haier Group", ["海尔"], 5, {"d1"}),
]


@pytest.mark.parametrize(("name", "iri"), [
    ("x:park", "x:park"),                          # an IRI
    ("智能家电产业集群", "x:cluster"),                # the Chinese label
    (" Smart Home Appliances ", "x:industry"),      # the English label, case and spaces aside
    ("智能家电集群", "x:cluster"),                   # an alias
    ("“海尔”", "x:haier"),                          # quote marks fold away
    ("zhinengjiadian", "x:industry"),               # pinyin of the label
    ("Zhineng Jiadian Chanye Jiqun", "x:cluster"),
    ("haier", "x:haier"),                           # pinyin of an alias
])
def test_resolve_finds_what_a_name_means(name, iri):
    assert resolve(name, ENTITIES).iri == iri


def test_a_label_beats_an_alias_and_an_alias_beats_pinyin():
    extra = [*ENTITIES, Candidate("x:other", "Platform", "平台", "", ["智能家电"])]
    assert resolve("智能家电", extra).iri == "x:industry"


def test_an_ambiguous_name_lists_its_candidates_never_guesses():
    with pytest.raises(Ambiguous) as info:
        resolve("家电", ENTITIES)
    assert {c.iri for c in info.value.candidates} == {"x:industry", "x:park"}
    assert info.value.status == 300


def test_an_unknown_name_suggests_near_ones():
    with pytest.raises(NotFound) as info:
        resolve("家电集群", ENTITIES)
    assert [c.iri for c in info.value.suggestions] == ["x:cluster"]
    assert info.value.status == 404
    with pytest.raises(NotFound):
        resolve("  ", ENTITIES)


# -- the commands, on the built corpus


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from graph.ingest import build
    from graph.store.oxigraph import DiskStore

    root = tmp_path_factory.mktemp("store")
    build([CORPUS], DiskStore(root))
    return {"IKG_STORE": f"oxigraph:{root}"}


@pytest.mark.parametrize("name", ["智能家电产业集群", CLUSTER, "zhinengjiadianchanyejiqun"])
def test_export_takes_a_name(env, name):
    result = CliRunner().invoke(cli, ["export", "--entity", name, "--format", "nt", "-o", "-"], env=env)
    assert result.exit_code == 0, result.output
    assert f"<{CLUSTER}>" in result.stdout


def test_export_of_an_ambiguous_name_lists_types_and_documents_and_exits_2(env, snapshot):
    from graph.lookup import fold

    meant = [n for n in snapshot.nodes.values() if any(fold(a) == "船舶海工" for a in n.aliases)]
    assert len(meant) >= 2 and len({n.type for n in meant}) >= 2  # the industry and the cluster
    result = CliRunner().invoke(cli, ["export", "--entity", "船舶海工", "--format", "nt", "-o", "-"], env=env)
    assert result.exit_code == 2
    for node in meant:
        line = next(line for line in result.output.splitlines() if node.iri in line)
        assert node.type in line and node.zh in line
        assert all(snapshot.documents[d].title in line for d in node.documents)


def test_export_of_an_unknown_name_says_what_is_near(env):
    result = CliRunner().invoke(cli, ["export", "--entity", "智能家电集群X", "--format", "nt", "-o", "-"], env=env)
    assert result.exit_code == 2
    assert "no entity named '智能家电集群X'" in result.output


def test_export_takes_a_document_by_file_name_or_title(env, snapshot):
    doc = next(d for d in snapshot.documents.values() if d.iri.endswith("001_4175fc14fb9bbd76"))
    for name in ("001_4175fc14fb9bbd76", "001_4175fc14fb9bbd76.txt", doc.title, doc.iri):
        result = CliRunner().invoke(cli, ["export", "--document", name, "--format", "nt", "-o", "-"], env=env)
        assert result.exit_code == 0, (name, result.output)
        assert f"<{doc.iri}>" in result.stdout
    result = CliRunner().invoke(cli, ["export", "--document", "no such report", "--format", "nt", "-o", "-"], env=env)
    assert result.exit_code == 2 and "ikg query documents" in result.output


def test_query_takes_its_entity_by_name(env):
    args = ["query", "documents_mentioning", "--format", "csv"]
    by_name = CliRunner().invoke(cli, [*args, "--entity", "智能家电产业集群"], env=env)
    by_iri = CliRunner().invoke(cli, [*args, "--entity", CLUSTER], env=env)
    default = CliRunner().invoke(cli, args, env=env)
    assert by_name.exit_code == 0, by_name.output
    assert by_name.stdout == by_iri.stdout != default.stdout  # the default asks about 智能家电
    assert by_name.stdout.count("\n") >= 2  # a header and at least one document
    refused = CliRunner().invoke(cli, ["query", "clusters_and_parks", "--entity", "智能家电"], env=env)
    assert refused.exit_code != 0 and "asks about no entity" in refused.output
    ambiguous = CliRunner().invoke(cli, [*args, "--entity", "船舶海工"], env=env)
    assert ambiguous.exit_code == 2 and "Cluster" in ambiguous.output and "Industry" in ambiguous.output


# -- the data folder


def _ikg(args, cwd, **env):
    environ = {k: v for k, v in os.environ.items() if k not in ("IKG_STORE", "IKG_CORPUS", "IKG_HOME")}
    return subprocess.run([sys.executable, "-m", "webapp.cli_main", *args], cwd=cwd, capture_output=True,
                          text=True, env={**environ, "PYTHONPATH": str(ROOT), **env}, timeout=300)


def test_the_data_folder_is_the_working_directorys_or_ikg_home(tmp_path):
    report = next(CORPUS.glob("003_*.txt"))
    here = tmp_path / "work"
    here.mkdir()
    done = _ikg(["add", str(report)], here)
    assert done.returncode == 0, done.stderr
    assert (here / "data/corpus" / report.name).is_file() and (here / "data/store").is_dir()
    home = tmp_path / "home"
    done = _ikg(["add", str(report)], here, IKG_HOME=str(home))
    assert done.returncode == 0, done.stderr
    assert (home / "corpus" / report.name).is_file() and (home / "store").is_dir()
    listed = _ikg(["query", "documents", "--format", "csv"], here)
    assert listed.returncode == 0 and report.stem in listed.stdout


def test_the_defaults_follow_the_working_directory(tmp_path, monkeypatch):
    import graph.store
    from graph.cli_store import default_corpus

    monkeypatch.delenv("IKG_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert graph.store.default_store() == f"oxigraph:{tmp_path / 'data/store'}"
    assert default_corpus() == str(tmp_path / "data/corpus")
    monkeypatch.setenv("IKG_HOME", str(tmp_path / "home"))
    assert graph.store.default_store() == f"oxigraph:{tmp_path / 'home/store'}"
    assert default_corpus() == str(tmp_path / "home/corpus")


# -- addresses that take an entity


@pytest.mark.parametrize("url", [
    "/network?view=neighbourhood&focus=智能家电产业集群",
    "/network?view=neighbourhood&focus=zhinengjiadianchanyejiqun",
    f"/network?view=neighbourhood&focus={CLUSTER}",
    "/api/entity?iri=智能家电产业集群",
    "/api/neighbours?iri=智能家电产业集群",
])
def test_addresses_take_a_name(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert CLUSTER in response.get_data(as_text=True)


def test_an_export_address_takes_a_name(client):
    response = client.get("/export.nt?entity=智能家电产业集群")
    assert response.status_code == 200
    assert f"<{CLUSTER}>".encode() in response.data


def test_an_ambiguous_address_is_a_300_page_of_links(client, snapshot):
    response = client.get("/network?view=neighbourhood&focus=船舶海工&depth=2")
    assert response.status_code == 300
    page = response.get_data(as_text=True)
    assert "“船舶海工”指向" in page
    meant = [n for n in snapshot.nodes.values() if n.iri in page]
    assert len(meant) >= 2
    for node in meant:  # each a link to the same view of that entity, the other parameters kept
        from urllib.parse import quote

        assert f"focus={quote(node.iri, safe='')}" in page and "depth=2" in page
        assert client.get(f"/network?view=neighbourhood&depth=2&focus={node.iri}").status_code == 200


def test_an_ambiguous_api_address_lists_candidates_as_json(client):
    response = client.get("/api/neighbours?iri=船舶海工")
    assert response.status_code == 300
    body = response.get_json()
    assert {c["type"] for c in body["candidates"]} >= {"Cluster", "Industry"}
    assert all(c["documents"] and c["documents"][0]["title"] for c in body["candidates"])


@pytest.mark.parametrize(("lang", "words"), [("zh", "图谱中没有名为“家电集群X”的实体"),
                                             ("en", "No entity named “家电集群X” in the graph")])
def test_an_unknown_name_in_an_address_is_a_404_that_says_so(client, lang, words):
    response = client.get(f"/network?view=neighbourhood&focus=家电集群X&lang={lang}")
    assert response.status_code == 404
    assert words in response.get_data(as_text=True)
    assert client.get("/network?view=neighbourhood&focus=" + "家" * 600).status_code == 400

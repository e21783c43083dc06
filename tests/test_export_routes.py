"""Downloads from the web app and ``ikg export``: the same registry, safe file names."""

from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from webapp.cli import cli
from webapp.exports import EXPORTERS

from .conftest import CORPUS

JIADIAN = "https://w3id.org/ikg/id/industry/zhineng-jiadian"
DOC = "https://w3id.org/ikg/doc/000_426d9ae1a54ee585"


@pytest.mark.parametrize("extension", sorted(EXPORTERS))
def test_export_route_serves_every_format_with_a_readable_name(client, extension):
    response = client.get(f"/export.{extension}", query_string={"entity": JIADIAN, "depth": 2})
    assert response.status_code == 200 and response.data
    assert response.content_type == EXPORTERS[extension].media_type
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="ikg-export.')
    assert unquote(disposition.split("UTF-8''", 1)[1]) == f"智能家电-2.{extension}"


@pytest.mark.parametrize("query, status", [
    ({}, 400),
    ({"entity": "https://w3id.org/ikg/id/x/nope"}, 404),
    ({"document": "../../etc/passwd"}, 404),
    ({"entity": JIADIAN, "depth": 9}, 400),
    ({"view": "bogus"}, 400),
])
def test_export_route_bad_requests(client, query, status):
    assert client.get("/export.ttl", query_string=query).status_code == status


def test_export_route_unknown_format_is_404(client):
    response = client.get("/export.exe", query_string={"entity": JIADIAN})
    assert response.status_code == 400 and "no export format" in response.get_data(as_text=True)


def test_export_of_a_network_view_and_a_document(client):
    view = client.get("/export.graphml", query_string={"view": "clusters"})
    assert view.status_code == 200 and b"<graphml" in view.data
    doc = client.get("/export.nodes.csv", query_string={"document": DOC})
    assert doc.status_code == 200 and doc.data.startswith(b"\xef\xbb\xbf")
    assert "九大行动" in doc.data.decode("utf-8-sig")


def test_export_file_names_never_carry_a_path():
    from webapp.views.export import filename

    assert filename("../../etc/passwd", "ttl") == "etc-passwd.ttl"
    assert filename("北京报告", "ttl") == "北京报告.ttl"
    assert filename("\x00\x0b", "ttl") == "ikg.ttl"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from graph.ingest import build
    from graph.store.oxigraph import DiskStore

    root = tmp_path_factory.mktemp("store")
    build([CORPUS], DiskStore(root))
    return {"IKG_STORE": f"oxigraph:{root}"}


def test_cli_export_writes_the_file(env, tmp_path):
    out = tmp_path / "智能家电.graphml"
    result = CliRunner().invoke(cli, ["export", "--entity", JIADIAN, "--depth", "2", "--format", "graphml",
                                      "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    import networkx as nx

    graph = nx.read_graphml(out)
    assert JIADIAN in graph and graph.nodes[JIADIAN]["label"] == "智能家电"


@pytest.mark.parametrize("args, message", [
    (["--entity", "https://w3id.org/ikg/id/x/nope", "--format", "ttl", "-o", "-"], "no entity"),
    (["--entity", JIADIAN, "--format", "exe", "-o", "-"], "unknown format"),
    (["--format", "ttl", "-o", "-"], "exactly one of --entity, --document or --query"),
])
def test_cli_export_refuses_with_one_line(env, args, message):
    result = CliRunner().invoke(cli, ["export", *args], env=env)
    assert result.exit_code != 0 and message in result.output

"""``ikg query``: the endpoint's engine on the command line, same checks and limits."""

import json

import pytest
from click.testing import CliRunner

from webapp.cli import cli

from .conftest import CORPUS


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    from graph.ingest import build
    from graph.store.oxigraph import DiskStore

    root = tmp_path_factory.mktemp("store")
    build([CORPUS], DiskStore(root))
    return {"IKG_STORE": f"oxigraph:{root}"}


@pytest.mark.parametrize("fmt, start", [("json", '{"head"'), ("csv", "cluster,clusterLabel"), ("tsv", "?cluster\t")])
def test_cli_query_runs_a_named_query_in_each_format(env, fmt, start):
    result = CliRunner().invoke(cli, ["query", "clusters_and_parks", "--format", fmt], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start) and "产业集群" in result.stdout


def test_cli_query_reads_a_file_and_text(env, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("PREFIX ikg: <https://w3id.org/ikg/ontology#> ASK { ?c a ikg:Cluster }", encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", str(path)], env=env)
    assert result.exit_code == 0 and json.loads(result.stdout) == {"head": {}, "boolean": True}
    result = CliRunner().invoke(cli, ["query", "CONSTRUCT WHERE { ?s a <https://w3id.org/ikg/ontology#Park> }",
                                      "--format", "nt"], env=env)
    assert result.exit_code == 0 and "<https://w3id.org/ikg/ontology#Park>" in result.stdout


@pytest.mark.parametrize("query, message", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("INSERT DATA { <a> <b> <c> }", "read-only"),
    ("SELECT * WHERE { ?s ?p", "SPARQL syntax error"),
    ("missing.rq", "no query file missing.rq"),
])
def test_cli_query_refuses_with_one_line(env, query, message):
    result = CliRunner().invoke(cli, ["query", query], env=env)
    assert result.exit_code == 1 and message in result.output and result.output.startswith("Error:")


def test_cli_query_stops_a_slow_query_at_its_timeout(env):
    result = CliRunner().invoke(cli, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                                      "--timeout", "1"], env=env)
    assert result.exit_code == 1 and "longer than 1 s" in result.output


def test_cli_query_caps_rows_and_says_so(env):
    result = CliRunner().invoke(cli, ["query", "SELECT * WHERE { ?s ?p ?o }", "--format", "csv", "--max-rows", "5"],
                                env=env)
    assert result.exit_code == 0 and len(result.stdout.strip().splitlines()) == 6
    assert "only the first 5 rows" in result.stderr

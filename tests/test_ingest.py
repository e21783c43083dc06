"""``ikg build`` / ``ikg add``: incremental, validated, atomic, and safe to kill."""

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.namespace import SKOS

from graph import build as build_module
from graph.ingest import ValidationFailed, build
from graph.store.oxigraph import DiskStore, MemoryStore
from webapp.cli import cli

from .conftest import ROOT

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/ikg/doc/')) }"


def dump(store) -> bytes:
    out = io.BytesIO()
    store.dump(out, "nquads")
    return b"".join(line + b"\n" for line in out.getvalue().splitlines() if b"/graph/build>" not in line)


def test_build_counts_entities_and_documents(built_store):
    docs = built_store.query("SELECT ?d WHERE { GRAPH ?d { ?d a <https://w3id.org/ikg/ontology#Document> } }")
    assert len(docs.rows) == 5
    summary = build([ROOT / "data/corpus"], built_store.begin())  # a copy: the fixture stays as it is
    assert summary.unchanged and not summary.added and summary.entities["Cluster"] >= 10


def test_rebuild_is_incremental_and_stable(corpus_copy):
    store = MemoryStore()
    first = build([corpus_copy], store)
    assert len(first.added) == 5
    before = dump(store)
    again = build([corpus_copy], store)
    assert len(again.unchanged) == 5 and not again.added and not again.changed
    assert dump(store) == before, "rebuilding gives the same IRIs and the same facts"


def test_changing_one_document_touches_only_its_graph(corpus_copy):
    store = MemoryStore()
    build([corpus_copy], store)
    before = {g: dump_graph(store, g) for g in store.graph_names() if "/doc/" in g}
    target = sorted(corpus_copy.glob("*.txt"))[2]
    target.write_text(target.read_text(encoding="utf-8") + "\n青岛市新建智能家电产业园。", encoding="utf-8")
    summary = build([corpus_copy], store)
    assert summary.changed == [target.name] and len(summary.unchanged) == 4
    after = {g: dump_graph(store, g) for g in store.graph_names() if "/doc/" in g}
    changed = [g for g in before if before[g] != after[g]]
    assert len(changed) == 1 and changed[0].endswith(target.stem)


def dump_graph(store, name):
    return sorted(map(tuple, store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows))


def test_removing_a_document_removes_its_facts_only(corpus_copy):
    store = MemoryStore()
    build([corpus_copy], store)
    removed = sorted(corpus_copy.glob("*.txt"))[0]
    removed.unlink()
    summary = build([corpus_copy], store)
    assert summary.removed == ["https://w3id.org/ikg/doc/" + removed.stem]
    assert not store.query(f"ASK {{ GRAPH <https://w3id.org/ikg/doc/{removed.stem}> {{ ?s ?p ?o }} }}").boolean
    assert store.query("ASK { ?s ?p ?o }").boolean


def test_an_unreadable_document_is_skipped_and_the_rest_built(corpus_copy):
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    store = MemoryStore()
    summary = build([corpus_copy], store)
    assert len(summary.added) == 5
    assert summary.failed == [f"{corpus_copy / 'broken.txt'}: looks binary (NUL bytes and no byte-order mark); "
                              "only text, HTML, DOCX and PDF files can be read"]


def test_a_shape_violation_refuses_the_build_and_keeps_the_old_graph(corpus_copy, monkeypatch):
    store = MemoryStore()
    build([corpus_copy], store)
    before = dump(store)
    real = build_module.build_graph

    def without_labels(*args, **kwargs):
        g = real(*args, **kwargs)
        g.remove((None, SKOS.prefLabel, None))  # a malformed record: entities with no label
        return g

    monkeypatch.setattr("graph.ingest.build_graph", without_labels)
    new = sorted(corpus_copy.glob("*.txt"))[1]
    new.write_text(new.read_text(encoding="utf-8") + "\n新增一句。", encoding="utf-8")
    summary = build([corpus_copy], store)  # the one broken document is left out (issue 15), its old graph kept
    assert summary.changed == [] and len(summary.failed) == 1
    assert summary.failed[0].startswith(f"{new.name}: left out of this build") and "exactly one Chinese label" in \
        summary.failed[0]
    assert dump(store) == before


def test_documents_at_odds_with_each_other_refuse_the_build(corpus_copy, monkeypatch):
    """Each graph passes alone, together they break the shapes (one entity, two Chinese labels):
    no document is to blame, so nothing is written."""
    from rdflib import Literal, URIRef

    store = MemoryStore()
    build([corpus_copy], store)
    before = dump(store)
    real = build_module.build_graph
    shared = URIRef("https://w3id.org/ikg/id/cluster/zhi-neng-jia-dian-chan-ye-ji-qun-c3ff69")

    def at_odds(extraction, source, *args, **kwargs):
        g = real(extraction, source, *args, **kwargs)
        if source.file_name.startswith("000") and (shared, None, None) in g:  # one document names it otherwise
            g.remove((shared, SKOS.prefLabel, Literal("智能家电产业集群", lang="zh")))
            g.add((shared, SKOS.prefLabel, Literal("智能家电集群", lang="zh")))
        return g

    monkeypatch.setattr("graph.ingest.build_graph", at_odds)
    with pytest.raises(ValidationFailed) as failure:
        build([corpus_copy], store, force=True)
    assert "previous graph is still served" in failure.value.message
    assert dump(store) == before


def test_cli_build_validate_dump_restore(tmp_path, corpus_copy):
    runner = CliRunner()
    env = {"IKG_STORE": f"oxigraph:{tmp_path / 'store'}", "IKG_CORPUS": str(corpus_copy)}
    result = runner.invoke(cli, ["build"], env=env)
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output and "Cluster" in result.output
    result = runner.invoke(cli, ["validate"], env=env)
    assert result.exit_code == 0 and "5 document graph(s) checked. The graph conforms" in result.output
    result = runner.invoke(cli, ["dump", "-o", str(tmp_path / "all.trig")], env=env)
    assert result.exit_code == 0, result.output
    other = {"IKG_STORE": f"oxigraph:{tmp_path / 'other'}"}
    result = runner.invoke(cli, ["restore", str(tmp_path / "all.trig")], env=other)
    assert result.exit_code == 0, result.output
    assert dump(DiskStore(tmp_path / "other")) == dump(DiskStore(tmp_path / "store"))


def test_cli_add_copies_into_the_corpus_and_refuses_to_overwrite(tmp_path, corpus_copy, write):
    runner = CliRunner()
    env = {"IKG_STORE": f"oxigraph:{tmp_path / 'store'}", "IKG_CORPUS": str(corpus_copy)}
    runner.invoke(cli, ["build"], env=env)
    new = write("extra.txt", "青岛市加快建设虚拟现实产业园，培育虚拟现实产业集群。")
    result = runner.invoke(cli, ["add", str(new)], env=env)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output and (corpus_copy / "extra.txt").exists()
    other = write("sub/extra.txt", "不同的内容。")
    result = runner.invoke(cli, ["add", str(other)], env=env)
    assert result.exit_code == 1 and "exists with other content; use --replace" in result.output
    bad = write("bad.txt", b"")
    result = runner.invoke(cli, ["add", str(bad)], env=env)
    assert result.exit_code == 1 and "bad.txt: the file is empty" in result.output
    assert not (corpus_copy / "bad.txt").exists()


def test_cli_build_on_an_unknown_store_exits_with_one_line():
    result = CliRunner().invoke(cli, ["build", "--store", "ftp://nowhere"])
    assert result.exit_code == 1 and result.output.startswith("Error: unknown store")


@pytest.mark.parametrize("kill_after", ["[3/", "[17/"])
def test_sigkill_during_build_leaves_the_previous_graph_whole(tmp_path, corpus_copy, kill_after):
    root = tmp_path / "store"
    build([corpus_copy], DiskStore(root))
    before = dump(DiskStore(root))
    texts = sorted(corpus_copy.glob("*.txt"))
    for i in range(12):  # enough new documents for the build to take a few seconds
        shutil.copy(texts[i % 5], corpus_copy / f"copy_{i:02d}.txt")
    env = {**os.environ, "IKG_STORE": f"oxigraph:{root}", "IKG_CORPUS": str(corpus_copy), "IKG_PROGRESS": "1"}
    seen = ""
    with subprocess.Popen([sys.executable, "-m", "webapp.cli_main", "build"], env=env, cwd=ROOT,
                          stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True) as proc:
        deadline = time.monotonic() + 120
        while kill_after not in seen and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            seen += line
        proc.send_signal(signal.SIGKILL)
    assert kill_after in seen, seen
    assert dump(DiskStore(root, read_only=True)) == before
    summary = build([corpus_copy], DiskStore(root))  # and the next build recovers by itself
    assert len(summary.added) == 12 and len(os.listdir(root / "generations")) == 2


def test_homophone_names_stay_two_entities_and_the_build_passes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("兴源集团在青岛市建设智能家电产业园。", encoding="utf-8")
    (corpus / "b.txt").write_text("星源集团在青岛市建设虚拟现实产业园。", encoding="utf-8")
    store = MemoryStore()
    summary = build([corpus], store)
    assert summary.added == ["a.txt", "b.txt"]
    rows = store.query("SELECT DISTINCT ?e ?l WHERE { ?e a <https://w3id.org/ikg/ontology#Company> ; "
                       "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l } ").rows
    companies = {str(label): str(iri) for iri, label in rows if "源" in str(label)}
    assert set(companies) == {"兴源集团", "星源集团"}
    assert len(set(companies.values())) == 2


def test_a_build_in_batches_gives_the_same_graph_and_leaves_a_late_broken_document_out(
        corpus_copy, tmp_path, monkeypatch):
    whole = DiskStore(tmp_path / "whole")
    build([corpus_copy], whole)
    monkeypatch.setattr("graph.ingest.BATCH", 2)  # 5 documents: batches of 2, 2 and 1
    batched = DiskStore(tmp_path / "batched")
    build([corpus_copy], batched)
    assert dump(batched) == dump(whole)

    real = build_module.build_graph
    last = sorted(corpus_copy.glob("*.txt"))[-1].name

    def breaks_the_last(extraction, source, *args, **kwargs):
        g = real(extraction, source, *args, **kwargs)
        if source.file_name == last:  # only the last batch is malformed: the first two are written already
            g.remove((None, SKOS.prefLabel, None))
        return g

    monkeypatch.setattr("graph.ingest.build_graph", breaks_the_last)
    summary = build([corpus_copy], batched, force=True)  # the last batch's broken document is left out
    assert [f.split(":")[0] for f in summary.failed] == [last] and len(summary.added + summary.changed) == 4
    served = dump(batched)
    assert f"https://w3id.org/ikg/doc/{Path(last).stem}".encode() not in served
    assert all(f"https://w3id.org/ikg/doc/{p.stem}".encode() in served for p in corpus_copy.glob("*.txt") if p.name != last)

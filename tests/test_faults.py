"""Faults: a full disk, a read-only folder, a damaged store, SIGKILL during ``add`` and ``export``.

Each ends with a one-line message and the last good graph intact, or with the documented
recovery command (``ikg build --force``, ``ikg restore``) working. The disk-full and read-only
cases mount a small tmpfs, so they need root, as CI has; they fail (never skip) without it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from graph.store.oxigraph import DiskStore
from webapp.cli import cli

from .conftest import CORPUS, ROOT
from .test_ingest import dump as ingest_dump

pytestmark = pytest.mark.slow


def dump(root) -> bytes:
    """The store at ``root`` as sorted N-Quads, less the build record (as test_ingest compares)."""
    return ingest_dump(DiskStore(root, read_only=True))


def ikg(*args: str):
    return CliRunner().invoke(cli, list(args))


@contextmanager
def tmpfs(path, size: str):
    """A tmpfs of ``size`` at ``path``; yields a function that remounts it with other options."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    assert mounted.returncode == 0, (
        f"cannot mount a tmpfs ({mounted.stderr.strip()}): the disk-full and read-only tests need root, "
        "as CI has; run them as root")

    def remount(options: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True)

    try:
        yield remount
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def build_copy(tmp_path, root):
    """A copy of the corpus in ``tmp_path``, built into a store at ``root``: ``(corpus, root)``."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    result = ikg("build", "--corpus", str(corpus), "--store", f"oxigraph:{root}")
    assert result.exit_code == 0, result.output
    return corpus, root


@pytest.fixture
def built(tmp_path):
    return build_copy(tmp_path, tmp_path / "store")


# -- disk full


def test_a_full_disk_refuses_the_build_keeps_the_graph_and_the_next_build_recovers(tmp_path):
    disk = tmp_path / "disk"
    with tmpfs(disk, "16m") as remount:
        corpus, root = build_copy(tmp_path, disk / "store")
        before = dump(root)
        texts = sorted(corpus.glob("*.txt"))
        for i in range(10):
            shutil.copy(texts[i % 5], corpus / f"copy_{i}.txt")
        result = ikg("build", "--corpus", str(corpus), "--store", f"oxigraph:{root}")
        assert result.exit_code == 1
        assert "No space left on device" in result.output
        assert "the previous graph is still served" in result.output and "Traceback" not in result.output
        assert dump(root) == before
        assert len(os.listdir(root / "generations")) == 1  # the half-written generation is gone
        remount("size=96m")
        result = ikg("build", "--corpus", str(corpus), "--store", f"oxigraph:{root}")
        assert result.exit_code == 0, result.output
        assert "10 added" in result.output


def test_a_full_disk_leaves_no_half_written_dump_or_added_document(built, tmp_path):
    corpus, root = built
    disk = tmp_path / "disk"
    with tmpfs(disk, "256k"):
        result = ikg("dump", "--store", f"oxigraph:{root}", "-o", str(disk / "graph.trig"))
        assert result.exit_code == 1 and "No space left on device" in result.output
        big = tmp_path / "big.txt"
        big.write_text("青岛市培育智能家电产业集群。\n" * 15_000, encoding="utf-8")  # ~0.7 MB, under the length cap
        result = ikg("add", str(big), "--corpus", str(disk / "corpus"), "--store", f"oxigraph:{root}")
        assert result.exit_code == 1
        assert "could not copy big.txt" in result.output and "nothing was added" in result.output
        assert sorted(p.name for p in disk.rglob("*") if p.is_file()) == []


# -- read-only folder


def test_a_read_only_store_folder_is_still_served_and_a_build_says_why_it_cannot(tmp_path):
    disk = tmp_path / "disk"
    with tmpfs(disk, "32m") as remount:
        corpus, root = build_copy(tmp_path, disk / "store")
        before = dump(root)
        remount("ro")
        result = ikg("build", "--corpus", str(corpus), "--store", f"oxigraph:{root}", "--force")
        assert result.exit_code == 1
        assert result.output == f"Error: cannot write to {root}: Read-only file system\n"
        result = ikg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", f"oxigraph:{root}",
                     "--format", "csv")
        assert result.exit_code == 0 and int(result.output.split()[1]) > 5000
        result = ikg("dump", "--store", f"oxigraph:{root}", "-o", str(disk / "x.trig"))
        assert result.exit_code == 1 and "Read-only file system" in result.output
        from webapp import create_app

        client = create_app({"TESTING": True, "STORE": f"oxigraph:{root}"}).test_client()
        assert client.get("/").status_code == 200
        assert client.get("/browse/Cluster").status_code == 200
        assert dump(root) == before


# -- a damaged store


def damage(root) -> None:
    """Flip bytes all through the served generation's largest table file."""
    generation = root / os.readlink(root / "current")
    table = max(generation.glob("*.sst"), key=lambda p: p.stat().st_size)
    data = bytearray(table.read_bytes())
    for i in range(1000, len(data), 997):
        data[i] ^= 0xFF
    table.write_bytes(bytes(data))


def test_a_damaged_store_gives_a_clear_message_everywhere_and_build_force_repairs_it(built, tmp_path):
    corpus, root = built
    good = dump(root)
    damage(root)
    url = f"oxigraph:{root}"
    for args in (["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], ["build", "--corpus", str(corpus)],
                 ["dump", "-o", str(tmp_path / "x.trig")]):
        result = ikg(*args, "--store", url)
        assert result.exit_code == 1, args
        assert "ikg build --force" in result.output and "Traceback" not in result.output, args
    from webapp import create_app

    client = create_app({"TESTING": True, "STORE": url}).test_client()
    page = client.get("/")
    assert page.status_code == 503
    assert "ikg build --force" in page.get_data(as_text=True)
    result = ikg("build", "--force", "--corpus", str(corpus), "--store", url)
    assert result.exit_code == 0, result.output
    assert dump(root) == good
    assert client.get("/").status_code == 200  # the running app follows the repaired store


def test_ikg_restore_repairs_a_damaged_store_from_a_dump(built, tmp_path):
    _, root = built
    good = dump(root)
    saved = tmp_path / "saved.trig"
    assert ikg("dump", "--store", f"oxigraph:{root}", "-o", str(saved)).exit_code == 0
    damage(root)
    result = ikg("restore", str(saved), "--store", f"oxigraph:{root}")
    assert result.exit_code == 0, result.output
    assert dump(root) == good


# -- SIGKILL


def run_and_kill(args: list[str], env: dict, *, after_line: str | None = None, after_seconds: float | None = None):
    """Start ``ikg ARGS`` and SIGKILL it once stderr shows ``after_line`` or ``after_seconds`` passed."""
    env = {**os.environ, "IKG_PROGRESS": "1", **env}
    with subprocess.Popen([sys.executable, "-m", "webapp.cli_main", *args], env=env, cwd=ROOT,
                          stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True) as proc:
        if after_line is not None:
            seen, deadline = "", time.monotonic() + 120
            while after_line not in seen and time.monotonic() < deadline:
                line = proc.stderr.readline()
                if not line:
                    break
                seen += line
            assert after_line in seen, seen
        else:
            time.sleep(after_seconds)
        proc.send_signal(signal.SIGKILL)
        return proc.wait()


def test_sigkill_during_add_keeps_the_graph_and_a_build_picks_the_documents_up(built, tmp_path):
    corpus, root = built
    before = dump(root)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    texts = sorted(CORPUS.glob("*.txt"))
    for i in range(12):
        shutil.copy(texts[i % 5], incoming / f"new_{i:02d}.txt")
    env = {"IKG_STORE": f"oxigraph:{root}", "IKG_CORPUS": str(corpus)}
    run_and_kill(["add", *map(str, sorted(incoming.iterdir()))], env, after_line="[4/")
    assert dump(root) == before
    for copied in corpus.glob("new_*.txt"):  # each copied document is whole
        assert copied.read_bytes() == (incoming / copied.name).read_bytes()
    result = ikg("build", "--corpus", str(corpus), "--store", f"oxigraph:{root}")
    assert result.exit_code == 0, result.output
    assert "12 added" in result.output


def test_sigkill_during_export_never_leaves_half_a_file(built, tmp_path):
    from webapp.snapshot import load

    _, root = built
    snap = load(DiskStore(root, read_only=True))
    entity = max(snap.nodes.values(), key=lambda n: snap.graph.degree(n.iri)).iri
    target = tmp_path / "bundle.zip"
    args = ["export", "--entity", entity, "--depth", "2", "--format", "zip", "-o", str(target)]
    reference = ikg(*args, "--store", f"oxigraph:{root}")
    assert reference.exit_code == 0, reference.output
    whole = target.read_bytes()
    target.unlink()
    outcomes = set()
    for delay in (0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 6.0):
        code = run_and_kill(args, {"IKG_STORE": f"oxigraph:{root}"}, after_seconds=delay)
        if target.exists():
            outcomes.add("whole" if code == 0 else "whole before the kill")
            with zipfile.ZipFile(target) as bundle:
                assert bundle.testzip() is None
            assert len(target.read_bytes()) == len(whole)  # the build id and date are in it, the rest the same
            target.unlink()
        else:
            outcomes.add("absent")
    assert "absent" in outcomes  # at least one kill landed while the export was running

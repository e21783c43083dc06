"""Big and crafted documents in bounded memory (issue 15): every file is refused or added in under
1 GiB, each measured from a child process of its own (``ikg add`` as a user runs it)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graph.corpus import MAX_BYTES, MAX_CHARS
from graph.readers import MAX_MEMBERS, MAX_UNPACKED

from .conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow

GIB = 1024**3
#: Runs a command and prints its exit code, output and peak memory (max RSS of that child alone).
_MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"exit": done.returncode, "out": done.stdout + done.stderr,
                  "peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}))
"""


def add(tmp_path: Path, file: Path) -> dict:
    """``ikg add FILE`` into a fresh corpus and store, with its peak memory."""
    args = [sys.executable, "-m", "webapp.cli_main", "add", str(file), "--corpus", str(tmp_path / "corpus"),
            "--store", f"oxigraph:{tmp_path / 'store'}"]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)
    return json.loads(done.stdout)


def _text() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))


def test_a_20_mb_text_is_refused_by_its_length_in_bounded_memory(tmp_path):
    big = tmp_path / "big.txt"
    text = _text()
    big.write_text(text * (20_000_000 // len(text.encode()) + 1), encoding="utf-8")
    assert 20_000_000 <= big.stat().st_size <= MAX_BYTES  # under the file cap: read, then refused by length
    done = add(tmp_path, big)
    assert done["exit"] == 1 and "characters of text" in done["out"] and "IKG_MAX_DOCUMENT_CHARS" in done["out"]
    assert done["peak"] < GIB, done["peak"] / 2**20
    assert not (tmp_path / "corpus" / "big.txt").exists()  # nothing copied


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:  # sparse: no disk, no memory, just a size
        out.truncate(MAX_BYTES + 1)
    done = add(tmp_path, huge)
    assert done["exit"] == 1 and "IKG_MAX_DOCUMENT_MB" in done["out"]
    assert done["peak"] < 400 * 2**20


def test_a_single_line_document_under_the_cap_is_added_in_bounded_memory(tmp_path):
    line = _text().replace("\n", "")
    one = tmp_path / "one-line.txt"
    one.write_text((line * (MAX_CHARS // len(line) + 1))[: MAX_CHARS - 10], encoding="utf-8")
    done = add(tmp_path, one)
    assert done["exit"] == 0, done["out"][-2000:]
    assert "1 added" in done["out"]
    assert done["peak"] < GIB, done["peak"] / 2**20


def _docx_with(members, tmp_path: Path, name: str) -> Path:
    seed = tmp_path / "seed.docx"
    import docx

    document = docx.Document()
    document.add_paragraph("青岛市推动智能家电产业集群发展。")
    document.save(seed)
    path = tmp_path / name
    with zipfile.ZipFile(seed) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        members(out)
    return path


def test_an_archive_bomb_is_refused_by_its_declared_size_before_unpacking(tmp_path):
    def bomb(out: zipfile.ZipFile) -> None:
        with out.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(2**24)
            for _ in range(GIB // len(chunk)):  # 1 GiB of zeros, about 1 MiB packed
                member.write(chunk)

    path = _docx_with(bomb, tmp_path, "bomb.docx")
    assert path.stat().st_size < 5 * 2**20
    done = add(tmp_path, path)
    assert done["exit"] == 1 and "refused before unpacking" in done["out"] and "1,02" in done["out"]
    assert done["peak"] < 400 * 2**20, done["peak"] / 2**20
    assert MAX_UNPACKED < GIB


def test_an_archive_of_many_members_is_refused_before_unpacking(tmp_path):
    def swarm(out: zipfile.ZipFile) -> None:
        for i in range(20_000):
            out.writestr(f"word/parts/p{i}.xml", "<a/>")

    done = add(tmp_path, _docx_with(swarm, tmp_path, "swarm.docx"))
    assert done["exit"] == 1 and "20,0" in done["out"] and f"{MAX_MEMBERS:,}" in done["out"]
    assert done["peak"] < 400 * 2**20

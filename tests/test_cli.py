"""The ``ikg extract`` and ``ikg eval`` commands, through click's CliRunner and a real process."""

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from webapp.cli import cli

from .conftest import CORPUS


@pytest.fixture
def runner():
    return CliRunner()


def test_cli_extract_json_prints_one_line_per_document(runner):
    result = runner.invoke(cli, ["extract", str(CORPUS), "--json"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 5
    docs = [json.loads(line)["doc"] for line in lines]
    assert docs == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_cli_extract_reports_bad_files_and_goes_on(runner, write):
    good = write("good.txt", "青岛市推动智能家电产业集群向世界级迈进。")
    empty = write("empty.txt", b"")
    binary = write("blob.txt", b"\x00\x01\x02\x03")
    result = runner.invoke(cli, ["extract", str(empty), str(good), str(binary), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout.strip())["doc"] == "good.txt"
    assert "empty.txt: the file is empty" in result.stderr
    assert "blob.txt: looks binary" in result.stderr


def test_cli_extract_summary(runner):
    result = runner.invoke(cli, ["extract", str(CORPUS / "004_6dede4d4dfdda513.txt")])
    assert result.exit_code == 0, result.output
    counts = dict(re.findall(r"(\w+) (\d+)", result.output.split(":", 1)[1].split(";")[0]))
    assert int(counts["Cluster"]) >= 8 and int(counts["Action"]) >= 5  # 八大产业集群 and its members, 五大提升工程 and its
    assert "indicator values" in result.output and "relations" in result.output


@pytest.mark.parametrize("args", [["extract"], ["extract", "/no/such/file.txt"]])
def test_cli_extract_usage_errors(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2


def test_cli_eval_prints_scores_per_type(runner):
    result = runner.invoke(cli, ["eval"])
    assert result.exit_code == 0, result.output
    for name in ("Cluster", "Park", "Platform", "Company", "Action", "Policy", "Industry", "indicators", "relations",
                 "targets", "memberOf"):
        assert name in result.output
    assert "held-out documents" in result.output


def test_cli_eval_without_gold_says_what_to_do(runner, tmp_path):
    result = runner.invoke(cli, ["eval", "--gold", str(tmp_path)])
    assert result.exit_code == 1
    assert "no gold files" in result.output and "CONVENTIONS.md" in result.output


@pytest.mark.slow
def test_cli_extract_20_mb_file_in_bounded_memory(tmp_path):
    text = (CORPUS / "000_426d9ae1a54ee585.txt").read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text((text + "\n\n") * (20_000_000 // len(text.encode()) + 1), encoding="utf-8")
    assert big.stat().st_size >= 20_000_000
    from tests.test_big_documents import _MEASURE

    measured = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "webapp.cli_main", "extract",
                               str(big)], capture_output=True, text=True, timeout=300)
    done = json.loads(measured.stdout)  # the peak of that one child, not of every child so far
    assert done["exit"] == 0, done["out"][-2000:]
    assert "big.txt (utf-8)" in done["out"]
    assert done["peak"] < 2**30, f"peak {done['peak'] / 2**20:.0f} MiB for a 20 MB file"

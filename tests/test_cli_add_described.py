"""``ikg add FILE --title --date --publisher --region`` (issue 14): the manifest entry is written
whole, a bad date is refused before anything is copied, and the document page says where its
title and date came from (manifest, given at ``ikg add``, or read from the text)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from webapp.cli import cli

REPORT = "青岛虚拟现实产业发展报告\n2023年5月6日，青岛市加快建设虚拟现实产业园，培育虚拟现实产业集群。"


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.json").write_text(json.dumps({"old.txt": {"title": "旧的", "date": "2020-01-02"}},
                                                     ensure_ascii=False), encoding="utf-8")
    return corpus


def run(tmp_path, folder, *args):
    env = {"IKG_STORE": f"oxigraph:{tmp_path / 'store'}", "IKG_CORPUS": str(folder)}
    return CliRunner().invoke(cli, ["add", *args], env=env)


def page_of(tmp_path, slug: str):
    from bs4 import BeautifulSoup

    from graph.store import open_store
    from webapp import create_app

    store = open_store(f"oxigraph:{tmp_path / 'store'}", read_only=True)
    app = create_app({"TESTING": True, "STORE_OBJECT": store, "SECRET_KEY": "t"})
    response = app.test_client().get(f"/doc/{slug}")
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_add_writes_the_manifest_entry_and_the_page_says_so(tmp_path, folder, write):
    report = write("vr.txt", REPORT)
    result = run(tmp_path, folder, str(report), "--title", "虚拟现实报告", "--date", "2024-08-01",
                 "--publisher", "青岛市工信局", "--region", "青岛市")
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vr.txt"] == {"title": "虚拟现实报告", "date": "2024-08-01", "publisher": "青岛市工信局",
                                  "region": "青岛市", "described_by": "ikg add"}
    assert manifest["old.txt"] == {"title": "旧的", "date": "2020-01-02"}  # the others kept
    soup = page_of(tmp_path, "vr")
    assert soup.h1.get_text() == "虚拟现实报告" and "2024-08-01" in soup.select_one(".meta").get_text()
    assert "青岛市工信局" in soup.select_one(".meta").get_text()
    assert soup.select_one(".described")["data-described"] == "add"
    assert soup.select_one(".described").get_text() == "标题与日期在 ikg add 时给出。"


def test_add_without_a_description_reads_title_and_date_from_the_text(tmp_path, folder, write):
    result = run(tmp_path, folder, str(write("vr.txt", REPORT)))
    assert result.exit_code == 0, result.output
    assert "vr.txt" not in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    soup = page_of(tmp_path, "vr")
    assert soup.h1.get_text() == "青岛虚拟现实产业发展报告"
    assert "2023-05-06" in soup.select_one(".meta").get_text()
    assert soup.select_one(".described")["data-described"] == "text"


def test_a_manifest_entry_says_manifest(tmp_path, folder, write):
    (folder / "manifest.json").write_text(json.dumps({"vr.txt": {"title": "清单标题", "date": "2022-02-02"}},
                                                     ensure_ascii=False), encoding="utf-8")
    (folder / "vr.txt").write_text(REPORT, encoding="utf-8")
    result = run(tmp_path, folder, str(folder / "vr.txt"))
    assert result.exit_code == 0, result.output
    soup = page_of(tmp_path, "vr")
    assert soup.h1.get_text() == "清单标题" and soup.select_one(".described")["data-described"] == "manifest"


@pytest.mark.parametrize("bad", ["2024-13-01", "2024/08/01", "20240801", "yesterday", "2024-02-30", "2024-8-1"])
def test_a_bad_date_is_refused_and_nothing_is_written(tmp_path, folder, write, bad):
    before = (folder / "manifest.json").read_bytes()
    result = run(tmp_path, folder, str(write("vr.txt", REPORT)), "--date", bad)
    assert result.exit_code == 2 and "is not a date as YYYY-MM-DD" in result.output
    assert (folder / "manifest.json").read_bytes() == before and not (folder / "vr.txt").exists()


def test_a_description_describes_one_file(tmp_path, folder, write):
    result = run(tmp_path, folder, str(write("a.txt", REPORT)), str(write("b.txt", REPORT)), "--title", "x")
    assert result.exit_code == 2 and "describe one file" in result.output
    assert not (folder / "a.txt").exists()


def test_a_failed_manifest_write_leaves_the_old_one_whole(tmp_path, folder, monkeypatch):
    from graph import cli_store

    before = (folder / "manifest.json").read_bytes()

    def broken(path, write):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(cli_store, "atomic_write", broken)
    with pytest.raises(OSError):
        cli_store.describe(folder, "vr.txt", {"title": "x"})
    assert (folder / "manifest.json").read_bytes() == before

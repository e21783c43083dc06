"""The bundled CJK font: every picture and PDF draws Chinese with it, even with no system font;
a missing font or Chromium is a 503 naming what to install, and a one-line CLI failure (issue 14)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from graph.errors import ConfigError, MissingPart
from webapp import fonts
from webapp.exports import EXPORTERS, report
from webapp.subgraph import Subgraph

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = "https://w3id.org/ikg/id/cluster/zhi-neng-jia-dian-chan-ye-ji-qun-c3ff69"
LABEL = "智能家电产业集群"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _dejavu() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def _gray(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("L")).astype(int)


# -- the font file


def test_bundled_font_is_a_subset_that_draws_what_ikg_draws():
    from matplotlib.ft2font import FT2Font

    path = fonts.checked()
    assert path == fonts.FONT_FILE and path.suffix == ".otf"
    assert 1_000_000 < path.stat().st_size < 6_000_000  # a subset of the 16 MB face, not the face
    font = FT2Font(str(path))
    assert font.family_name == fonts.FAMILY
    sample = "智能家电产业集群，青岛市《规划》ikg → 2024年 6.5% ％（）"
    assert all(font.get_char_index(ord(c)) for c in sample)
    assert (fonts.FONT_DIR / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE Version 1.1") == 1


def _missing(folder: Path) -> Path:
    return folder / "none.otf"


def _damaged(folder: Path) -> Path:
    (folder / "damaged.otf").write_bytes(b"OTTO" + bytes(200))
    return folder / "damaged.otf"


def _cut(folder: Path) -> Path:
    (folder / "cut.otf").write_bytes(fonts.FONT_FILE.read_bytes()[:50_000])  # a download cut short
    return folder / "cut.otf"


def _latin(folder: Path) -> Path:
    return _dejavu()


@pytest.mark.parametrize("make, reason", [
    (_missing, "is missing"), (_damaged, "cannot be read"), (_cut, "cannot be read|has no glyphs"),
    (_latin, f"has no glyphs for {fonts.PROBE}"),
])
def test_unusable_font_is_a_missing_part(tmp_path, monkeypatch, make, reason):
    path = make(tmp_path)
    monkeypatch.setenv("IKG_FONT", str(path))
    with pytest.raises(MissingPart, match=reason) as raised:
        EXPORTERS["png"].render(Subgraph([], []))
    assert raised.value.status == 503 and raised.value.part == "font"
    assert isinstance(raised.value, ConfigError)  # what cjk_font() raised before
    assert "IKG_FONT" in raised.value.message and fonts.REINSTALL in raised.value.message


def test_another_font_file_can_stand_in(monkeypatch):
    monkeypatch.setenv("IKG_FONT", str(fonts.FONT_FILE))  # the same file, named explicitly
    assert fonts.family() == fonts.FAMILY


# -- pictures


def _node_png(label: str) -> np.ndarray:
    node = {"iri": CLUSTER, "type": "Cluster", "zh": label, "en": "", "aliases": [], "mentions": 1}
    return _gray(EXPORTERS["png"].render(Subgraph([node], [])))


def test_png_label_is_drawn_in_glyphs_where_the_label_is():
    drawn = _node_png(LABEL)
    blank = _node_png("")
    differs = np.abs(drawn - blank) > 64
    rows, columns = np.where(differs)
    assert differs.sum() > 300  # the label's ink
    height, width = drawn.shape
    # one line of text, centred above the node at the middle of the picture
    assert rows.max() - rows.min() < 0.06 * height and abs((columns.max() + columns.min()) / 2 - width / 2) < 10
    # eight different characters: eight different shapes, not one box repeated
    glyphs = [differs[rows.min():rows.max() + 1, c].tobytes() for c in range(columns.min(), columns.max() + 1)]
    assert len(set(glyphs)) > 40


def test_svg_and_zip_draw_with_the_bundled_font(sub):
    svg = EXPORTERS["svg"].render(sub).decode("utf-8")
    assert f'id="{fonts.POSTSCRIPT}-' in svg and "<text" not in svg
    with zipfile.ZipFile(io.BytesIO(EXPORTERS["zip"].render(sub))) as bundle:
        assert bundle.read("network.svg").decode("utf-8") == svg
        assert bundle.read("network.png") == EXPORTERS["png"].render(sub)


# -- the web app and the command line


@pytest.mark.parametrize("lang, words", [
    ("zh", ["缺少系统组件", "字体文件缺失或已损坏", fonts.REINSTALL, "IKG_FONT"]),
    ("en", ["A part of the system is missing", "missing or damaged", fonts.REINSTALL, "IKG_FONT"]),
])
@pytest.mark.parametrize("fmt", ["png", "svg", "zip", "report.html"])
def test_missing_font_is_a_503_page_in_the_page_language(client, monkeypatch, tmp_path, lang, words, fmt):
    monkeypatch.setenv("IKG_FONT", str(tmp_path / "gone.otf"))
    response = client.get(f"/export.{fmt}", query_string={"entity": CLUSTER, "lang": lang})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    for word in words:
        assert word in page
    assert str(tmp_path) not in page  # no server paths on the page


def test_missing_chromium_is_a_503_naming_the_package(client, monkeypatch, tmp_path):
    monkeypatch.setattr(report, "CHROMIUM", tmp_path / "chromium")
    zh = client.get("/export.report.pdf", query_string={"entity": CLUSTER, "lang": "zh"})
    assert zh.status_code == 503
    assert "Chromium" in zh.get_data(as_text=True) and "apt-get install chromium" in zh.get_data(as_text=True)
    assert "没有安装" in zh.get_data(as_text=True)
    api = client.get("/export.report.pdf", query_string={"entity": CLUSTER, "lang": "en"},
                     headers={"Accept": "application/json"})
    assert api.status_code == 503
    body = api.get_json()
    assert body["status"] == 503 and "apt-get install chromium" in body["hint"] and "not installed" in body["message"]


def test_missing_playwright_is_a_503_naming_the_package(client, monkeypatch):
    """Found by the wheel test: playwright was only a test dependency, so report.pdf crashed."""
    import sys

    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails as if not installed
    response = client.get("/export.report.pdf", query_string={"entity": CLUSTER, "lang": "zh"})
    assert response.status_code == 503
    assert "pip install playwright==1.65.2" in response.get_data(as_text=True)


@pytest.mark.parametrize("lang, words", [("zh", ["无法启动", "apt-get install --reinstall chromium"]),
                                         ("en", ["does not start", "apt-get install --reinstall chromium"])])
def test_chromium_that_does_not_start_is_a_503(client, monkeypatch, lang, words):
    monkeypatch.setattr(report, "CHROMIUM", Path(shutil.which("false")))  # there, but not a browser
    response = client.get("/export.report.pdf", query_string={"entity": CLUSTER, "lang": lang})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert all(word in page for word in words), page


def test_cli_without_the_font_exits_with_one_line(tmp_path, monkeypatch, built_store):
    from click.testing import CliRunner

    from webapp.cli import cli

    monkeypatch.setenv("IKG_FONT", str(tmp_path / "gone.otf"))
    monkeypatch.setattr("graph.store.open_store", lambda *a, **k: built_store)
    result = CliRunner().invoke(cli, ["export", "--entity", CLUSTER, "--format", "png", "-o", str(tmp_path / "a.png")])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(lines) == 1 and "gone.otf is missing" in lines[0] and "Traceback" not in result.output
    assert not (tmp_path / "a.png").exists()


def test_pages_fall_back_to_the_bundled_font_served_by_the_app(client):
    from webapp.network import FONT_FACE

    with client.get("/static/css/app.css") as sheet:
        css = sheet.get_data(as_text=True)
    face = re.search(r"@font-face \{[^}]*\}", css).group()
    assert f'"{fonts.FAMILY}"' in face
    url = re.search(r'url\("\.\./fonts/([^"]+)"\)', face).group(1)
    with client.get(f"/static/fonts/{url}") as served:
        assert served.status_code == 200 and served.data == fonts.FONT_FILE.read_bytes()
        assert "font-src 'self'" in served.headers["Content-Security-Policy"]
    body = re.search(r"body \{[^}]*font-family:([^;]+);", css).group(1)
    assert f'"{fonts.FAMILY}"' in body and f'"{fonts.FAMILY}"' in FONT_FACE  # pages and network canvases


# -- with every system font hidden


@pytest.fixture(scope="module")
def hidden(tmp_path_factory):
    """The exports made in a mount namespace where no system font is visible (tests/hidden_fonts.py)."""
    from tests.hidden_fonts import run_hidden

    assert shutil.which("unshare"), ("unshare (util-linux) is missing: the hidden-font test cannot hide the "
                                     "system fonts, and must not pass without doing so")
    out = tmp_path_factory.mktemp("hidden")
    store = f"oxigraph:{out / 'store'}"
    subprocess.run([sys.executable, "-m", "webapp.cli_main", "build", "--store", store,
                    "--corpus", str(ROOT / "data" / "corpus")], check=True, capture_output=True, timeout=120)
    done = run_hidden(store, out, CLUSTER)
    assert done.returncode == 0, ("the exports with system fonts hidden did not run (unshare -m and mount "
                                  f"need root, as in .ci/run): {done.stderr[-2000:]}")
    return out, json.loads((out / "seen.json").read_text(encoding="utf-8"))


def test_hidden_fonts_really_are_hidden(hidden):
    _, seen = hidden
    assert seen["system_fonts"] in ([], None)  # fc-list sees nothing
    assert seen["matplotlib_cjk"] == []  # nor does a fresh matplotlib


def test_every_picture_export_works_with_no_system_font(hidden):
    out, seen = hidden
    for fmt, result in seen["exports"].items():
        assert result["exit"] == 0, (fmt, result["output"])
    drawn = _gray((out / "export.png").read_bytes())
    assert (drawn < 128).sum() > 2000
    svg = (out / "export.svg").read_text(encoding="utf-8")
    assert f"<!-- {LABEL} -->" in svg and f'id="{fonts.POSTSCRIPT}-' in svg
    with zipfile.ZipFile(out / "export.zip") as bundle:
        assert bundle.read("network.png") == (out / "export.png").read_bytes()


def test_pdf_without_the_font_fails_with_one_line(hidden):
    _, seen = hidden
    assert seen["no_font"]["exit"] == 1
    assert re.fullmatch(r"Error: the font \S+no-such-font\.otf is missing: [^\n]+\n", seen["no_font"]["output"])


def _page(pdf: Path) -> np.ndarray:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf.name, pdf.stem],
                   cwd=pdf.parent, check=True, capture_output=True, timeout=30)
    return _gray(pdf.with_suffix(".png").read_bytes())


def test_pdf_shows_chinese_glyphs_with_no_system_font(hidden):
    assert shutil.which("pdftoppm") and shutil.which("pdffonts"), "poppler-utils is missing: apt-get install poppler-utils"
    out, _ = hidden
    pdf, bare = out / "export.report.pdf", out / "unfonted.report.pdf"
    fonts_table = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts_table.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # fonts present, every one embedded
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "报告" in text and LABEL in text
    page, without = _page(pdf), _page(bare)
    assert page.shape == without.shape
    # the picture (paths) is the same in both: the difference is the page's text, drawn or not
    ink, bare_ink = (page < 160).sum(), (without < 160).sum()
    assert ink > 3 * bare_ink and ink - bare_ink > 3000, (ink, bare_ink)
    title = page[: page.shape[0] // 9]  # the heading and the build line, above the picture
    assert (title < 160).sum() > 500
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf.with_suffix(".png"), ARTIFACTS / "report-page1-no-system-font.png")
    shutil.copy(bare.with_suffix(".png"), ARTIFACTS / "report-page1-font-removed.png")


@pytest.mark.slow
def test_wheel_carries_the_font_and_its_licence(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "-w", str(tmp_path), "--no-deps", "-q"],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("ikg-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("webapp/static/fonts/ikg-NotoSansCJKsc-Regular.otf") == fonts.FONT_FILE.read_bytes()
        assert b"SIL OPEN FONT LICENSE" in archive.read("webapp/static/fonts/OFL.txt")

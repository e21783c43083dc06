"""PNG and SVG pictures of the network: valid files, Chinese drawn in the bundled CJK font, safe SVG."""

from __future__ import annotations

import html
import io
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from webapp import fonts
from webapp.exports import EXPORTERS, picture
from webapp.subgraph import Subgraph

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SVG_NS = "{http://www.w3.org/2000/svg}"



@pytest.fixture(scope="module")
def png(sub) -> bytes:
    return EXPORTERS["png"].render(sub)


@pytest.fixture(scope="module")
def svg(sub) -> bytes:
    return EXPORTERS["svg"].render(sub)


def test_picture_exporters_are_registered():
    assert EXPORTERS["png"].media_type == "image/png"
    assert EXPORTERS["svg"].media_type == "image/svg+xml"


def test_png_of_a_neighbourhood_is_a_readable_picture(sub, png):
    from PIL import Image

    assert len(sub.nodes) > 5
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG" and image.width >= 600 and image.height >= 400
    pixels = np.asarray(image.convert("RGB"))
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50  # drawn, not blank
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "network.png").write_bytes(png)


def _comments(svg: bytes) -> list[str]:
    """The SVG's XML comments, unescaped: matplotlib writes each text drawn as paths as one, escaped."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(svg, parser=parser)
    return [html.unescape(c.text.strip()) for c in root.iter(ET.Comment)]


def test_svg_draws_chinese_labels_as_paths_and_keeps_their_text(svg):
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert not list(root.iter(f"{SVG_NS}text"))  # no text a viewer without the font would draw as boxes
    glyphs = [p for p in root.iter(f"{SVG_NS}path") if p.get("id", "").startswith(fonts.POSTSCRIPT)]
    assert len(glyphs) > 20  # the glyphs of the bundled font, each defined once
    assert len(root.findall(f".//{SVG_NS}use")) > len(glyphs)  # ... and reused
    texts = _comments(svg)
    assert "智能家电" in texts
    assert any("网络图" in t for t in texts)  # the title
    assert b"<dc:date>" not in svg


def test_pictures_are_deterministic(sub, svg, png):
    assert EXPORTERS["svg"].render(sub) == svg
    assert EXPORTERS["png"].render(sub) == png


def _draw(text: str, family: str) -> np.ndarray:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2.4, 0.8), dpi=100)
    canvas = FigureCanvasAgg(fig)
    fig.text(0.05, 0.3, text, fontfamily=family, fontsize=24, parse_math=False)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)


def test_cjk_glyphs_really_render_not_boxes():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    font = picture.cjk_font()
    assert font == fonts.FAMILY  # the bundled font, whatever the system has
    path = font_manager.findfont(font_manager.FontProperties(family=font), fallback_to_default=False)
    assert path == str(fonts.FONT_FILE)
    assert all(FT2Font(path).get_char_index(ord(c)) for c in "智能家电")

    cjk = _draw("智能家电", font)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph ... missing from font(s) DejaVu Sans"
        boxes = _draw("智能家电", "DejaVu Sans")
    ink = (cjk < 128).all(axis=-1).sum()
    assert ink > 200  # dark pixels: the glyphs are drawn
    assert (np.abs(cjk - boxes) > 64).any(axis=-1).sum() > 200  # and they are not DejaVu's boxes
    # four different characters make four different shapes (boxes would repeat one)
    columns = np.where((cjk < 128).all(axis=-1).any(axis=0))[0]
    assert columns.max() - columns.min() > 60


def test_hostile_labels_make_a_valid_svg():
    a, b = "https://w3id.org/ikg/id/x/a", "https://w3id.org/ikg/id/x/b"
    nodes = [
        {"iri": a, "type": "Company", "zh": "<script>alert(1)</script>\x0b坏\x00公司 $x^2$ & co", "en": "",
         "aliases": [], "mentions": 1},
        {"iri": b, "type": "Nonsense<&>\x0c", "zh": "", "en": "]]>\x1f", "aliases": [], "mentions": 2},
    ]
    edges = [{"source": a, "target": b, "property": "locatedInPark", "inferred": True, "documents": []}]
    nodes.append({"iri": a + "c", "type": "Company", "zh": "x --> <!-- y --!> z", "en": "", "aliases": [],
                  "mentions": 1})
    svg = EXPORTERS["svg"].render(Subgraph(nodes, edges))
    root = ET.fromstring(svg)  # well-formed XML: no raw control characters, comments closed only by us
    assert not list(root.iter(f"{SVG_NS}script"))
    texts = _comments(svg)
    assert "<script>alert(1)</script>坏公司 $x^2$ & co" in texts  # a comment's text, escaped in the file
    assert "x - -> <!- - y - -!> z" in texts  # "--" broken up: no label can end its comment
    assert b"<script" not in svg and b"\x0b" not in svg and b"<!- -" not in svg
    assert EXPORTERS["png"].render(Subgraph(nodes, edges)).startswith(b"\x89PNG")


def test_empty_subgraph_still_draws():
    assert ET.fromstring(EXPORTERS["svg"].render(Subgraph([], []))).tag == f"{SVG_NS}svg"

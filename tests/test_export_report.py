"""The report exports: one self-contained, escaped HTML page and the same page printed to PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from rdflib import RDF, Literal, URIRef

from graph.model import HOW
from ontology.namespace import IKG
from webapp.exports import EXPORTERS, report
from webapp.i18n import how_labels
from webapp.subgraph import Subgraph

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
HOSTILE = '<script>alert(1)</script><img src="http://evil.example/x.png">'



@pytest.fixture(scope="module")
def html(sub) -> str:
    return EXPORTERS["report.html"].render(sub).decode("utf-8")


def test_report_exporters_are_registered():
    assert EXPORTERS["report.html"].media_type == "text/html; charset=utf-8"
    assert EXPORTERS["report.pdf"].media_type == "application/pdf"


def test_html_report_has_the_tables_quotes_and_sources(sub, html):
    assert sub.build and sub.build in html
    entities = html.split('id="entities"', 1)[1].split("</table>", 1)[0]
    assert "<td>智能家电</td>" in entities
    assert 'id="indicators"' in html  # a table, or the sentence saying there are none
    quotes = html.split('id="quotes"', 1)[1].split("</div>", 1)[0]
    assert 'class="quote"' in quotes and "[1]" in quotes
    assert any(f'<span class="how">({how_labels([h])})</span>' in quotes for h in HOW)  # how evidence was found
    assert '<li id="source-1">[1] ' in html
    assert html.count('<li id="source-') == len(sub.documents)
    assert 'src="data:image/svg+xml;base64,' in html


def test_html_report_loads_nothing(html):
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert not re.search(r"""<img[^>]+src=["']?(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.IGNORECASE)


def test_html_report_shows_indicator_values():
    doc = "https://w3id.org/ikg/doc/d"
    VALUE = URIRef(doc + "#v1")  # noqa: N806
    quads = [(VALUE, RDF.type, IKG.Target, URIRef(doc))]
    for p, o in ((IKG.metric, URIRef("https://w3id.org/ikg/id/indicator/x")),
                 (IKG.value, "1200"), (IKG.unit, "亿元"), (IKG.year, "2025"),
                 (IKG.qualifier, "以上")):
        quads.append((VALUE, p, o if isinstance(o, URIRef) else Literal(o),
                      URIRef(doc)))
    sub = Subgraph([{"iri": "https://w3id.org/ikg/id/indicator/x", "type": "Indicator", "zh": "产值",
                     "en": "output", "aliases": [], "mentions": 1}], [], quads,
                   documents=[{"iri": doc, "title": "文", "date": ""}])
    page = report.render_html(sub)
    row = page.split('id="indicators"', 1)[1].split("</table>", 1)[0]
    for text in ("产值", "目标值 / target", "1200", "亿元", "以上", "2025", "[1]"):
        assert text in row


def test_hostile_label_stays_escaped():
    doc = "https://w3id.org/ikg/doc/h"
    node = {"iri": "https://w3id.org/ikg/id/x/h", "type": "Industry", "zh": HOSTILE, "en": HOSTILE,
            "aliases": [], "mentions": 1}
    mention = URIRef(doc + "#m")
    quads = [(mention, RDF.type, IKG.Mention, URIRef(doc)),
             (mention, IKG.denotes, URIRef(node["iri"]), URIRef(doc)),
             (mention, IKG.quote, Literal(HOSTILE), URIRef(doc))]
    sub = Subgraph([node], [], quads, documents=[{"iri": doc, "title": HOSTILE, "date": ""}])
    page = report.render_html(sub)
    assert "<script" not in page and "evil.example/x.png\">" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.browser
def test_pdf_report_prints_a_readable_page(sub, tmp_path):
    from PIL import Image

    pdf = EXPORTERS["report.pdf"].render(sub)
    assert pdf.startswith(b"%PDF")
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: apt-get install poppler-utils"
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run([pdftoppm, "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", "report.pdf", "page"],
                   cwd=tmp_path, capture_output=True, check=True, timeout=30)
    page = (tmp_path / "page.png").read_bytes()
    image = Image.open(io.BytesIO(page))
    image.load()
    pixels = np.asarray(image.convert("L"))
    assert (pixels < 200).mean() > 0.01, "the first page is blank"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-page1.png").write_bytes(page)

"""Fuzzing loading, normalising and extraction with hypothesis (issue 7, "Faults and bad input").

Arbitrary bytes through every reader, arbitrary text and text made of corpus fragments through
``normalize`` and ``extract``: nothing may raise but :class:`~graph.errors.DocumentError` (the one
error the readers document), and every offset must point where it says. The number of examples
per target comes from ``IKG_FUZZ_EXAMPLES`` (200 by default, so the normal suite stays fast)::

    IKG_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest tests/test_fuzz.py tests/test_fuzz_api.py
"""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from graph.errors import DocumentError
from graph.model import ENTITY_TYPES, Document
from graph.normalize import fold_width, normalize
from graph.readers import READERS
from tests.test_readers import _docx, _pdf

pytestmark = [
    pytest.mark.fuzz,
    # Warnings are the parsers' comments on broken input, not failures; the .docx seed's repr is long.
    pytest.mark.filterwarnings("ignore::pypdf.errors.PdfReadWarning"),
    pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning"),
    pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning"),
    pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"),
]

def examples(default: int) -> int:
    """Examples per target: ``IKG_FUZZ_EXAMPLES`` if set, else ``default``."""
    return int(os.environ.get("IKG_FUZZ_EXAMPLES") or default)


FUZZ = settings(
    max_examples=examples(200),
    deadline=None,  # the first extraction loads the segmenter and pinyin tables
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


@pytest.fixture(autouse=True, scope="module")
def _quiet_pypdf():
    """pypdf logs a warning for each oddity of a broken file: thousands per run, none a failure."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


# --- strategies -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _snippets() -> tuple[str, ...]:
    """Pieces of the bundled documents: lines, sentences and clauses, layout noise included."""
    pieces: set[str] = set()
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pieces.update(line for line in text.splitlines() if line.strip())
        pieces.update(s for s in re.split(r"(?<=[。；！？])", text) if s.strip())
        pieces.update(c for c in re.split(r"(?<=[，、])", text) if c.strip())
    return tuple(sorted(pieces))


_FULL_WIDTH = "".join(map(chr, range(0xFF01, 0xFF5F))) + "\u3000"
_CONTROL = "".join(map(chr, range(0x20))) + "\x7f\x85\u2028\u2029\ufeff\u200b"
SNIPPET = st.sampled_from(_snippets())
FRAGMENT = st.one_of(
    SNIPPET, SNIPPET, SNIPPET,  # real sentences most of the time, so extraction finds things
    st.sampled_from(_snippets()).map(lambda s: "\n".join(s)),  # a heading set one character a line
    st.integers(0, 10**9).map(str),
    st.integers(0, 10**6).map(lambda n: " ".join(str(n))),  # spaced digits: 2 0 2 5
    st.text(alphabet="0123456789.%％万亿元个家年月以上左右突破达到增长约", max_size=12),
    st.text(alphabet=_FULL_WIDTH, max_size=8),
    st.text(alphabet=_CONTROL, max_size=4),
    st.sampled_from(["\n", "\n\n", "\r\n", " ", "\t", "\u3000\u3000", "<script>alert(1)</script>", "<b>",
                     "《", "》", "“", "”", "（", "）", "、", "，", "。", "■", "●", "等", "个"]),
    st.text(max_size=8),
)
GENRE_TEXT = st.lists(FRAGMENT, min_size=3, max_size=60).map("".join)
ANY_TEXT = st.text(max_size=2000)


# --- loading ----------------------------------------------------------------------------------

def _read(ext: str, data: bytes) -> None:
    """Read ``data`` as a file of type ``ext``: text out, or a DocumentError naming the file."""
    name = f"fuzz{ext}"
    try:
        text, encoding = READERS[ext](data, name)
    except DocumentError as exc:
        assert exc.path == name and exc.reason
        return
    assert isinstance(text, str) and text.strip()
    assert isinstance(encoding, str) and encoding


@FUZZ
@given(st.binary(max_size=4096))
@example(b"\xef\xbb\xbf")  # a lone UTF-8 BOM
@example(b"\xff\xfe\x00")  # a UTF-16 BOM and half a character
@example("青岛市".encode("big5", errors="replace"))
def test_fuzz_read_txt_arbitrary_bytes(data):
    _read(".txt", data)


TEXT_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-32"])


@FUZZ
@given(GENRE_TEXT, TEXT_ENCODINGS)
def test_fuzz_read_txt_then_extract_genre_text(text, encoding):
    """The whole way in: genre text in some encoding, read, normalised and extracted."""
    try:
        decoded, _ = READERS[".txt"](text.encode(encoding, errors="replace"), "fuzz.txt")
    except DocumentError:
        return
    _mentions_event(_check_extraction(decoded))


@FUZZ
@given(st.one_of(
    st.binary(max_size=4096),
    st.tuples(st.lists(st.one_of(FRAGMENT, st.sampled_from(
        ["<html>", "<head><title>", "</title></head>", "<body>", "<p>", "</p>", "<script>", "</script>",
         "<style>", "</style>", "<template>", "<!--", "-->", "<![CDATA[", "]]>", "<meta charset=gbk>",
         "&amp;", "&#12345;", "&#x110000;", "<br/>", "<div hidden>", "<?xml ?>", "<!DOCTYPE html>"])), max_size=40),
              TEXT_ENCODINGS).map(lambda t: "".join(t[0]).encode(t[1], errors="replace")),
))
def test_fuzz_read_html_bytes(data):
    _read(".html", data)


@lru_cache(maxsize=1)
def _docx_bytes() -> bytes:
    return _docx("推动轨道交通装备、智能家电集群向世界级迈进。", ("海尔", "卡奥斯COSMOPlat"))


def _pdf_bytes() -> bytes:
    return _pdf("Qingdao 2024 cluster 6.5%")


@st.composite
def _mutated(draw, seed: bytes) -> bytes:
    """``seed`` with a few bytes overwritten, a slice cut out or inserted, or truncated."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[pos: pos + draw(st.integers(1, 64))]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        else:
            del data[pos:]
    return bytes(data)


@st.composite
def _docx_with_member(draw) -> bytes:
    """A .docx whose document.xml is replaced by fuzzed XML or bytes."""
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    xml = source.read("word/document.xml")
    body = draw(st.one_of(_mutated(xml), st.binary(max_size=512),
                          GENRE_TEXT.map(lambda t: xml.replace(b"\xe6\x8e\xa8\xe5\x8a\xa8", t.encode("utf-8", "replace")))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, body if item.filename == "word/document.xml" else source.read(item))
    return out.getvalue()


@FUZZ
@given(st.one_of(st.binary(max_size=2048), _mutated(_docx_bytes()), _docx_with_member()))
@example(_docx_bytes())
def test_fuzz_read_docx_bytes(data):
    _read(".docx", data)


@FUZZ
@given(st.one_of(st.binary(max_size=2048), _mutated(_pdf_bytes())))
@example(_pdf_bytes())
def test_fuzz_read_pdf_bytes(data):
    _read(".pdf", data)


def test_fuzz_seeds_are_readable():
    """The seeds the mutations start from are good files, so the fuzzers reach deep code."""
    assert "智能家电" in READERS[".docx"](_docx_bytes(), "seed.docx")[0]
    assert "Qingdao" in READERS[".pdf"](_pdf_bytes(), "seed.pdf")[0]


# --- normalising ------------------------------------------------------------------------------

def _check_offsets(raw: str) -> None:
    norm = normalize(raw)
    folded = fold_width(raw)
    offsets = norm.offsets
    assert len(offsets) == len(norm.text)
    previous = -1
    for i, ch in enumerate(norm.text):
        j = offsets[i]
        assert previous < j < len(raw), (i, j)  # inside the original and strictly increasing
        previous = j
        assert norm.original(i) == j
        assert folded[j] == ch or (ch in " \n" and folded[j].isspace()), (i, ch, folded[j])
    for start in range(0, len(norm.text) + 1, max(1, len(norm.text) // 7)):
        for end in (start, start + 1, start + 5, len(norm.text)):
            end = min(end, len(norm.text))
            ostart, oend = norm.to_original(start, end)
            assert 0 <= ostart <= oend <= len(raw)
            assert "".join(folded[ostart:oend].split()) == "".join(norm.text[start:end].split())


@FUZZ
@given(ANY_TEXT)
@example("\r")
@example("a\u2028b")
@example("\x1c青岛\x1f")
def test_fuzz_normalize_arbitrary_text(raw):
    _check_offsets(raw)


@FUZZ
@given(GENRE_TEXT)
def test_fuzz_normalize_genre_text(raw):
    _check_offsets(raw)


# --- extraction -------------------------------------------------------------------------------

def _check_extraction(text: str, meta: dict | None = None) -> int:
    from graph.extract import extract

    doc = Document(name="fuzz.txt", text=text, meta=meta or {})
    result = extract(doc)
    size = len(text)
    for entity in result.entities:
        assert entity.type in ENTITY_TYPES and entity.label and entity.iri.startswith("https://")
        for m in entity.mentions:
            assert 0 <= m.start < m.end <= size, m
            # The mention's text is what stands at its offsets, with the layout repairs undone.
            assert "".join(fold_width(text[m.start:m.end]).split()) == "".join(m.label.split()), m
    for value in result.indicators:
        assert 0 <= value.start < value.end <= size, value
        assert value.text == "".join(text[value.start:value.end].split())
    for rel in result.relations:
        assert 0 <= rel.start <= rel.end <= size, rel
    result.to_json()
    return sum(len(e.mentions) for e in result.entities)


def _mentions_event(found: int) -> None:
    """How much the fuzzer's text gave extraction to do (``--hypothesis-show-statistics``)."""
    event(f"mentions: {'0' if not found else '1-9' if found < 10 else '10+'}")


@FUZZ
@given(ANY_TEXT)
def test_fuzz_extract_arbitrary_text(text):
    _mentions_event(_check_extraction(text))


@pytest.mark.parametrize(("date", "year"), [("2024-03-28", 2024), ("２０２４-03-28", 2024), ("¹²³⁴-01-01", None), ("", None)])
def test_issue_7_manifest_date_sets_the_year_or_nothing(date, year):
    """Found by fuzzing: a manifest date of superscript digits passed isdigit() and crashed int()."""
    from graph.extract import _doc_year

    assert _doc_year(Document(name="a.txt", text="", meta={"date": date})) == year
    _check_extraction("到2025年，全市规上工业企业达到5000家。", {"date": date})


@FUZZ
@given(GENRE_TEXT, st.fixed_dictionaries({}, optional={
    "date": st.one_of(st.text(max_size=12), st.sampled_from(["2024-03-28", "0000-01-01", "9999"])),
    "region": st.text(max_size=6),
}))
def test_fuzz_extract_genre_text(text, meta):
    _mentions_event(_check_extraction(text, meta))


# --- extraction's graphs against the shapes (issue 15) ------------------------------------------

_TEMPLATES = st.sampled_from(["{{7*7}}", "${7*7}", "${jndi:ldap://127.0.0.1/a}", "#{7*7}", "<%= 7*7 %>",
                              "{{config}}", "{% if x %}", "}}", "{{", "%{1+1}", "*{7*7}", "\x0b", "\x0c"])
_ODD_TEXT = st.lists(st.one_of(FRAGMENT, _TEMPLATES), min_size=3, max_size=60).map("".join)


@FUZZ
@given(_ODD_TEXT, st.fixed_dictionaries({}, optional={"region": st.sampled_from(["青岛市", "临沂市", "", "x"])}))
@example("\n\n■海信视像用于测试电视性能的实验室。\n\n到2025年，规模以上工业产值年均增长10%以上。", {})
def test_fuzz_no_document_alone_breaks_the_shapes(text, meta):
    """Each document's graph passes ``ontology/shapes.ttl`` on its own, as `ikg add` of that one
    document validates it (found: a value scoped to a region its document never names)."""
    from graph.build import Source, build_graph
    from graph.decode import xml_safe
    from graph.extract import extract
    from graph.extract.gazetteer import Gazetteer
    from graph.validate import validate

    doc = Document(name="fuzz.txt", text=xml_safe(text), meta=meta)
    gazetteer = Gazetteer.bundled()
    report = validate([build_graph(extract(doc, gazetteer), Source("0" * 64, "fuzz.txt"), gazetteer)])
    assert report.conforms, report.text(5)

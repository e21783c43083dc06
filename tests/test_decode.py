"""Encodings are detected, not guessed; what cannot be read says so by name."""

import codecs

import pytest

from graph.corpus import read_document
from graph.decode import decode
from graph.errors import DocumentError

TEXT = "推动智能家电、轨道交通装备集群向世界级迈进，规模以上工业增加值同比增长6.5%左右。"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "gb18030", "gbk"],
)
def test_decode_detects_encoding(data, encoding):
    text, found = decode(data, "x.txt")
    assert text.lstrip("\ufeff") == TEXT
    assert found == encoding


def test_decode_big5_is_not_mistaken_for_gb18030():
    big5 = "臺灣積體電路製造股份有限公司推動產業集群發展，規模以上工業增加值增長。".encode("big5")
    text, found = decode(big5, "x.txt")
    assert found == "big5"
    assert "產業集群" in text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "the file is empty"),
        (b"  \n\t ", "the file is empty"),
        (bytes(range(256)) * 40, "looks binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa broken", "byte-order mark but is not valid utf-8"),
        (codecs.BOM_UTF8, "the file is empty"),  # issue 7: decoded to "" before
        ("\u3000\u3000\n".encode(), "the file is empty"),  # ideographic spaces only
    ],
    ids=["empty", "blank", "binary", "png", "bom-broken", "bom-only", "ideographic-blank"],
)
def test_decode_refuses_unreadable_input_with_a_reason(data, message):
    with pytest.raises(DocumentError) as info:
        decode(data, "bad.txt")
    assert message in str(info.value)
    assert str(info.value).startswith("bad.txt: ")


def test_decode_refuses_noise_that_gb18030_would_accept():
    import random

    rng = random.Random(7)
    noise = bytes(rng.randrange(0x81, 0xFF) for _ in range(3000))
    assert noise.decode("gb18030", errors="strict")  # GB18030 "decodes" it...
    with pytest.raises(DocumentError, match="cannot tell its encoding"):
        decode(noise, "noise.txt")  # ...but it is not text


def test_read_document_names_unsupported_types(write):
    path = write("report.xls", b"\xd0\xcf\x11\xe0")
    with pytest.raises(DocumentError, match=r"report\.xls: unsupported file type '\.xls'"):
        read_document(path)

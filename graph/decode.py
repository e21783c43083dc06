"""Bytes to text for Chinese documents: BOMs first, then strict UTF-8, then detection.

GB18030 decodes almost any byte string without an error, so "it decoded" proves nothing;
charset-normalizer scores each candidate by how chaotic the decoded text looks and we refuse
text that is still mostly noise.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from graph.errors import DocumentError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings a Chinese policy document plausibly uses, most likely first.
CANDIDATES = ("gb18030", "big5", "utf_16", "utf_32")
#: Above this share of "chaos" (charset-normalizer's mess ratio) text is refused as garbled.
MAX_CHAOS = 0.2


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Raises:
        DocumentError: empty or binary input, or no encoding gives readable text.

    >>> decode("青岛市".encode("gb18030"))
    ('青岛市', 'gb18030')
    """
    text, encoding = _decode(data, name)
    if not text.strip():  # also a lone byte-order mark, or only ideographic spaces
        raise DocumentError(name, "the file is empty; add text to it or remove it from the corpus")
    return text, encoding


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if not data.strip():
        raise DocumentError(name, "the file is empty; add text to it or remove it from the corpus")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise DocumentError(name, f"starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise DocumentError(name, "looks binary (NUL bytes and no byte-order mark); only text, HTML, DOCX and PDF files can be read")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    simplified = _as_simplified(data)
    if simplified is not None:
        return simplified, "gb18030"
    best = charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise DocumentError(
            name,
            "cannot tell its encoding (not UTF-8, GB18030 or Big5 text); save it as UTF-8 and add it again",
        )
    return str(best), best.encoding


def _as_simplified(data: bytes) -> str | None:
    """GB18030 text made almost only of GB2312 characters: plainly Simplified Chinese.

    Short texts defeat statistical detection; Big5 or noise read as GB18030 yields rare
    characters outside GB2312, so this test does not take them.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return text
    common = sum(1 for ch in wide if _in_gb2312(ch))
    return text if common / len(wide) >= 0.97 else None


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


#: What XML 1.0 cannot carry (C0 controls but tab, newline and return; U+FFFE, U+FFFF; lone
#: surrogates), each mapped to one character so that every offset into the text stays right.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced, one for one: a vertical tab or a form
    feed by a line break, other controls by a space, non-characters by U+FFFD.

    Done once, where text comes in, so every format (Turtle, N-Triples, JSON-LD, RDF/XML, GraphML,
    the pages) carries the same text.

    >>> xml_safe("a\\x0bb\\x0cc\\x01d\\uffff")
    'a\\nb\\nc d\\ufffd'
    """
    return _XML_ILLEGAL.sub(lambda m: _BREAKS.get(m.group(), "\ufffd" if m.group() > "\x1f" else " "), text)

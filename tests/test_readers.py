"""HTML, DOCX and PDF give their visible text; broken ones fail by name."""

import io

import pytest

from graph.corpus import iter_documents, read_document
from graph.errors import DocumentError


def test_read_html_keeps_visible_text_only(write):
    html = """<html><head><title>t</title><script>var x = "海尔产业集群";</script>
    <style>.a{}</style></head><body><h1>青岛</h1><p>推动智能家电产业集群发展。</p>
    <script>alert("<b>")</script></body></html>"""
    doc = read_document(write("page.html", html))
    assert "推动智能家电产业集群发展" in doc.text
    assert "alert" not in doc.text and "海尔产业集群" not in doc.text


def test_read_html_in_gb18030(write):
    html = '<html><meta charset="gb2312"><body><p>青岛市仪器仪表产业集群入选首批先进制造业集群。</p></body></html>'
    doc = read_document(write("page.htm", html, encoding="gb18030"))
    assert "仪器仪表产业集群" in doc.text


def _docx(paragraph: str, cells: tuple[str, ...] = ()) -> bytes:
    """A .docx with one paragraph and, if ``cells`` are given, a one-row table of them."""
    import docx

    document = docx.Document()
    document.add_paragraph(paragraph)
    if cells:
        table = document.add_table(rows=1, cols=len(cells))
        for cell, text in zip(table.rows[0].cells, cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_read_docx_paragraphs_and_tables(write):
    doc = read_document(write("plan.docx", _docx("青岛将实施“九大行动”。", ("规模以上工业增加值", "6.5%左右"))))
    assert "九大行动" in doc.text and "6.5%左右" in doc.text


def _pdf(text: str) -> bytes:
    """A one-page PDF with ASCII text in Helvetica (enough to test the text layer)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_read_pdf_text_layer(write):
    doc = read_document(write("report.pdf", _pdf("Qingdao 2025 COSMOPlat")))
    assert "COSMOPlat" in doc.text


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("broken.pdf", b"%PDF-1.4 this is not a pdf", "is not a readable PDF"),
        ("empty.pdf", _pdf(""), "has no text layer"),
        ("broken.docx", b"PK\x03\x04 not a zip", "is not a readable .docx"),
        ("empty.html", "<html><script>x()</script></html>", "has no visible text"),
    ],
)
def test_broken_files_fail_by_name(write, name, data, message):
    with pytest.raises(DocumentError) as info:
        read_document(write(name, data))
    assert name in str(info.value) and message in str(info.value)


def _docx_with(member: str, content: bytes | None = None, *, corrupt: bool = False) -> bytes:
    """A good .docx with ``member`` replaced by ``content``, or its compressed bytes garbled."""
    import zipfile

    data = bytearray(_docx("青岛将实施“九大行动”。"))
    source = zipfile.ZipFile(io.BytesIO(bytes(data)))
    if corrupt:
        info = source.getinfo(member)
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        data[start:start + 20] = bytes(b ^ 0xFF for b in data[start:start + 20])
        return bytes(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == member else source.read(item))
    return out.getvalue()


def _docx_patched(member: str, header: bytes, offset: int, value: bytes) -> bytes:
    """A good .docx with ``value`` written at ``offset`` into ``member``'s local (``PK\\x03\\x04``)
    or central-directory (``PK\\x01\\x02``) header."""
    data = bytearray(_docx("青岛将实施“九大行动”。"))
    name_at = {b"PK\x03\x04": 30, b"PK\x01\x02": 46}[header]
    start = 0
    while data[start + name_at: start + name_at + len(member)] != member.encode():
        start = data.index(header, start + 1)
    data[start + offset: start + offset + len(value)] = value
    return bytes(data)


@pytest.mark.parametrize(
    "name, data, message",
    [
        # pypdf's LimitReachedError is not a PdfReadError: an xref table without its "0 6" header.
        ("xref.pdf", _pdf("Qingdao").replace(b"xref\n0 6\n", b"xref\n"), "is not a readable PDF (LimitReachedError"),
        ("empty-xml.docx", _docx_with("word/document.xml", b""), "is not a readable .docx file (XMLSyntaxError)"),
        ("deflate.docx", _docx_with("word/document.xml", corrupt=True), "is not a readable .docx file (error)"),
        ("root.docx", _docx_with("word/document.xml", b"<a/>"), "is not a readable .docx file (AttributeError)"),
        ("nobody.docx", _docx_with("word/document.xml", b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                   b'wordprocessingml/2006/main"/>'), "is not a readable .docx file (AttributeError)"),
        ("extra.docx", _docx_patched("word/document.xml", b"PK\x03\x04", 28, b"\xff\xff"), "(EOFError)"),
        ("method.docx", _docx_patched("word/document.xml", b"PK\x01\x02", 10, b"\x63\x00"), "(NotImplementedError)"),
        ("locked.docx", _docx_patched("word/document.xml", b"PK\x01\x02", 8, b"\x01\x00"), "(RuntimeError)"),
    ],
    ids=["pdf-limit", "docx-empty-xml", "docx-bad-deflate", "docx-wrong-root", "docx-no-body",
         "docx-past-the-end", "docx-unknown-compression", "docx-encrypted"],
)
def test_issue_7_damaged_files_found_by_fuzzing_fail_by_name(write, name, data, message):
    with pytest.raises(DocumentError) as info:
        read_document(write(name, data))
    assert name in str(info.value) and message in str(info.value)


def test_one_bad_file_does_not_stop_the_others(write):
    write("a.txt", "青岛市推动智能家电产业集群发展。")
    write("b.txt", b"")
    write("c.txt", b"\x00\x01\x02binary")
    write("d.txt", "西海岸新区形成高端装备产业集群。".encode("gb18030"))
    results = list(iter_documents([write("a.txt", "青岛市推动智能家电产业集群发展。").parent]))
    good = [r.name for r in results if not isinstance(r, DocumentError)]
    bad = [r.message for r in results if isinstance(r, DocumentError)]
    assert good == ["a.txt", "d.txt"]
    assert len(bad) == 2 and "b.txt: the file is empty" in bad[0] and "c.txt: looks binary" in bad[1]

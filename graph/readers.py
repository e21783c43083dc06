"""One reader per file type, keyed by extension: bytes in, decoded text out.

HTML keeps its visible text; DOCX and PDF give their text layer. Each reader raises
DocumentError naming the file when the content is not what the extension promises.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from graph.decode import decode
from graph.errors import DocumentError


def read_txt(data: bytes, name: str) -> tuple[str, str]:
    return decode(data, name)


def read_html(data: bytes, name: str) -> tuple[str, str]:
    """Visible text of an HTML page; scripts, styles and hidden elements are dropped."""
    from bs4 import BeautifulSoup

    text, encoding = decode(data, name)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    visible = soup.get_text("\n")
    if not visible.strip():
        raise DocumentError(name, "the HTML page has no visible text")
    return visible, encoding


def read_docx(data: bytes, name: str) -> tuple[str, str]:
    import zipfile
    import zlib

    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    # What a damaged or disguised file raises, from the zip layer up to the XML (found by
    # tests/test_fuzz.py): the file is bad, not the program. python-docx takes the document's
    # structure on trust, so well-formed XML of the wrong shape (no <w:body>, another root
    # element) surfaces as an AttributeError. zipfile raises EOFError for a member that runs past
    # the end, NotImplementedError for an unknown compression method, RuntimeError for encryption.
    broken = (OpcError, PythonDocxError, zipfile.BadZipFile, zlib.error, LxmlError, KeyError, ValueError, OSError,
              AttributeError, EOFError, NotImplementedError, RuntimeError)
    _check_archive(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                paragraphs.append("\t".join(cell.text for cell in row.cells))
    except broken as exc:
        raise DocumentError(name, f"is not a readable .docx file ({exc.__class__.__name__})") from None
    text = "\n".join(paragraphs)
    if not text.strip():
        raise DocumentError(name, "the .docx file has no text")
    return text, "docx"


#: A .docx is a ZIP archive: refused, by what its directory declares, before anything is unpacked.
MAX_MEMBERS = 1000
MAX_UNPACKED = 100 * 1024 * 1024


def _check_archive(data: bytes, name: str) -> None:
    """Refuse an archive bomb or a swarm of members from the ZIP directory alone (sizes as declared;
    zipfile stops a member that unpacks to more than it declared)."""
    import zipfile

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError(name, f"is not a readable .docx file ({exc.__class__.__name__})") from None
    if len(members) > MAX_MEMBERS:
        raise DocumentError(name, f"is a .docx archive of {len(members):,} members, more than the {MAX_MEMBERS:,} "
                                  "a document may have; refused before unpacking")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise DocumentError(name, f"is a .docx archive that would unpack to {unpacked / 2**20:,.0f} MiB, more than "
                                  f"the {MAX_UNPACKED // 2**20} MiB a document may; refused before unpacking")


def read_pdf(data: bytes, name: str) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(name, f"is not a readable PDF ({exc.__class__.__name__}: {exc})") from None
    if not text.strip():
        raise DocumentError(name, "the PDF has no text layer (a scan?); run OCR on it first")
    return text, "pdf"


READERS: dict[str, Callable[[bytes, str], tuple[str, str]]] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}

"""What an uploaded file must be before it goes near the corpus: a plain name, and the type its name says.

The browser's file name is kept as the analyst gave it (Chinese included: ``werkzeug``'s
``secure_filename`` would drop every Chinese character), but a name that carries a path or could
hide a file is refused, not repaired. The type is judged by the bytes, never the name alone.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

from graph.errors import KGError
from graph.readers import READERS


class UploadRefused(KGError):
    """An upload refused at the door: ``key`` and ``params`` say it in the page's language (``webapp.i18n``)."""

    def __init__(self, status: int, key: str, message: str, **params):
        super().__init__(message)
        self.status, self.key, self.params = status, key, params


#: Longest file name kept, in characters (file systems allow 255 bytes; a Chinese character takes 3).
MAX_NAME = 80
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}


def safe_name(name: str) -> str:
    """``name`` if it is a plain file name ikg reads, else UploadRefused (400, or 415 for the type).

    >>> safe_name("青岛市 2024 工作报告.txt")
    '青岛市 2024 工作报告.txt'
    """
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise UploadRefused(400, "upload_no_file", "choose a file to upload")
    if ("/" in name or "\\" in name or ".." in name or name.startswith(".")
            or any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name)):
        raise UploadRefused(400, "upload_bad_name", f"the file name {name[:80]!r} holds a path, a leading dot or a "
                                                    "control character; rename the file and upload it again",
                            name=name[:80])
    if len(name) > MAX_NAME:
        raise UploadRefused(400, "upload_long_name", f"the file name is longer than {MAX_NAME} characters",
                            n=MAX_NAME)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in READERS:
        raise UploadRefused(415, "upload_bad_type", f"ikg does not read {suffix or 'files without an extension'}; "
                                                    f"it reads {', '.join(sorted(READERS))}",
                            kinds=", ".join(sorted(READERS)))
    return name


def sniff(data: bytes) -> str:
    """What ``data`` holds by its bytes: ``pdf``, ``docx``, ``zip`` (another archive), ``binary`` or ``text``.

    >>> sniff("青岛市".encode("gb18030")), sniff(b"%PDF-1.7"), sniff(b"MZ\\x90\\x00")
    ('text', 'pdf', 'binary')
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip"
        return "docx" if "word/document.xml" in names else "zip"
    if b"\x00" in data or data.startswith((b"MZ", b"\x7fELF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")):
        return "binary"
    return "text"


def check_type(name: str, data: bytes) -> None:
    """Refuse (415) content that is not what the name's extension says, e.g. text named ``.pdf``."""
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    found = sniff(data)
    expected = "text" if suffix in TEXT_SUFFIXES else suffix[1:]
    if found != expected:
        raise UploadRefused(415, "upload_mismatch", f"{name} is named {suffix} but its content is {found}; "
                                                    "upload the file under its real type",
                            name=name, suffix=suffix, found=found)

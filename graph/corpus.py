"""Find and read documents: one bad file yields an error and the others still go through."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.decode import xml_safe
from graph.errors import DocumentError
from graph.model import Document
from graph.readers import READERS

MANIFEST = "manifest.json"
#: Files larger than this are refused before a byte is read (a PDF or DOCX with pictures may be large;
#: ``IKG_MAX_DOCUMENT_MB`` sets it).
MAX_BYTES = int(float(os.environ.get("IKG_MAX_DOCUMENT_MB") or 20) * 1024 * 1024)
#: Text longer than this is refused once read: about 250 pages of Chinese, far beyond any report, and
#: what one document's graph can be built and checked from in under 1 GiB (``IKG_MAX_DOCUMENT_CHARS``).
MAX_CHARS = int(os.environ.get("IKG_MAX_DOCUMENT_CHARS") or 500_000)


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the supported files they hold (sorted, manifest skipped)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in READERS and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


def read_document(path: str | Path, meta: dict | None = None) -> Document:
    """Read one file.

    Raises:
        DocumentError: missing, unreadable, too large, empty, binary or unsupported.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kinds = ", ".join(sorted(READERS))
        raise DocumentError(str(path), f"unsupported file type {path.suffix or '(none)'!r}; ikg reads {kinds}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(str(path), f"is {size / 2**20:.1f} MiB, more than the {MAX_BYTES / 2**20:g} MiB a "
                                           "document may be (IKG_MAX_DOCUMENT_MB); split it into smaller files")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(str(path), "no such file") from None
    except IsADirectoryError:
        raise DocumentError(str(path), "is a folder, not a document") from None
    except PermissionError:
        raise DocumentError(str(path), "permission denied; check the file's permissions") from None
    text, encoding = reader(data, str(path))
    del data
    if meta is None:
        meta = load_manifest(path.parent).get(path.name, {})
    meta = {k: xml_safe(v) if isinstance(v, str) else v for k, v in meta.items()}
    return Document(name=path.name, text=xml_safe(text), encoding=encoding, path=str(path), meta=meta)


def check_length(doc: Document) -> Document:
    """``doc``, or a DocumentError if it is too long to be added to the graph (``MAX_CHARS``);
    ``ikg extract`` streams any length, a build holds one document's graph at a time."""
    if len(doc.text) > MAX_CHARS:
        raise DocumentError(doc.path or doc.name, f"holds {len(doc.text):,} characters of text, more than the "
                                                  f"{MAX_CHARS:,} a document of the graph may hold "
                                                  "(IKG_MAX_DOCUMENT_CHARS); split it into smaller files")
    return doc


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | DocumentError]:
    """Yield each document in turn, or the error that stopped it, one file at a time."""
    manifests: dict[Path, dict] = {}
    for path in find_files(paths):
        if path.parent not in manifests:
            manifests[path.parent] = load_manifest(path.parent)
        try:
            yield read_document(path, manifests[path.parent].get(path.name, {}))
        except DocumentError as exc:
            yield exc


def load_manifest(folder: str | Path) -> dict[str, dict]:
    """The folder's ``manifest.json`` (file name -> title, date, source, region), or ``{}``."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(str(path), f"is not valid UTF-8 JSON ({exc}); fix or remove it") from None

"""An uploaded document's way into the graph, run in a background thread and told through a status file.

The status lives in a small JSON file beside the corpus (``<corpus>/../uploads/<job>.json``), not in
memory, so any worker of ``ikg serve`` answers the browser's polling; builds take a file lock, so two
uploads (or an upload and another worker's) never build at once. The steps are those of ``ikg add``:
read the file (a file that cannot be read is not copied), copy it into the corpus, build it into a
writable store of the served URL, and report the document's entities.
"""

from __future__ import annotations

import fcntl
import json
import re
import secrets
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from graph.errors import DocumentError, KGError
from graph.files import atomic_write

STAGES = ("received", "reading", "extracting", "validating", "written")
JOB_ID = re.compile(r"[0-9a-f]{16}")
_ENTITIES = """
PREFIX ikg: <https://w3id.org/ikg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?type ?zh ?en WHERE {
  GRAPH ?doc { ?m ikg:denotes ?e }
  ?e a ?type .
  OPTIONAL { ?e skos:prefLabel ?zh FILTER(lang(?zh) = "zh") }
  OPTIONAL { ?e skos:prefLabel ?en FILTER(lang(?en) = "en") }
}
"""


def jobs_folder(corpus: str | Path) -> Path:
    """Where the status files and the files being checked live: beside the corpus, never inside it."""
    return Path(corpus).resolve().parent / "uploads"


def status(corpus: str | Path, job: str) -> dict | None:
    """The job's status (``stage``, ``state``, ``entities``, ``error``), or None for an unknown job."""
    if not JOB_ID.fullmatch(job):
        return None
    try:
        return json.loads((jobs_folder(corpus) / f"{job}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def start(corpus: str | Path, name: str, data: bytes, open_store: Callable, known: set[str]) -> str:
    """Stage ``data`` as file ``name`` and add it to the graph in a thread; returns the job id at once.

    Args:
        open_store: gives ``(store, close)``, a writable store of the served URL and how to let it go.
        known: the entity IRIs served now, so the new ones can be marked.
    """
    job = secrets.token_hex(8)
    folder = jobs_folder(corpus) / job
    folder.mkdir(parents=True)
    (folder / name).write_bytes(data)
    _write(corpus, job, {"name": name, "stage": "received", "state": "running"})
    thread = threading.Thread(target=_run, args=(corpus, job, folder / name, open_store, known),
                              name=f"ikg-upload-{job}", daemon=True)
    thread.start()
    return job


def _write(corpus, job: str, record: dict) -> None:
    text = json.dumps(record, ensure_ascii=False)
    atomic_write(jobs_folder(corpus) / f"{job}.json", lambda out: out.write(text.encode("utf-8")))


def _run(corpus, job: str, staged: Path, open_store: Callable, known: set[str]) -> None:
    record = {"name": staged.name, "stage": "reading", "state": "running"}
    try:
        with open(jobs_folder(corpus) / "build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time, across the server's workers
            _write(corpus, job, record)
            record.update(_add(corpus, job, staged, open_store, known, record))
    except DocumentError as exc:
        record.update(state="failed", error={"key": "upload_unreadable", "detail": exc.reason})
    except KGError as exc:
        record.update(state="failed", error={"key": getattr(exc, "key", "upload_failed"), "detail": exc.message})
    except OSError as exc:
        record.update(state="failed", error={"key": "upload_failed", "detail": exc.strerror or str(exc)})
    finally:
        shutil.rmtree(staged.parent, ignore_errors=True)
        _write(corpus, job, record)


def _add(corpus, job: str, staged: Path, open_store: Callable, known: set[str], record: dict) -> dict:
    from graph.corpus import check_length, read_document
    from graph.ingest import build
    from graph.iris import document_iri

    check_length(read_document(staged, {}))
    folder = Path(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / staged.name
    fresh = not target.exists()
    if not fresh and target.read_bytes() != staged.read_bytes():
        return {"state": "failed", "error": {"key": "upload_exists", "detail": target.name}}
    if fresh:
        atomic_write(target, lambda out: out.write(staged.read_bytes()))
    _write(corpus, job, {**record, "stage": "extracting"})

    def progress(*_):
        _write(corpus, job, {**record, "stage": "validating"})

    store, close = open_store()
    try:
        try:
            summary = build([target], store, remove_missing=False, progress=progress)
        except KGError:
            if fresh:
                target.unlink(missing_ok=True)
            raise
        if summary.failed:  # left out by the shapes, or unreadable after all: not kept in the corpus
            if fresh:
                target.unlink(missing_ok=True)
            return {"state": "failed", "error": {"key": "upload_left_out", "detail": "\n".join(summary.failed)}}
        iri = document_iri(target.name)
        return {"stage": "written", "state": "done", "doc": iri, "entities": entities(store, iri, known)}
    finally:
        close()


def entities(store, doc: str, known: set[str]) -> list[dict]:
    """The entities document ``doc`` names, new ones first: iri, type, zh and en labels, new."""
    from rdflib import URIRef

    from graph.model import ENTITY_TYPES

    found: dict[str, dict] = {}
    for e, type_, zh, en in store.query(_ENTITIES, bindings={"doc": URIRef(doc)}).rows:
        kind = str(type_).rsplit("#", 1)[-1]
        if kind not in ENTITY_TYPES:
            continue
        entry = found.setdefault(str(e), {"iri": str(e), "type": kind, "zh": "", "en": "", "new": str(e) not in known})
        entry["zh"] = entry["zh"] or (str(zh) if zh is not None else "")
        entry["en"] = entry["en"] or (str(en) if en is not None else "")
    return sorted(found.values(), key=lambda x: (not x["new"], x["type"], x["zh"]))

"""Add a document from the browser: the upload form, the streamed POST, the job page and its status.

Off unless ``IKG_UPLOAD=1``: a public deployment takes no documents by default. The checks are
those of ``ikg add`` (size cap while the body streams in, type by content, the reader's own
checks); a per-session token in the signed session cookie guards the POST against forgery.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, session, url_for

from webapp import upload_jobs
from webapp.errors import respond
from webapp.i18n import t
from webapp.upload_checks import UploadRefused, check_type, safe_name
from webapp.upload_stream import SLACK, read_upload

bp = Blueprint("upload", __name__)


@bp.record_once
def _cookie(state) -> None:
    state.app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")


@bp.before_request
def _enabled():
    if not current_app.config["UPLOAD"]:
        return respond(403, t("upload_off_title"), t("upload_off"), hint=t("upload_off_hint"))
    return None


@bp.errorhandler(UploadRefused)
def _refused(exc: UploadRefused):
    return respond(exc.status, t("upload_refused"), t(exc.key, **exc.params), hint=t("upload_hint"))


def corpus() -> str:
    from graph.cli_store import default_corpus

    return current_app.config["CORPUS"] or default_corpus()


def token() -> str:
    """This session's CSRF token, made on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _token_ok(fields: dict) -> bool:
    sent, kept = fields.get("csrf_token", ""), session.get("csrf", "")
    return bool(kept) and hmac.compare_digest(sent.encode(), kept.encode())


@bp.get("/upload")
def form():
    from graph.corpus import MAX_BYTES, MAX_CHARS
    from graph.readers import READERS

    return render_template("upload.html", csrf_token=token(), mb=f"{MAX_BYTES / 2**20:g}", chars=f"{MAX_CHARS:,}",
                           kinds=", ".join(sorted(READERS)))


@bp.post("/upload")
def receive():
    from graph import corpus as limits

    if request.mimetype != "multipart/form-data" or "boundary" not in request.mimetype_params:
        raise UploadRefused(400, "upload_no_file", "send the file as multipart/form-data")
    request.max_content_length = limits.MAX_BYTES + SLACK  # a longer declared body: 413 before a byte is read
    upload = read_upload(request.stream, request.mimetype_params["boundary"].encode("latin-1"),
                         limits.MAX_BYTES, _token_ok)
    name = safe_name(upload.name)
    check_type(name, bytes(upload.data))
    known = set(_snapshot().nodes)
    job = upload_jobs.start(corpus(), name, bytes(upload.data), _opener(dict(current_app.config)), known)
    return redirect(url_for("upload.job", job=job), code=303)


@bp.get("/upload/<job>")
def job(job: str):
    record = _record(job)
    return render_template("upload_job.html", job=job, record=record, stages=upload_jobs.STAGES)


@bp.get("/upload/<job>.json")
def job_status(job: str):
    """The job's stage and, when done, its entities with their page links; errors in the page's language."""
    record = dict(_record(job))
    if record.get("error"):
        error = record["error"]
        record["message"] = t(error["key"], **_params(error))
    for entity in record.get("entities", []):
        entity["href"] = entity["iri"].replace("https://w3id.org/ikg/id/", "/id/", 1)
        entity["label"] = (entity["en"] if g.lang == "en" else "") or entity["zh"]
    if record.get("doc"):
        record["doc_href"] = record["doc"].replace("https://w3id.org/ikg/doc/", "/doc/", 1)
    return jsonify(record)


def _params(error: dict) -> dict:
    return {"detail": error.get("detail", "")}


def _record(job: str) -> dict:
    record = upload_jobs.status(corpus(), job)
    if record is None:
        raise UploadRefused(404, "upload_no_job", f"no upload {job[:40]!r}; it may have been cleared", job=job[:40])
    return record


def _snapshot():
    from webapp.views import view

    return view().snapshot


def _opener(config: dict):
    """How the job opens the served store for writing (``create_app`` opens it read-only) and closes it;
    read from ``config`` now, as the job's thread has no app context."""
    from graph.store import open_store

    def opened():
        given = config.get("STORE_OBJECT")
        if given is not None:  # tests hand the app its store: write that one
            return given, lambda: None
        store = open_store(config["STORE"] or None)
        return store, store.close

    return opened

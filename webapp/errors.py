"""One error handler: JSON for the API and clients that ask for it, a helpful page for people.

Known failures (``KGError`` and HTTP errors) keep their status and message; anything else is
logged and answered with a 500 that names no internals.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graph.errors import KGError, MissingPart
from webapp.i18n_errors import error_text, explain_sparql

HINTS = {
    400: "Check the parameters of the address.",
    404: "Try the search box, or browse by type from the home page.",
    405: "This address does not accept that method.",
    408: "The query took too long; narrow it down (add a LIMIT or a more selective pattern).",
    413: "The request is too large.",
    422: "The input could not be used; the message says why.",
    429: "Too many requests; wait a moment and try again.",
    503: "The service is busy or the graph store cannot be reached; try again in a moment, "
         "or check IKG_STORE.",
}


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.path.endswith(".json"):
        return True
    if request.path == "/sparql":  # protocol clients get JSON unless they ask for a page
        return request.accept_mimetypes.best_match(["text/html", "application/json"]) != "text/html" or \
            request.accept_mimetypes["text/html"] == request.accept_mimetypes["application/json"]
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def respond(status: int, title: str, message: str, hint: str | None = None):
    """An error answer; a caller that gives ``hint`` has said title, message and hint in the page's
    language already (a missing part), the others are said here."""
    said = hint is not None
    hint = HINTS.get(status, "") if hint is None else hint
    headers = {"Retry-After": "2"} if status in (429, 503) else {}
    if wants_json():
        body = {"error": title, "message": message, "hint": hint, "status": status}
        if request.path == "/sparql":  # the query page shows ``explanation`` in its language
            body["explanation"] = explain_sparql(status, message)
        return jsonify(body), status, headers
    if not said:
        title, message, hint = error_text(status, title, message)
    return render_template("error.html", status=status, title=title, message=message, hint=hint), status, headers


def missing(exc: MissingPart):
    """A 503 in the page's language naming the missing part and the command that installs it."""
    from webapp.i18n import STRINGS, t

    key = f"missing_{exc.part}"
    hint = f"{key}_install" if f"{key}_install" in STRINGS else "missing_install"
    return respond(503, t("missing_part"), t(key) if key in STRINGS else exc.message,
                   hint=t(hint, install=exc.install))


def init(app: Flask) -> None:
    @app.errorhandler(KGError)
    def _kg(exc: KGError):
        if isinstance(exc, MissingPart):
            return missing(exc)
        status = exc.status if 400 <= exc.status < 600 else 500
        return respond(status, type(exc).__name__, exc.message)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        body, status, headers = respond(exc.code or 500, exc.name, exc.description or "")
        allowed = getattr(exc, "valid_methods", None)  # a 405 must say what is allowed (RFC 9110)
        if allowed:
            headers["Allow"] = ", ".join(allowed)
        return body, status, headers

    @app.errorhandler(Exception)
    def _other(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return respond(500, "Internal Server Error", "Something went wrong on our side; it has been logged.")

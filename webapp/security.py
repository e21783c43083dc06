"""Security headers (flask-talisman): a strict Content-Security-Policy and its companions.

Scripts and styles come only from the app's own ``/static`` (vis-network included), so a label
that smuggles markup cannot run: there is no inline script for it to reach.
"""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init(app: Flask) -> None:
    https = bool(app.config.get("FORCE_HTTPS"))
    Talisman(
        app,
        content_security_policy=CSP,
        force_https=https,
        strict_transport_security=https,
        session_cookie_secure=https,
        frame_options="DENY",
        referrer_policy="same-origin",
    )
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024


def rate_limit(app: Flask, blueprints) -> None:
    """Requests per client (by address) to the endpoints that run queries; 429 past the limit.

    Counted in ``RATE_LIMIT_STORAGE``: ``ikg serve`` points every worker at one file
    (:mod:`webapp.ratelimit`); a bare ``create_app`` (tests, ``--debug``) counts in memory.
    """
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    import webapp.ratelimit  # noqa: F401 - registers the ikg-sqlite:// storage with limits

    storage = app.config.get("RATE_LIMIT_STORAGE") or "memory://"
    limiter = Limiter(get_remote_address, app=app, storage_uri=storage, headers_enabled=True)
    for blueprint in blueprints:
        limiter.limit(lambda: app.config["RATE_LIMIT"])(blueprint)

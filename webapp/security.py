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

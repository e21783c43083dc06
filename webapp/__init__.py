"""The ikg web explorer: ``create_app(config)`` builds the Flask app (flaskr's factory shape).

The store opens once into ``app.extensions["ikg"]``; pages read it through ``webapp.model``
(provenance, documents) and the snapshot (network views, search). Every page family is one
Blueprint; one error handler answers JSON or HTML.
"""

from __future__ import annotations

import secrets

from flask import Flask, g, request

from webapp import config as settings
from webapp.evidence import relation_count
from webapp.params import IkgRequest


def create_app(config: dict | None = None) -> Flask:
    from graph.store import open_store
    from webapp import errors, i18n, security
    from webapp.snapshot import SnapshotCache
    from webapp.views import api, explore, export, ld, network, sparql, upload

    values = settings.load(config)
    app = Flask(__name__)
    app.request_class = IkgRequest  # notes the parameters each page reads (the language switch keeps those)
    app.config.update(values)
    app.config["SECRET_KEY"] = values["SECRET_KEY"] or secrets.token_hex(32)
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    store = config.get("STORE_OBJECT") if config and "STORE_OBJECT" in config else None
    if store is None:  # not ``store or``: an empty store has len 0 and would be replaced
        store = open_store(values["STORE"] or None, read_only=True)
    app.extensions["ikg"] = {"store": store, "snapshot": SnapshotCache(store)}
    security.init(app)
    security.rate_limit(app, (api.bp, sparql.bp, export.bp))  # each runs queries
    errors.init(app)
    i18n.init(app)
    for blueprint in (explore.bp, network.bp, api.bp, ld.bp, sparql.bp, export.bp, upload.bp):
        app.register_blueprint(blueprint)

    from webapp.dates import split as split_date
    from webapp.exports import EXPORTERS
    from webapp.views import until_years

    app.jinja_env.globals["export_formats"] = sorted(EXPORTERS)
    app.jinja_env.globals["document_of"] = document_of
    app.jinja_env.globals["snap_node"] = node_of
    app.jinja_env.globals["relation_count"] = relation_count
    app.jinja_env.globals["until_years"] = until_years
    app.jinja_env.globals["split_date"] = split_date

    @app.before_request
    def _language() -> None:
        g.lang = i18n.pick(request, app.config["LANGUAGE"])

    @app.after_request
    def _build(response):
        if "ikg_view" in g:  # which build answered: a client can tell a rebuild happened
            response.headers["X-IKG-Build"] = g.ikg_view.snapshot.version
        return response

    return app


def document_of(iri: str):
    """The snapshot's record of document ``iri`` (title, date), for naming it on a page; or None."""
    from webapp.views import snapshot

    return snapshot().documents.get(iri)


def node_of(iri: str):
    """The snapshot's node of entity ``iri`` (type, labels), for linking it by name; or None."""
    from webapp.views import snapshot

    return snapshot().nodes.get(iri)

"""Settings: one tuple feeds the defaults, the environment (``IKG_*``) and the docs.

Order of precedence: ``SETTINGS`` defaults < ``IKG_<NAME>`` environment variables < the mapping
passed to ``create_app``. Unknown keys and wrong types fail at start-up with a hint.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from graph.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS = (
    Setting("STORE", "", "Store URL: memory:, oxigraph:PATH or a SPARQL endpoint (default oxigraph:./data/store, or $IKG_HOME/store)."),
    Setting("LANGUAGE", "zh", "Default language of the interface and labels: zh or en."),
    Setting("MAX_NODES", 300, "Most nodes a network view draws before it asks to narrow the view."),
    Setting("LAYOUT_THRESHOLD", 200, "Above this many nodes a view uses a precomputed layout, physics off."),
    Setting("EXPAND_LIMIT", 50, "Most neighbours added per property when a node is expanded."),
    Setting("PAGE_SIZE", 50, "Rows per page when browsing."),
    Setting("SEARCH_LIMIT", 10, "Suggestions the search box offers."),
    Setting("SPARQL_TIMEOUT", 10.0, "Seconds a SPARQL query may run before its worker is stopped."),
    Setting("SPARQL_MAX_ROWS", 10_000, "Rows (or triples) a SPARQL answer carries at most; more is cut with a notice."),
    Setting("SPARQL_MAX_BYTES", 100_000, "Longest SPARQL query text accepted, in bytes."),
    Setting("SPARQL_MEMORY_MB", 2048, "Address space of one SPARQL worker process, in MB."),
    Setting("SPARQL_WORKERS", 2, "SPARQL worker processes per server process."),
    Setting("EXPORT_MAX_TRIPLES", 100_000, "Triples a CONSTRUCT or DESCRIBE query may give for an export; more is refused."),
    Setting("RATE_LIMIT", "300 per minute", "Requests per client to /sparql, /api and /export (flask-limiter syntax)."),
    Setting("RATE_LIMIT_STORAGE", "", "Where the request counts live: shared by every worker of `ikg serve` by default "
            "(a SQLite file); redis://host:6379 when several machines serve."),
    Setting("REQUEST_READ_TIMEOUT", 20.0, "Seconds a client has to send a whole request (header and body) to `ikg serve`."),
    Setting("UPLOAD", False, "Let visitors add documents from the browser (/upload); off by default on a public server."),
    Setting("CORPUS", "", "Corpus folder uploads are written into (default ./data/corpus, or $IKG_HOME/corpus)."),
    Setting("SECRET_KEY", "", "Signs cookies; set IKG_SECRET_KEY in production (a random one is made otherwise)."),
    Setting("FORCE_HTTPS", False, "Redirect to HTTPS and send HSTS (behind a TLS proxy)."),
)


def load(overrides: dict | None = None) -> dict:
    """The app's settings, checked."""
    values = {s.name: s.default for s in SETTINGS}
    for s in SETTINGS:
        raw = os.environ.get(f"IKG_{s.name}")
        if raw is not None:
            values[s.name] = _convert(s, raw)
    known = {s.name for s in SETTINGS} | {"TESTING", "DEBUG", "STORE_OBJECT"}
    for key, value in (overrides or {}).items():
        if key not in known:
            raise ConfigError(f"unknown setting {key!r}; known: {', '.join(sorted(known))}")
        values[key] = value
    if values["LANGUAGE"] not in ("zh", "en"):
        raise ConfigError(f"LANGUAGE must be zh or en, not {values['LANGUAGE']!r}")
    return values


def _convert(setting: Setting, raw: str):
    kind = type(setting.default)
    try:
        if kind is bool:
            if raw.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(raw)
            return raw.lower() in ("1", "true", "yes")
        return kind(raw)
    except ValueError:
        raise ConfigError(f"IKG_{setting.name}={raw!r} is not a {kind.__name__}: {setting.help}") from None

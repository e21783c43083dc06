"""``/sparql``: the SPARQL 1.1 Protocol endpoint (read-only) and, for browsers, the query page.

GET ``?query=``, POST form-encoded or ``application/sparql-query``; ``default-graph-uri`` and
``named-graph-uri``; results by ``Accept`` or ``?format=``. Without a query, a service
description (or the query page for a browser). Every query runs in ``graph.sparql``'s workers.
"""

from __future__ import annotations

import atexit
import threading
from urllib.parse import unquote_to_bytes

from flask import Blueprint, Response, abort, current_app, g, render_template, request

from graph.sparql import Engine, Options
from graph.sparql.results import BY_MEDIA, BY_NAME, DEFAULT

bp = Blueprint("sparql", __name__)
_LOCK = threading.Lock()

SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix ikg: <https://w3id.org/ikg/ontology#> .

[] a sd:Service ;
   sd:endpoint <{endpoint}> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> ,
       <http://www.w3.org/ns/formats/SPARQL_Results_XML> , <http://www.w3.org/ns/formats/SPARQL_Results_CSV> ,
       <http://www.w3.org/ns/formats/SPARQL_Results_TSV> , <http://www.w3.org/ns/formats/Turtle> ,
       <http://www.w3.org/ns/formats/N-Triples> , <http://www.w3.org/ns/formats/JSON-LD> ,
       <http://www.w3.org/ns/formats/RDF_XML> ;
   sd:feature sd:UnionDefaultGraph ;
   sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] ;
   sd:extensionFunction [] .
"""


def engine() -> Engine:
    """The app's query engine, started on first use (its workers are processes)."""
    ext = current_app.extensions["ikg"]
    with _LOCK:
        if ext.get("engine") is None:
            cfg = current_app.config
            options = Options(timeout=cfg["SPARQL_TIMEOUT"], max_rows=cfg["SPARQL_MAX_ROWS"],
                              max_bytes=cfg["SPARQL_MAX_BYTES"], memory_mb=cfg["SPARQL_MEMORY_MB"],
                              workers=cfg["SPARQL_WORKERS"])
            store = ext["store"]
            ext["engine"] = Engine(getattr(store, "url", None), options, store=store)
            atexit.register(ext["engine"].close)
        return ext["engine"]


def _query_text() -> str | None:
    """The query of a protocol request, or ``None``; 400/415 for malformed protocol use."""
    utf8(unquote_to_bytes(request.query_string))  # werkzeug would put U+FFFD for bad bytes silently
    if request.method == "GET":
        queries = request.args.getlist("query")
        if "update" in request.args:
            abort(400, description="updates are not allowed: this endpoint is read-only")
    else:
        kind = (request.mimetype or "").lower()
        if kind == "application/x-www-form-urlencoded":
            utf8(unquote_to_bytes(request.get_data(cache=True)))
            queries = request.form.getlist("query")
            if "update" in request.form:
                abort(400, description="updates are not allowed: this endpoint is read-only")
        elif kind == "application/sparql-query":
            queries = [utf8(request.get_data())]
        elif kind == "application/sparql-update":
            abort(400, description="updates are not allowed: this endpoint is read-only")
        elif not kind:
            abort(400, description="a POST needs Content-Type application/x-www-form-urlencoded "
                                   "or application/sparql-query")
        else:
            abort(415, description=f"unsupported Content-Type {kind}; use application/x-www-form-urlencoded "
                                   "or application/sparql-query")
    if len(queries) > 1:
        abort(400, description="exactly one query per request")
    return queries[0] if queries else None


def utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        abort(400, description=f"the request is not valid UTF-8 (byte {exc.start})")


def _formats() -> list[str]:
    """Acceptable result formats, best first: ``?format=`` wins over ``Accept``."""
    name = request.values.get("format") if request.method == "GET" or request.mimetype != "application/sparql-query" \
        else request.args.get("format")
    if name:
        if name not in BY_NAME and name not in BY_MEDIA:
            abort(400, description=f"unknown format {name[:40]!r}; use json, xml, csv, tsv, ttl, nt, jsonld or rdfxml")
        return [BY_NAME[name].name if name in BY_NAME else BY_MEDIA[name].name]
    accepted = [m for m, q in sorted(request.accept_mimetypes, key=lambda x: -x[1]) if q > 0]
    names = [BY_MEDIA[m].name for m in accepted if m in BY_MEDIA]
    if "*/*" in accepted:  # anything will do: each query form's default format comes last
        names += [f.name for f in DEFAULT.values()]
    return list(dict.fromkeys(names))


def _wants_page() -> bool:
    """A browser (it names text/html) gets the query page; curl's ``*/*`` gets results."""
    if request.values.get("format") or request.method != "GET":
        return False
    if not any(mime == "text/html" for mime, _ in request.accept_mimetypes):
        return False
    best = request.accept_mimetypes.best_match(["text/html", *BY_MEDIA])
    return best == "text/html"


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    text = _query_text()
    if text is None or _wants_page():
        if _wants_page():
            from ontology import queries

            return render_template("sparql.html", gallery=queries(), query=text or "", lang=g.lang)
        return Response(SERVICE_DESCRIPTION.format(endpoint=request.base_url), mimetype="text/turtle")
    default = request.values.getlist("default-graph-uri") or None
    named = request.values.getlist("named-graph-uri") or None
    answer = engine().run(text, _formats(), default=default, named=named, base=request.base_url)
    response = Response(answer.body, mimetype=answer.media_type)
    response.headers["X-IKG-Rows"] = str(answer.count)
    if answer.truncated:
        response.headers["X-IKG-Truncated"] = f"results cut at {current_app.config['SPARQL_MAX_ROWS']} rows"
    return response


@bp.after_app_request
def _cors(response):
    if request.path == "/sparql":
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        response.headers["Access-Control-Expose-Headers"] = "X-IKG-Rows, X-IKG-Truncated"
        response.vary.add("Accept")
    return response

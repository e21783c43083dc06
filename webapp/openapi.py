"""The OpenAPI 3.1 description of the JSON API (``/api/openapi.json``), for clients and fuzzers.

``tests/test_fuzz_api.py`` runs schemathesis against it: data that fits must be answered, data
that does not must be refused with a 4xx, and every answer must match what is described here.
"""

from webapp.i18n import TYPES

_IRI = {"name": "iri", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 500},
        "description": "An entity: its IRI (https://w3id.org/ikg/id/industry/zhineng-jiadian), label, alias or "
                       "pinyin (智能家电, zhinengjiadian); a name several entities share answers 300 with the candidates"}
#: Comma-separated class names, e.g. ``types=Cluster,Park``; empty items are skipped, an unknown
#: name is a 400.
_ITEM = "(" + "|".join(["", *TYPES]) + ")"
_TYPE_LIST = {"type": "string", "pattern": f"^{_ITEM}(,{_ITEM})*$"}
#: The API reads an empty value as a missing one (forms send empty fields): ``allowEmptyValue``.
_EMPTY = {"allowEmptyValue": True}
_LANG = {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["zh", "en"]}, **_EMPTY}
_ERROR = {"description": "A clear error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
#: Every operation: a bad parameter (400), and more than RATE_LIMIT requests from one client (429).
_ERRORS = {"400": _ERROR, "429": _ERROR}
#: A name several entities share: the candidates, each with its type, documents and a link.
_CHOICES = {"300": {"description": "The name means several entities: their candidates",
                    "content": {"application/json": {"schema": {"type": "object", "required": ["candidates"]}}}}}
_CARD = {
    "type": "object",
    "required": ["iri", "type", "label"],
    "properties": {
        "iri": {"type": "string"}, "type": {"type": "string"}, "label": {"type": "string"},
        "zh": {"type": "string"}, "en": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}},
        "mentions": {"type": "integer"}, "documents": {"type": "integer"}, "url": {"type": "string"},
    },
}
_VIEW_PARAMS = [
    {"name": "view", "in": "query", "schema": {"type": "string", "enum": ["", "neighbourhood", "clusters", "filter"]},
     "description": "Which view; empty or absent: a neighbourhood when focus is given, the filter view when a type, "
                    "industry or region is, else the clusters and their parks"},
    {"name": "focus", "in": "query", "schema": {"type": "string", "maxLength": 500},
     "description": "The entity IRI a neighbourhood is drawn around; required by view=neighbourhood, "
                    "the view when focus is given"},
    {"name": "depth", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 3}, **_EMPTY},
    {"name": "types", "in": "query", "schema": _TYPE_LIST, "description": "Comma-separated class names"},
    {"name": "include", "in": "query", "schema": _TYPE_LIST,
     "description": "Comma-separated classes the clusters view adds around the clusters"},
    {"name": "industry", "in": "query", "schema": {"type": "string"}},
    {"name": "region", "in": "query", "schema": {"type": "string"}},
    {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}, **_EMPTY},
    {"name": "inferred", "in": "query", "schema": {"type": "string", "enum": ["0", "1"]}},
    _LANG,
]

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "ikg JSON API", "version": "1.0",
             "description": "Search, entity cards, neighbourhoods and network views of the ikg knowledge graph."},
    "paths": {
        "/api/search": {"get": {
            "summary": "Search labels (zh, en, aliases, pinyin)",
            "parameters": [
                {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 200}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}, **_EMPTY},
                {"name": "types", "in": "query", "schema": _TYPE_LIST}, _LANG,
            ],
            "responses": {"200": {"description": "Matches, best first", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"query": {"type": "string"},
                                                 "results": {"type": "array", "items": _CARD}}}}}},
                          **_ERRORS},
        }},
        "/api/entity": {"get": {
            "summary": "An entity's card",
            "parameters": [_IRI, _LANG],
            "responses": {"200": {"description": "The card", "content": {"application/json": {"schema": _CARD}}},
                          **_ERRORS, **_CHOICES, "404": _ERROR},
        }},
        "/api/neighbours": {"get": {
            "summary": "Neighbours grouped by property, at most `limit` per group",
            "parameters": [
                _IRI,
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}, **_EMPTY},
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000000}, **_EMPTY},
                {"name": "group", "in": "query", "schema": {"type": "string", "maxLength": 100, "pattern": "^$|^<|>$"},
                 "description": "One group: a property and its direction, e.g. inIndustry> or <inIndustry"}, _LANG,
            ],
            "responses": {"200": {"description": "Groups", "content": {"application/json": {"schema": {"type": "object"}}}},
                          **_ERRORS, **_CHOICES, "404": _ERROR},
        }},
        "/api/network": {"get": {
            "summary": "A network view's nodes, edges and options",
            "parameters": _VIEW_PARAMS,
            "responses": {"200": {"description": "The view", "content": {"application/json": {"schema": {"type": "object"}}}},
                          **_ERRORS, "404": _ERROR},
        }},
    },
    "components": {"schemas": {"Error": {
        "type": "object", "required": ["error", "message", "status"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "hint": {"type": "string"},
                       "status": {"type": "integer"}},
    }}},
}

"""The OpenAPI 3.1 description of the JSON API (``/api/openapi.json``), for clients and fuzzers."""

_IRI = {"name": "iri", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 500},
        "description": "An entity IRI, e.g. https://w3id.org/ikg/id/industry/zhineng-jiadian"}
_LANG = {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["zh", "en"]}}
_ERROR = {"description": "A clear error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
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
    {"name": "view", "in": "query", "schema": {"type": "string", "enum": ["neighbourhood", "clusters", "filter"]}},
    {"name": "focus", "in": "query", "schema": {"type": "string", "maxLength": 500}},
    {"name": "depth", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 3}},
    {"name": "types", "in": "query", "schema": {"type": "string"}, "description": "Comma-separated class names"},
    {"name": "include", "in": "query", "schema": {"type": "string"}},
    {"name": "industry", "in": "query", "schema": {"type": "string"}},
    {"name": "region", "in": "query", "schema": {"type": "string"}},
    {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}},
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
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                {"name": "types", "in": "query", "schema": {"type": "string"}}, _LANG,
            ],
            "responses": {"200": {"description": "Matches, best first", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"query": {"type": "string"},
                                                 "results": {"type": "array", "items": _CARD}}}}}},
                          "400": _ERROR},
        }},
        "/api/entity": {"get": {
            "summary": "An entity's card",
            "parameters": [_IRI, _LANG],
            "responses": {"200": {"description": "The card", "content": {"application/json": {"schema": _CARD}}},
                          "400": _ERROR, "404": _ERROR},
        }},
        "/api/neighbours": {"get": {
            "summary": "Neighbours grouped by property, at most `limit` per group",
            "parameters": [
                _IRI,
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000000}},
                {"name": "group", "in": "query", "schema": {"type": "string", "maxLength": 100}}, _LANG,
            ],
            "responses": {"200": {"description": "Groups", "content": {"application/json": {"schema": {"type": "object"}}}},
                          "400": _ERROR, "404": _ERROR},
        }},
        "/api/network": {"get": {
            "summary": "A network view's nodes, edges and options",
            "parameters": _VIEW_PARAMS,
            "responses": {"200": {"description": "The view", "content": {"application/json": {"schema": {"type": "object"}}}},
                          "400": _ERROR, "404": _ERROR},
        }},
    },
    "components": {"schemas": {"Error": {
        "type": "object", "required": ["error", "message", "status"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "hint": {"type": "string"},
                       "status": {"type": "integer"}},
    }}},
}

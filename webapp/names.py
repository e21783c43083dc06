"""Entity arguments of URLs by name: ``/network?focus=智能家电产业集群`` as well as by IRI.

:func:`entity_arg` resolves with :func:`graph.lookup.resolve`; a name that means several
entities is answered 300 Multiple Choices, a page (or JSON for the API) that lists them with
their types and documents, each a link to the same address with that entity's IRI; an unknown
name is a 404 that names the nearest entities.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, jsonify, make_response, render_template, request

from graph.lookup import Ambiguous, NotFound, resolve
from webapp.errors import wants_json
from webapp.i18n import STRINGS, t
from webapp.params import read_args

#: Longest name or IRI an address may carry for one entity.
MAX_NAME = 500


def entity_arg(snap, name: str, required: bool = False) -> str:
    """The IRI of the entity the request's ``name`` parameter names ("" when absent)."""
    value = request.args.get(name, "")
    if not value:
        if required:
            abort(400, description=_say("entity_required", name=name))
        return ""
    if len(value) > MAX_NAME:
        abort(400, description=_say("name_too_long", name=name, n=MAX_NAME))
    try:
        return resolve(value.strip(), snap.nodes.values()).iri
    except Ambiguous as e:
        abort(_choices(snap, name, value, e.candidates))
    except NotFound as e:
        near = "、".join(n.label(_lang()) for n in e.suggestions)
        abort(404, description=_say("no_entity_named", name=value) + (_say("did_you_mean", names=near) if near else ""))


def _say(key: str, **params) -> str:
    """A message in the page's language; in English for the JSON API, as its other errors."""
    return STRINGS[key][1].format(**params) if wants_json() else t(key, **params)


def _choices(snap, param: str, value: str, candidates):
    rows = []
    for node in candidates:
        args = [(k, v) for k, v in read_args(request.args) if k != param] + [(param, node.iri)]
        docs = [snap.documents[d] for d in sorted(node.documents) if d in snap.documents]
        rows.append({"iri": node.iri, "type": node.type, "label": node.label(_lang()), "zh": node.zh, "en": node.en,
                     "documents": [{"iri": d.iri, "title": d.title, "date": d.date} for d in docs],
                     "url": request.path + "?" + urlencode(args)})
    if wants_json():
        body = jsonify({"error": "Multiple Choices", "message": _say("names_several", name=value, n=len(rows)),
                        "status": 300, "candidates": rows})
    else:
        body = render_template("choose.html", name=value, rows=rows)
    return make_response(body, 300)


def _lang() -> str:
    from flask import g

    return g.get("lang") or "zh"

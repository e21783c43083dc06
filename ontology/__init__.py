"""The ikg ontology and its data files, loaded through importlib.resources.

Imports nothing of ours: ``graph`` and ``webapp`` import from here.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

_ROOT = resources.files(__name__)


def path(name: str):
    """A file of this package (``ikg.ttl``, ``shapes.ttl``, ``gazetteer.jsonl``, ``queries/x.rq``)."""
    return _ROOT.joinpath(name)


@cache
def gazetteer_entries() -> tuple[dict, ...]:
    """The bundled gazetteer: one JSON object per known entity (id, type, label, label_en, aliases)."""
    lines = path("gazetteer.jsonl").read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())

"""Users' SPARQL, run safely: checked, executed in a killable worker process, results capped.

``limits`` rejects what would hurt before any parser sees it (size, nesting); ``guard`` parses
and refuses updates, ``SERVICE`` and ``LOAD`` anywhere in the algebra; ``pool`` runs each query
in a memory-limited worker that is killed when it overruns its time; ``results`` writes SELECT
and ASK answers as SPARQL JSON, XML, CSV or TSV and graphs as Turtle, N-Triples, JSON-LD or
RDF/XML. The web endpoint and ``ikg query`` share all of it.
"""

from graph.sparql.pool import Engine, Options

__all__ = ["Engine", "Options"]

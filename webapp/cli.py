"""The ``ikg`` entry point: the graph commands, plus the web app's ``serve``."""

from __future__ import annotations

import click

from graph import cli_store
from graph.cli import cli
from graph.cli_store import store_option

__all__ = ["cli"]


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), help="gunicorn worker processes [default: 2-4 by CPU].")
@click.option("--debug", is_flag=True, help="Flask's development server with reloading; never in production.")
@store_option
def serve(host: str, port: int, workers: int | None, debug: bool, store_url: str | None) -> None:
    """Serve the explorer (default http://127.0.0.1:5000) on the built graph."""
    from webapp.serve import default_workers, run_gunicorn

    if debug and host not in ("127.0.0.1", "localhost", "::1"):
        # Werkzeug's debugger runs any Python a visitor types: never on an address others reach.
        raise click.UsageError(f"--debug serves only on 127.0.0.1, not on {host}; drop --debug to serve others")
    config = {"STORE": store_url} if store_url else None
    click.echo(f"ikg: serving http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    if debug:
        from webapp import create_app

        create_app(config).run(host=host, port=port, debug=True)
    else:
        run_gunicorn(host, port, workers or default_workers(), config)


@cli.command()
@click.option("--entity", metavar="NAME", help="Export this entity's neighbourhood: its label, an alias, pinyin or IRI.")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True, help="Hops around --entity.")
@click.option("--document", metavar="NAME", help="Export everything one document states: its title, file name or IRI.")
@click.option("--query", "query", metavar="QUERY",
              help="Export what a CONSTRUCT or DESCRIBE query gives: its text, a .rq file or a named query.")
@click.option("--format", "fmt", required=True, metavar="EXT",
              help="ttl, trig, nq, nt, jsonld, graphml, gexf, nodes.csv, edges.csv, documents.csv, xlsx, html, "
                   "png, svg, report.html, report.pdf or zip.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="File to write ('-' for standard output).")
@store_option
def export(entity: str | None, depth: int, document: str | None, query: str | None, fmt: str, output: str,
           store_url: str | None) -> None:
    """Export a subgraph (an entity's neighbourhood, one document or a query's graph) in FORMAT, written atomically.

    A query runs on the SPARQL endpoint's engine: read-only, SERVICE refused, stopped after
    IKG_SPARQL_TIMEOUT seconds, at most IKG_EXPORT_MAX_TRIPLES triples.
    """
    import sys

    from graph.files import atomic_write
    from graph.store import open_store
    from webapp import subgraph as sg
    from webapp.exports import EXPORTERS
    from webapp.snapshot import load

    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise click.BadParameter(f"unknown format {fmt!r}; use one of {', '.join(sorted(EXPORTERS))}",
                                 param_hint="--format")
    if sum(map(bool, (entity, document, query))) != 1:
        raise click.UsageError("give exactly one of --entity, --document or --query")
    store = open_store(store_url, read_only=True).pin()  # one build throughout, even if one is swapped in
    snap = load(store)
    if entity:
        entity = named_entity(snap, entity)
    if document:
        document = named_document(snap, document)
    if query:
        chosen = _from_query(store, snap, query)
    elif entity:
        chosen = sg.from_entity(store, snap, entity, depth)
    else:
        chosen = sg.from_document(store, snap, document)
    body = exporter.render(chosen)
    if output == "-":
        sys.stdout.buffer.write(body)
        return
    atomic_write(output, lambda out: out.write(body))  # killed or failed: never half a file
    click.echo(f"wrote {len(chosen.nodes)} entities, {len(chosen.edges)} links to {output}", err=True)


def named_entity(snap, name: str) -> str:
    """The IRI ``name`` means among the snapshot's entities; the candidates listed if unsure."""
    from graph.cli_store import named_iri

    titles = {d.iri: f"{d.title} ({d.date})" if d.date else d.title for d in snap.documents.values()}
    return named_iri(name, snap.nodes.values(), titles,
                     hint=" (search for it with `ikg query` or the explorer's search box)")


def named_document(snap, name: str) -> str:
    """A document by IRI, file name (with or without extension) or exact title."""
    name = name.strip()
    if name in snap.documents:
        return name
    found = [d.iri for d in snap.documents.values()
             if name in (d.title, d.iri.rsplit("/", 1)[-1]) or name.rsplit(".", 1)[0] == d.iri.rsplit("/", 1)[-1]]
    if len(found) == 1:
        return found[0]
    if found:
        raise cli_store.UnknownName(f"{name!r} names {len(found)} documents: {', '.join(sorted(found))}")
    raise cli_store.UnknownName(f"no document {name!r} in the graph; `ikg query documents` lists them")


def _from_query(store, snap, query: str):
    """The subgraph a CONSTRUCT or DESCRIBE query gives, run with the web app's settings."""
    from graph.cli_store import query_source
    from graph.sparql import Engine, Options
    from webapp import config
    from webapp import subgraph as sg

    values = config.load()
    engine = Engine(store=store, options=Options(timeout=values["SPARQL_TIMEOUT"], workers=1, queue_wait=1,
                                                 memory_mb=values["SPARQL_MEMORY_MB"]))
    try:
        return sg.from_construct(engine, snap, query_source(query), values["EXPORT_MAX_TRIPLES"])
    finally:
        engine.close()

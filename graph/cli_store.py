"""``ikg build``, ``add``, ``validate``, ``dump`` and ``restore``: the store's commands.

Each reads its store from ``--store`` or ``$IKG_STORE`` and its corpus from ``--corpus`` or
``$IKG_CORPUS``; each exits non-zero with a one-line reason on failure.
"""

from __future__ import annotations

import os
import re
import sys
from functools import wraps
from pathlib import Path

import click

from graph.errors import KGError
from graph.files import atomic_write


def default_corpus() -> str:
    """``corpus`` of the user's data folder (``$IKG_HOME``, else ``./data``)."""
    from graph.store import home

    return str(home() / "corpus")


def store_option(func):
    """``--store URL``, shared by every command that reads or writes the graph."""
    @click.option("--store", "store_url", envvar="IKG_STORE", metavar="URL",
                  help="memory:, oxigraph:PATH or a SPARQL endpoint URL [env IKG_STORE; default oxigraph:./data/store, "
                       "or $IKG_HOME/store].")
    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            raise click.ClickException(exc.message) from None
        except OSError as exc:  # disk full, read-only folder, missing file: one line, no traceback
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None
    return wrapper


def _open(store_url, read_only=False):
    from graph.store import open_store

    return open_store(store_url, read_only=read_only)


def _progress(done: int, total: int, name: str, status: str) -> None:
    if sys.stderr.isatty() or os.environ.get("IKG_PROGRESS"):
        click.echo(f"[{done}/{total}] {status:<9} {name}", err=True)


@click.command()
@click.option("--corpus", type=click.Path(exists=True, file_okay=False), envvar="IKG_CORPUS",
              default=default_corpus, show_default="./data/corpus, or $IKG_HOME/corpus",
              help="Folder of documents [env IKG_CORPUS].")
@click.option("--force", is_flag=True, help="Extract every document again, changed or not.")
@store_option
def build(corpus: str, force: bool, store_url: str | None) -> None:
    """Build the graph of the corpus folder into the store.

    Only new or changed documents are extracted; documents no longer in the folder are removed.
    The new graph is validated and swapped in whole: if the build fails or is interrupted, the
    previous graph stays served.
    """
    from graph.ingest import build as run

    summary = run([corpus], _open(store_url), force=force, progress=_progress)
    click.echo(summary.text())
    if summary.failed:
        raise SystemExit(1)


def _iso_date(_ctx, _param, value: str | None) -> str | None:
    import re
    from datetime import date

    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD, e.g. 2024-03-28")


def describe(folder: Path, name: str, fields: dict[str, str]) -> None:
    """Write ``fields`` as file ``name``'s entry of ``folder/manifest.json``, all or nothing."""
    import json

    from graph.corpus import MANIFEST, load_manifest

    manifest = load_manifest(folder)
    manifest[name] = {**manifest.get(name, {}), **fields, "described_by": "ikg add"}
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(folder / MANIFEST, lambda out: out.write(text.encode("utf-8")))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--corpus", type=click.Path(file_okay=False), envvar="IKG_CORPUS",
              default=default_corpus, show_default="./data/corpus, or $IKG_HOME/corpus",
              help="Corpus folder the files are copied into.")
@click.option("--replace", is_flag=True, help="Overwrite a corpus file of the same name.")
@click.option("--title", help="The document's title (written to the corpus manifest).")
@click.option("--date", callback=_iso_date, help="The document's date, YYYY-MM-DD (written to the manifest).")
@click.option("--publisher", help="Who published it (written to the manifest).")
@click.option("--region", help="The region it speaks for, e.g. 青岛市 (written to the manifest).")
@store_option
def add(files: tuple[str, ...], corpus: str, replace: bool, store_url: str | None, **described: str | None) -> None:
    """Copy FILES into the corpus folder and add them to the graph.

    Files are read and extracted first; a file that cannot be read is reported and not copied.
    --title, --date, --publisher and --region describe one file in the folder's manifest.json;
    without them the title and date are read from the text.
    """
    from graph.corpus import check_length, read_document
    from graph.errors import DocumentError
    from graph.ingest import build as run

    described = {k: v for k, v in described.items() if v}
    if described and len(files) != 1:
        raise click.UsageError("--title, --date, --publisher and --region describe one file; add the files one at a time")
    folder = Path(corpus)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot create the corpus folder {folder}: {exc.strerror}") from None
    targets, failed = [], []
    for name in files:
        source, target = Path(name), folder / Path(name).name
        if target.exists() and not replace and target.read_bytes() != source.read_bytes():
            raise click.ClickException(f"{target} exists with other content; use --replace to overwrite it")
        try:
            check_length(read_document(source, {}))
        except DocumentError as exc:
            failed.append(exc.message)
            continue
        if source.resolve() != target.resolve():
            try:
                atomic_write(target, lambda out, source=source: out.write(source.read_bytes()))
            except OSError as exc:  # disk full, read-only corpus: nothing half-copied stays
                raise click.ClickException(f"could not copy {source.name} into {folder}: {exc.strerror or exc}; "
                                           "nothing was added") from None
        targets.append(target)
    if described and targets:
        describe(folder, targets[0].name, described)
    for message in failed:
        click.echo(f"ikg: skipped {message}", err=True)
    if targets:
        summary = run(targets, _open(store_url), remove_missing=False, progress=_progress)
        click.echo(summary.text())
    if failed or not targets:
        raise SystemExit(1)


@click.command()
@store_option
def validate(store_url: str | None) -> None:
    """Check every document graph in the store against the SHACL shapes (ontology/shapes.ttl)."""
    from graph.validate import validate as run

    store = _open(store_url, read_only=True)
    graphs = list(document_graphs(store))
    report = run(graphs)
    click.echo(f"{len(graphs)} document graph(s) checked. " + report.text())
    if not report.conforms:
        raise SystemExit(1)


def document_graphs(store):
    from rdflib import Graph, URIRef

    rows = store.query("PREFIX ikg: <https://w3id.org/ikg/ontology#> "
                       "SELECT ?g WHERE { GRAPH ?g { ?g a ikg:Document } }").rows
    for (name,) in rows:
        g = Graph(identifier=URIRef(name))
        for triple in store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                                  bindings={"g": name}).triples:
            g.add(triple)
        yield g


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="File to write (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads"]), default="trig", show_default=True)
@store_option
def dump(output: str, fmt: str, store_url: str | None) -> None:
    """Write the whole dataset, every named graph, as TriG or sorted N-Quads."""
    store = _open(store_url, read_only=True)
    if output == "-":
        store.dump(sys.stdout.buffer, fmt)
        return
    atomic_write(output, lambda out: store.dump(out, fmt))
    click.echo(f"wrote {len(store)} quads to {output}", err=True)


@click.command()
@click.argument("dump_file", type=click.Path(exists=True, dir_okay=False))
@store_option
def restore(dump_file: str, store_url: str | None) -> None:
    """Replace the whole dataset by a dump (TriG or N-Quads) written by `ikg dump`."""
    store = _open(store_url)
    writer = store.begin(fresh=True)  # a dump replaces everything: nothing to copy, and past a damaged store
    try:
        writer.load_dump(dump_file)
        count = len(writer)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    click.echo(f"restored {count} quads from {dump_file}")


@click.command()
@click.argument("query")
@click.option("--format", "fmt", default=None, metavar="NAME",
              help="json, xml, csv, tsv (SELECT/ASK) or ttl, nt, jsonld, rdfxml (CONSTRUCT/DESCRIBE) "
                   "[default: json or ttl].")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds before the query is stopped.")
@click.option("--max-rows", type=int, default=10_000, show_default=True, help="Rows kept at most.")
@click.option("--no-limits", is_flag=True, help="No timeout, row cap or size limit (your own queries).")
@click.option("--entity", metavar="NAME",
              help="The entity a query asks about (its VALUES ?entity): a label, an alias, pinyin or an IRI.")
@store_option
def query(query: str, fmt: str | None, timeout: float, max_rows: int, no_limits: bool, entity: str | None,
          store_url: str | None) -> None:
    """Run QUERY (SPARQL text, a .rq file, or the name of a query in ontology/queries) on the store.

    The same engine as the web endpoint: read-only, SERVICE refused, run in a worker process that
    is stopped after --timeout seconds. ``--entity 智能家电`` sets the entity of a query that
    asks about one (documents_mentioning).
    """
    from graph.sparql import Engine, Options
    from graph.sparql.results import BY_NAME

    text = query_source(query)
    if fmt is not None and fmt not in BY_NAME:
        raise click.BadParameter(f"unknown format {fmt!r}", param_hint="--format")
    store = _open(store_url, read_only=True)
    if entity:
        text = with_entity(text, entity, store)
    engine = Engine(store=store,
                    options=Options(timeout=timeout, max_rows=max_rows, workers=1, queue_wait=1))
    try:
        answer = engine.run(text, [BY_NAME[fmt].name] if fmt else None, unlimited=no_limits)
    finally:
        engine.close()
    sys.stdout.buffer.write(answer.body)
    if answer.truncated:
        click.echo(f"ikg: only the first {max_rows} rows are shown; use --max-rows or --no-limits", err=True)


_VALUES_ENTITY = re.compile(r"VALUES\s+\?entity\s*\{[^}]*\}", re.IGNORECASE)


class UnknownName(click.ClickException):
    """A name that means no entity or several: exit 2, as for any other wrong argument."""

    exit_code = 2


def named_iri(name: str, entities, titles: dict[str, str] | None = None, hint: str = "") -> str:
    """The IRI ``name`` means among ``entities`` (:func:`graph.lookup.resolve`); several or none is
    an :class:`UnknownName` listing the candidates (their documents by ``titles``), ``hint`` after
    a name that means none."""
    from graph.lookup import Ambiguous, NotFound, describe, resolve

    try:
        return resolve(name, entities).iri
    except Ambiguous as e:
        raise UnknownName(f"{e.message}:\n" + "\n".join(describe(c, titles) for c in e.candidates)) from None
    except NotFound as e:
        raise UnknownName(e.message + hint) from None


def with_entity(text: str, name: str, store) -> str:
    """``text`` with its ``VALUES ?entity { … }`` set to the entity ``name`` means."""
    from graph.lookup import candidates

    if not _VALUES_ENTITY.search(text):
        raise click.BadParameter("this query asks about no entity (it has no VALUES ?entity { … })",
                                 param_hint="--entity")
    iri = named_iri(name, candidates(store))
    return _VALUES_ENTITY.sub(lambda _: f"VALUES ?entity {{ <{iri}> }}", text, count=1)


def query_source(query: str) -> str:
    """The SPARQL of QUERY: a .rq file's text, a named query of ontology/queries, or QUERY itself."""
    path = Path(query)
    if query.endswith(".rq") or (len(query) < 250 and path.is_file()):
        if not path.is_file():
            raise click.ClickException(f"no query file {query}")
        return path.read_text(encoding="utf-8")
    from ontology import queries

    named = {q.name: q.text for q in queries()}
    if query in named:
        return named[query]
    return query


COMMANDS = (build, add, validate, dump, restore, query)

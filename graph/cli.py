"""The ``ikg`` command group: extract and eval (the web app adds serve, query, export).

Each command is a thin wrapper over a function that returns data; failures exit non-zero
with a one-line reason.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from graph.corpus import iter_documents
from graph.errors import DocumentError, KGError
from graph.model import ENTITY_TYPES

ROOT = Path(__file__).resolve().parent.parent


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ikg")
def cli() -> None:
    """ikg: a knowledge-graph explorer for Chinese industrial-policy documents."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document per line (the DESIGN.md contract).")
def extract(files: tuple[str, ...], as_json: bool) -> None:
    """Extract entities, indicator values and relations from FILES (files or folders).

    A file that cannot be read is reported on stderr by name; the others still go through,
    and the exit status is 1 if any failed.
    """
    from graph.extract import extract as run

    failed = 0
    for item in iter_documents(files):
        if isinstance(item, DocumentError):
            failed += 1
            click.echo(f"ikg: skipped {item.message}", err=True)
            continue
        try:
            result = run(item)
        except KGError as exc:
            failed += 1
            click.echo(f"ikg: skipped {item.name}: {exc.message}", err=True)
            continue
        if as_json:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        else:
            click.echo(_summary(result))
    if failed:
        raise SystemExit(1)


def _summary(result) -> str:
    counts = Counter(e.type for e in result.entities)
    parts = [f"{t} {counts[t]}" for t in ENTITY_TYPES if counts.get(t)]
    return (
        f"{result.doc.name} ({result.doc.encoding}): " + ", ".join(parts)
        + f"; {len(result.indicators)} indicator values; {len(result.relations)} relations"
    )


@cli.command("eval")
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False), default=str(ROOT / "tests/data/gold"),
              show_default=True, help="Folder of gold JSON files for the bundled corpus.")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False), default=str(ROOT / "data/corpus"),
              show_default=True, help="Folder holding the bundled documents.")
@click.option("--heldout-gold", type=click.Path(file_okay=False), default=str(ROOT / "tests/data/gold/heldout"),
              show_default=True, help="Folder of gold JSON files for the held-out documents.")
@click.option("--heldout", "heldout_dir", type=click.Path(file_okay=False), default=str(ROOT / "tests/data/heldout"),
              show_default=True, help="Folder holding the held-out documents.")
@click.option("--patterns-only", is_flag=True,
              help="Use only the sector and place vocabulary of the gazetteer, no known names.")
@click.option("--no-manifest", is_flag=True,
              help="Ignore the manifests, as for `ikg extract report.txt`: dates come from the text.")
@click.option("-v", "--verbose", is_flag=True, help="List every miss and false positive.")
def evaluate(gold_dir, corpus_dir, heldout_gold, heldout_dir, patterns_only, no_manifest, verbose) -> None:
    """Score extraction against the annotated gold set: entities and indicators per type, relations
    per predicate (precision, recall, F1), the bundled corpus and the held-out documents apart."""
    from graph.evaluate import evaluate as run
    from graph.evaluate import format_scores
    from graph.extract.gazetteer import Gazetteer

    gazetteer = None
    if patterns_only:
        from ontology import gazetteer_entries

        gazetteer = Gazetteer([e for e in gazetteer_entries() if e["type"] in ("Industry", "Region")])
    sets = [("bundled corpus", gold_dir, corpus_dir), ("held-out documents", heldout_gold, heldout_dir)]
    for title, gold, corpus in sets:
        golds = sorted(Path(gold).glob("*.json")) if Path(gold).is_dir() else []
        if not golds:
            raise click.ClickException(f"no gold files in {gold}; see tests/data/gold/CONVENTIONS.md")
        scores = run(gold, corpus, gazetteer, manifest=not no_manifest)
        flags = (" (patterns only)" if patterns_only else "") + (" (no manifest)" if no_manifest else "")
        click.echo(format_scores(f"== {title}, {len(golds)} documents{flags}", scores))
        if verbose:
            for name, score in scores.items():
                for doc, miss in score.misses:
                    click.echo(f"  miss  {name.strip():<16} {doc}: {miss}")
                for doc, extra in score.extras:
                    click.echo(f"  extra {name.strip():<16} {doc}: {extra}")
        click.echo()


def _attach() -> None:
    from graph.cli_store import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_attach()

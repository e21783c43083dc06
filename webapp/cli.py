"""The ``ikg`` entry point: the graph commands, plus the web app's ``serve``."""

from __future__ import annotations

import click

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

    config = {"STORE": store_url} if store_url else None
    click.echo(f"ikg: serving http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    if debug:
        from webapp import create_app

        create_app(config).run(host=host, port=port, debug=True)
    else:
        run_gunicorn(host, port, workers or default_workers(), config)

"""The ``ikg`` entry point: the graph commands, plus the web app's own as they arrive."""

from graph.cli import cli

__all__ = ["cli"]

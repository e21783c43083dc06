"""``python -m webapp.cli_main``: the ikg command without the installed script."""

from webapp.cli import cli

if __name__ == "__main__":
    cli()

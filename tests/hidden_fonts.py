"""Exports run where no system font is visible: the child process of ``test_export_fonts.py``.

``python -m tests.hidden_fonts STORE OUT ENTITY``, started by :func:`run_hidden` inside a private
mount namespace whose font folders are empty, exports ENTITY as PNG, SVG, PDF report and ZIP
through ``ikg export``; tries the PDF with the font removed (``IKG_FONT`` pointing nowhere), which
must fail; and prints the same report page with no font handed to Chromium, for comparison.
What it saw (fonts visible, exit codes, messages) goes to ``OUT/seen.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

#: Where Debian, fontconfig and users keep fonts; each one that exists is hidden.
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
FORMATS = ("png", "svg", "report.pdf", "zip")


def run_hidden(store: str, out: Path, entity: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run this module in a mount namespace with every system font folder bound to an empty one."""
    empty = out / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    folders = [str(Path(f).expanduser()) for f in FONT_FOLDERS if Path(f).expanduser().is_dir()]
    mounts = " && ".join(f"mount --bind {empty} {f}" for f in folders)
    env = {**os.environ, "MPLCONFIGDIR": str(out / "mpl")}  # a fresh matplotlib font cache: a new machine
    env.pop("IKG_FONT", None)
    script = f"{mounts} && exec {sys.executable} -m tests.hidden_fonts {store} {out} {entity}"
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=Path(__file__).resolve().parent.parent)


def _export(store: str, entity: str, fmt: str, output: Path) -> dict:
    from click.testing import CliRunner

    from webapp.cli import cli

    result = CliRunner().invoke(cli, ["export", "--entity", entity, "--format", fmt, "-o", str(output),
                                      "--store", store])
    return {"exit": result.exit_code, "output": result.output}


def main(store: str, out: str, entity: str) -> None:
    from matplotlib import font_manager

    from graph.store import open_store
    from webapp import subgraph as sg
    from webapp.exports import report
    from webapp.snapshot import load

    folder = Path(out)
    fc_list = shutil.which("fc-list")
    seen = {
        "system_fonts": subprocess.run([fc_list], capture_output=True, text=True).stdout.splitlines()
        if fc_list else None,
        "matplotlib_cjk": sorted({f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name}),
        "exports": {fmt: _export(store, entity, fmt, folder / f"export.{fmt}") for fmt in FORMATS},
    }
    os.environ["IKG_FONT"] = str(folder / "no-such-font.otf")
    seen["no_font"] = _export(store, entity, "report.pdf", folder / "no-font.report.pdf")
    del os.environ["IKG_FONT"]
    # the same page printed with no font handed to Chromium: what the PDF would be without ours
    db = open_store(store, read_only=True).pin()
    html = report.render_html(sg.from_entity(db, load(db), entity, 1))
    (folder / "unfonted.report.pdf").write_bytes(report.print_pdf(html, None))
    (folder / "seen.json").write_text(json.dumps(seen, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])

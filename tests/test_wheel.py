"""A fresh machine: ikg installed as a wheel (not editable) into a new virtual environment, used in
an empty folder holding one report, with no system font visible.

This is what a new user does after `pip install`: nothing may come from the checkout (the data
folder is the working directory's), and every picture and the PDF must draw Chinese with the
font ikg ships. System fonts are hidden in a private mount namespace (``unshare -m``: the tests
run as root, as `.ci/run` does); where that is impossible the test fails and says why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from .conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow

REPORT = "001_4175fc14fb9bbd76.txt"  # names 智能家电产业集群
CLUSTER = "智能家电产业集群"
TITLE = "青岛：工业体系更强健"
#: Folders fonts are looked for in (fontconfig's and matplotlib's).
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/root/.fonts", "/root/.local/share/fonts")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``bin`` folder of a new virtual environment with ikg's wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    source.mkdir()
    for name in ("graph", "ontology", "webapp"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"), str(source)])
    wheel = next((tmp / "dist").glob("ikg-*.whl"))
    run([sys.executable, "-m", "venv", str(tmp / "venv")])
    run([str(tmp / "venv/bin/pip"), "install", "-q", str(wheel)], timeout=900)
    return tmp / "venv/bin"


@pytest.fixture(scope="module")
def folder(installed, tmp_path_factory) -> Path:
    """An empty folder with one report, added with ``ikg add`` there."""
    here = tmp_path_factory.mktemp("user")
    shutil.copy(CORPUS / REPORT, here / REPORT)
    ikg(installed, ["add", REPORT, "--title", TITLE, "--date", "2024-07-03"], here)
    return here


def test_the_installed_package_carries_nothing_of_the_checkout(installed, folder):
    site = next(installed.parent.glob("lib/python*/site-packages"))
    assert (site / "webapp/templates/base.html").is_file() and (site / "ontology/metrics.ttl").is_file()
    assert not (site / "data").exists() and not list(site.glob("*/data/store"))
    assert (folder / "data/corpus" / REPORT).is_file() and (folder / "data/store").is_dir()
    listed = ikg(installed, ["query", "documents", "--format", "csv"], folder)
    assert REPORT.removesuffix(".txt") in listed.stdout and TITLE in listed.stdout and "2024-07-03" in listed.stdout


def test_the_installed_explorer_serves_the_folder(installed, folder):
    port = _free_port()
    with subprocess.Popen([str(installed / "ikg"), "serve", "--port", str(port), "--workers", "1"], cwd=folder,
                          env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as server:
        try:
            page = _get(f"http://127.0.0.1:{port}/search?q={urllib.request.quote(CLUSTER)}", server)
            assert CLUSTER in page
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.mark.parametrize("fmt", ["png", "svg", "report.pdf", "zip"])
def test_exports_by_name_with_no_system_font(installed, folder, fmt):
    out = folder / f"cluster.{fmt}"
    done = hidden_fonts(installed, ["export", "--entity", CLUSTER, "--format", fmt, "-o", out.name], folder)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    magic = {"png": b"\x89PNG", "svg": b"<?xml", "report.pdf": b"%PDF-", "zip": b"PK\x03\x04"}[fmt]
    assert data.startswith(magic), data[:40]
    if fmt == "zip":
        assert {"network.png", "network.svg", "nodes.csv"} <= set(zipfile.ZipFile(out).namelist())
    if fmt == "svg":
        assert CLUSTER in data.decode("utf-8")


#: The same report page printed by the installed package with no font handed to Chromium.
_UNFONTED = """
import sys
from graph.store import open_store
from webapp import subgraph as sg
from webapp.cli import named_entity
from webapp.exports import report
from webapp.snapshot import load
store = open_store(None, read_only=True).pin()
snap = load(store)
html = report.render_html(sg.from_entity(store, snap, named_entity(snap, sys.argv[1]), 1))
open(sys.argv[2], "wb").write(report.print_pdf(html, None))
"""


def test_the_pdf_shows_chinese_glyphs_not_boxes(installed, folder):
    """Its first page rendered (pdftoppm): the title and text drawn in the shipped font against the
    same page printed with the font removed, where Chromium has nothing to draw Chinese with."""
    import numpy as np
    from PIL import Image

    assert shutil.which("pdftoppm"), "poppler-utils is missing: apt-get install poppler-utils"
    made = hidden_fonts(installed, ["export", "--entity", CLUSTER, "--format", "report.pdf", "-o", "with.pdf"], folder)
    assert made.returncode == 0, made.stderr
    bare = hidden_fonts(installed, ["-c", _UNFONTED, CLUSTER, "without.pdf"], folder, program="python")
    assert bare.returncode == 0, bare.stderr
    pages = []
    for name in ("with", "without"):
        run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", f"{name}.pdf", name], cwd=folder)
        pages.append(np.asarray(Image.open(folder / f"{name}.png").convert("L")))
    page, without = pages
    assert page.shape == without.shape
    ink, bare_ink = int((page < 160).sum()), int((without < 160).sum())
    assert ink > 2 * bare_ink and ink - bare_ink > 3000, (ink, bare_ink)
    title = page[: page.shape[0] // 9]
    assert (title < 160).sum() > 500  # the heading, in glyphs
    text = run(["pdftotext", "with.pdf", "-"], cwd=folder).stdout
    assert CLUSTER in text


# -- helpers


def run(args, timeout=600, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


def _env() -> dict:
    """The user's environment: nothing of this checkout's settings or paths."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("IKG_", "PYTHON", "VIRTUAL_ENV"))}
    return {**keep, "PATH": "/usr/local/bin:/usr/bin:/bin", "MPLCONFIGDIR": "", "HOME": os.environ.get("HOME", "/root")}


def ikg(bin_: Path, args, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(bin_ / "ikg"), *args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=600)
    if check:
        assert done.returncode == 0, f"ikg {' '.join(args)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


def hidden_fonts(bin_: Path, args, cwd: Path, extra_env: dict | None = None, program: str = "ikg"
                 ) -> subprocess.CompletedProcess:
    """``ikg ARGS`` (or the venv's ``program``) in a mount namespace where every system font
    folder is an empty folder."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.fail("hiding the system fonts needs `unshare -m` as root (util-linux); run the tests as root, "
                    "as .ci/run does")
    empty = cwd / ".no-fonts"
    empty.mkdir(exist_ok=True)
    mounts = " && ".join(f"mount --bind {empty} {d}" for d in FONT_DIRS if Path(d).is_dir())
    cache = cwd / ".mpl-cache"  # a fresh matplotlib font cache: it must not remember system fonts
    shutil.rmtree(cache, ignore_errors=True)
    script = f"{mounts} && fc-list | wc -l >&2 && exec \"$0\" \"$@\""
    env = {**_env(), "MPLCONFIGDIR": str(cache), "XDG_CACHE_HOME": str(cwd / ".xdg-cache"), **(extra_env or {})}
    done = subprocess.run(["unshare", "-m", "sh", "-c", script, str(bin_ / program), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.stderr.splitlines()[:1] == ["0"], f"system fonts still visible: {done.stderr[:500]}"
    return done


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, server: subprocess.Popen, wait: float = 60.0) -> str:
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return answer.read().decode("utf-8")
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not answer: {server.stdout.read().decode()[-2000:]}") from None
            time.sleep(0.5)

"""Shared fixtures: the bundled corpus, the gazetteer, and a maker of test files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt"))
    assert len(files) == 5, "the bundled corpus should hold five documents"
    return files


@pytest.fixture(scope="session")
def docs(corpus_files):
    from graph.corpus import read_document

    return [read_document(p) for p in corpus_files]


@pytest.fixture(scope="session")
def extractions(docs):
    from graph.extract import extract

    return [extract(d) for d in docs]


@pytest.fixture
def write(tmp_path):
    """Write bytes or text to a file under a temporary folder and return its path."""

    def _write(name: str, content: bytes | str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write


@pytest.fixture(scope="session")
def built_store():
    """The bundled corpus built once into an in-memory Oxigraph store (read it, don't write it)."""
    from graph.ingest import build
    from graph.store.oxigraph import MemoryStore

    store = MemoryStore()
    build([CORPUS], store)
    return store


@pytest.fixture
def corpus_copy(tmp_path, corpus_files):
    """A writable copy of the bundled corpus (documents and manifest)."""
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture(scope="session")
def app(built_store):
    """The explorer on the built corpus (in-memory store shared by the session)."""
    from webapp import create_app

    return create_app({"TESTING": True, "STORE_OBJECT": built_store, "SECRET_KEY": "test"})


@pytest.fixture
def client(app):
    return app.test_client()


# -- the export tests' subgraph

#: The entity whose neighbourhood the export tests cut out.
FOCUS = "https://w3id.org/ikg/id/industry/zhineng-jiadian"


@pytest.fixture(scope="module")
def snapshot(built_store):
    from webapp.snapshot import load

    return load(built_store)


@pytest.fixture(scope="module")
def sub(built_store, snapshot):
    """智能家电 and its neighbourhood of depth 2, built afresh for each module."""
    from webapp.subgraph import from_entity

    return from_entity(built_store, snapshot, FOCUS, depth=2)


# -- the browser tests' fixtures (tests/browser.py holds the machinery)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(app):
    from tests.browser import LiveServer

    with LiveServer(app) as live:
        yield live


@pytest.fixture
def context_options() -> dict:
    """What a module's browser contexts need besides the defaults (override it in the module)."""
    return {"timeout": 15_000}


@pytest.fixture
def context(browser, context_options):
    from tests.browser import VIEWPORT

    options = dict(context_options)
    timeout = options.pop("timeout")
    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN", **options)
    ctx.set_default_timeout(timeout)
    yield ctx
    ctx.close()


@pytest.fixture
def watch(context):
    from tests.browser import Watch

    w = Watch()
    w.attach(context)
    return w


@pytest.fixture
def page(context, watch):
    return context.new_page()

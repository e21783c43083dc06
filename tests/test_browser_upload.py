"""Adding a document from the browser, in a real browser (Debian's Chromium): the form posts,
the job page follows the build through its stages and lists the new entities, linked."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parent.parent / "docs"
TEXT = "青岛市实施智能家电产业集群行动，海尔集团在青岛西海岸新区建设工业互联网平台。"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """An explorer that takes uploads, on an empty store of its own (the session's stays unwritten)."""
    from graph.store.oxigraph import MemoryStore
    from webapp import create_app

    corpus = tmp_path_factory.mktemp("upload") / "corpus"
    app = create_app({"TESTING": True, "STORE_OBJECT": MemoryStore(), "SECRET_KEY": "t", "UPLOAD": True,
                      "CORPUS": str(corpus)})
    app.extensions["ikg"]["snapshot"].check_every = 0
    return app


@pytest.mark.parametrize("lang,done", [("zh", "已加入图谱。"), ("en", "Added to the graph.")])
def test_browser_upload_lists_new_entities(page, server, watch, tmp_path, lang, done):
    document = tmp_path / f"青岛 报告 {lang}.txt"
    document.write_text(TEXT, encoding="utf-8")
    page.goto(f"{server.url}/?lang={lang}")
    page.click("#add-document")
    page.set_input_files("#upload-file", str(document))
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#upload-entities li a", timeout=60_000)
    assert done in page.inner_text("#upload-done")
    links = page.locator("#upload-entities li a")
    labels = links.all_inner_texts()
    assert ("海尔" if lang == "zh" else "Haier") in labels
    assert page.locator(".stages li.reached").count() == 5
    if lang == "zh":
        page.screenshot(path=str(DOCS / "upload-done-zh.png"), full_page=True)
    links.first.click()
    page.wait_for_load_state()
    assert "/id/" in page.url and "404" not in page.title()
    watch.assert_clean()

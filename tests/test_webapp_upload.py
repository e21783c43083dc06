"""Adding a document from the browser (issue 15): off by default, CSRF, the streamed size cap,
type by content, names kept or refused, and a good file built with its entities listed."""

from __future__ import annotations

import io
import re
import time

import pytest

TEXT = "青岛市实施智能家电产业集群行动，海尔集团在青岛西海岸新区建设工业互联网平台。".encode()


@pytest.fixture
def upload_app(tmp_path):
    from graph.store.oxigraph import MemoryStore
    from webapp import create_app

    app = create_app({"TESTING": True, "STORE_OBJECT": MemoryStore(), "SECRET_KEY": "t", "UPLOAD": True,
                      "CORPUS": str(tmp_path / "corpus")})
    app.extensions["ikg"]["snapshot"].check_every = 0  # a memory store's new build is seen on the next request
    return app


@pytest.fixture
def uc(upload_app):
    return upload_app.test_client()


def _token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/upload").text).group(1)


def _post(client, name, data, token=None):
    token = _token(client) if token is None else token
    return client.post("/upload", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _wait(client, location):
    for _ in range(240):
        status = client.get(location + ".json").get_json()
        if status["state"] != "running":
            return status
        time.sleep(0.25)
    raise AssertionError("the upload job did not finish")


def _docx(text: str) -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("path,method", [("/upload", "get"), ("/upload", "post"), ("/upload/0123456789abcdef.json", "get")])
def test_upload_off_by_default(client, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 403
    assert "IKG_UPLOAD=1" in response.text


def test_upload_home_links_only_when_enabled(client, uc):
    assert 'id="add-document"' not in client.get("/").text
    assert 'id="add-document"' in uc.get("/").text


@pytest.mark.parametrize("token", ["", "forged"])
def test_upload_refuses_without_csrf_token(uc, token, tmp_path):
    response = _post(uc, "a.txt", TEXT, token=token)
    assert response.status_code == 403
    assert "安全令牌" in response.text
    assert not (tmp_path / "corpus").exists()


def test_upload_refuses_token_of_another_session(upload_app):
    other = upload_app.test_client()
    response = _post(upload_app.test_client(), "a.txt", TEXT, token=_token(other))
    assert response.status_code == 403


class Counting(io.BytesIO):
    """A request body that counts what the server read of it."""

    read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


def _body(token: str, size: int) -> tuple[bytes, str]:
    boundary = "b0undary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    return head + b"a" * size + f"\r\n--{boundary}--\r\n".encode(), boundary


@pytest.mark.parametrize("declared", [True, False])
def test_upload_size_cap_is_checked_while_streaming(uc, monkeypatch, declared):
    from graph import corpus

    monkeypatch.setattr(corpus, "MAX_BYTES", 200_000)
    data, boundary = _body(_token(uc), 5_000_000)
    stream = Counting(data)
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    extra = {"wsgi.input_terminated": True} if not declared else {}
    response = uc.post("/upload", input_stream=stream, headers=headers, environ_overrides=extra,
                       content_length=len(data) if declared else None)
    assert response.status_code == 413
    assert stream.read_bytes < 400_000, "the body was read past the cap"
    if declared:
        assert stream.read_bytes == 0, "a declared length past the cap is refused before reading"


@pytest.mark.parametrize("name,data,status,says", [
    ("report.pdf", TEXT, 415, "内容是 text"),  # judged by content, not by its name
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, 415, "不支持此文件类型"),
    ("报告.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", 415, "内容是 binary"),
    ("fake.docx", b"PK\x03\x04 not really a zip", 415, "内容是 zip"),
    ("../../etc/passwd.txt", TEXT, 400, "路径"),
    ("..\\a.txt", TEXT, 400, "路径"),
    (".hidden.txt", TEXT, 400, "开头的点"),
    ("a\x07b.txt", TEXT, 400, "控制字符"),
    ("", TEXT, 400, "请选择"),
])
def test_upload_refuses_at_the_door(uc, tmp_path, name, data, status, says):
    response = _post(uc, name, data)
    assert response.status_code == status, response.text
    assert says in response.text
    assert not (tmp_path / "corpus").exists(), "a refused file never reaches the corpus"


def test_upload_refusal_in_english(uc):
    uc.get("/?lang=en")
    response = _post(uc, "report.pdf", TEXT)
    assert response.status_code == 415
    assert "named .pdf but its content is text" in response.text


@pytest.mark.parametrize("name,make", [("青岛 智能家电 报告.txt", lambda: TEXT),
                                       ("海尔 工业互联网.docx", lambda: _docx(TEXT.decode()))])
def test_upload_adds_document_and_lists_entities(uc, tmp_path, name, make):
    response = _post(uc, name, make())
    assert response.status_code == 303
    location = response.headers["Location"]
    page = uc.get(location)
    assert page.status_code == 200 and "已接收" in page.text and "js/upload.js" in page.text
    status = _wait(uc, location)
    assert status["state"] == "done", status
    assert status["stage"] == "written"
    assert (tmp_path / "corpus" / name).is_file(), "the Chinese file name is kept"
    labels = {e["label"] for e in status["entities"]}
    assert {"海尔", "智能家电"} <= labels
    assert all(e["new"] and e["href"].startswith("/id/") for e in status["entities"])
    assert uc.get(status["entities"][0]["href"]).status_code == 200
    assert uc.get(status["doc_href"]).status_code == 200


def test_upload_unreadable_document_fails_in_page_language(uc, tmp_path):
    response = _post(uc, "空.txt", b"   \n  ")
    status = _wait(uc, response.headers["Location"])
    assert status["state"] == "failed"
    assert status["message"].startswith("无法读取该文档")
    assert not (tmp_path / "corpus" / "空.txt").exists()


def test_upload_same_name_other_content_refused(uc, tmp_path):
    assert _wait(uc, _post(uc, "a.txt", TEXT).headers["Location"])["state"] == "done"
    status = _wait(uc, _post(uc, "a.txt", TEXT + "另有一句。".encode()).headers["Location"])
    assert status["state"] == "failed" and "同名" in status["message"]
    assert (tmp_path / "corpus" / "a.txt").read_bytes() == TEXT


@pytest.mark.parametrize("job", ["0123456789abcdef", "nope", "..%2F..%2Fetc"])
def test_upload_unknown_job_is_404(uc, job):
    assert uc.get(f"/upload/{job}.json").status_code == 404
    assert uc.get(f"/upload/{job}").status_code == 404

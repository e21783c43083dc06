"""Read one multipart upload from the request body a chunk at a time, never past the size cap.

``request.files`` would parse the whole body before anyone could look at it; here the body is fed
to werkzeug's incremental decoder in 64 KiB chunks, the CSRF token is checked when the file part
begins (a forged post is refused before its file is read), and a file that grows past the cap
stops the reading at once with a 413.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from webapp.upload_checks import UploadRefused

CHUNK = 64 * 1024
#: Room for the form's small fields and the multipart boundaries, on top of the file's own cap.
SLACK = 64 * 1024


@dataclass
class Upload:
    name: str = ""
    data: bytearray = field(default_factory=bytearray)
    fields: dict[str, str] = field(default_factory=dict)
    current: str | None = None  # the part being read
    seen: bool = False  # the file part began


def read_upload(stream, boundary: bytes, cap: int, token_ok) -> Upload:
    """The one file (field ``file``) and the small fields of a multipart body.

    Args:
        stream: the request body (``request.stream``), read in ``CHUNK`` pieces.
        cap: most bytes the file may hold (``graph.corpus.MAX_BYTES``).
        token_ok: ``token_ok(fields)`` says whether the fields read so far carry the CSRF token.

    Raises:
        UploadRefused: 403 without the token, 413 past ``cap``, 400 for a body that is not one file.
    """
    decoder = MultipartDecoder(boundary, max_parts=16)  # fields are capped in _take
    upload, done = Upload(), False
    while not done:
        chunk = stream.read(CHUNK)
        try:
            decoder.receive_data(chunk or None)
            done = _drain(decoder, upload, cap, token_ok)
        except ValueError:  # werkzeug's decoder on a malformed body
            raise UploadRefused(400, "upload_truncated", "the upload is not a well-formed form; send it again") from None
        if not chunk and not done:
            raise UploadRefused(400, "upload_truncated", "the upload ended before its last part; send it again")
    if not token_ok(upload.fields):
        raise _forged()
    if not upload.name:
        raise UploadRefused(400, "upload_no_file", "choose a file to upload")
    return upload


def _drain(decoder, upload: Upload, cap: int, token_ok) -> bool:
    """Handle the events the decoder has ready; True at the end of the body."""
    event = decoder.next_event()
    while not isinstance(event, NeedData):
        if isinstance(event, File):
            if event.name != "file" or upload.seen:
                raise UploadRefused(400, "upload_one_file", "send one file, in the field named file")
            if not token_ok(upload.fields):
                raise _forged()
            upload.current, upload.name, upload.seen = "file", event.filename or "", True
        elif isinstance(event, Field):
            upload.current, upload.fields[event.name] = event.name, ""
        elif isinstance(event, Data):
            _take(upload, upload.current, event.data, cap)
        elif isinstance(event, Epilogue):
            return True
        event = decoder.next_event()
    return False


def _take(upload: Upload, current: str | None, data: bytes, cap: int) -> None:
    if current == "file":
        upload.data += data
        if len(upload.data) > cap:
            raise UploadRefused(413, "upload_too_large", f"the file is larger than the {cap / 2**20:g} MiB a document "
                                                         "may be (IKG_MAX_DOCUMENT_MB); split it into smaller files",
                                mb=f"{cap / 2**20:g}")
    elif current is not None:
        value = upload.fields[current] + data.decode("utf-8", "replace")
        if len(value) > 1000:
            raise UploadRefused(400, "upload_one_file", "a form field is too long")
        upload.fields[current] = value


def _forged() -> UploadRefused:
    return UploadRefused(403, "upload_csrf", "the form's security token is missing or stale; reload the upload "
                                             "page and send the file again")

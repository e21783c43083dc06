"""A time limit on reading a request, header and body: a client that sends a byte at a time
(slowloris) is dropped after ``IKG_REQUEST_READ_TIMEOUT`` seconds instead of holding a thread.

gunicorn's threaded worker waits for a connection's first byte without a thread, then reads the
request with blocking reads that only a silent client times out. :class:`DeadlineWorker` gives
each request one deadline for all its reads: the client socket is wrapped so that every ``recv``
waits at most until the deadline. Past it, a request still being parsed is dropped as a client
that went away (gunicorn logs it at debug level); a body the app is reading is answered 408.
"""

from __future__ import annotations

import socket
import time

from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import ThreadWorker
from werkzeug.exceptions import RequestTimeout


class ReadDeadline:
    """A client socket whose reads stop at ``deadline`` (monotonic seconds; None: no limit)."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self.deadline: float | None = None
        self.in_app = False

    def recv(self, size: int, *flags) -> bytes:
        if self.deadline is None:
            return self._sock.recv(size, *flags)
        left = self.deadline - time.monotonic()
        if left <= 0:
            self._expired()
        self._sock.settimeout(left)
        try:
            return self._sock.recv(size, *flags)
        except TimeoutError:
            self._expired()
        finally:
            self._sock.settimeout(None)

    def _expired(self):
        if self.in_app:
            raise RequestTimeout("the request body arrived too slowly")
        raise NoMoreData(b"")

    def __getattr__(self, name):  # fileno, sendall, setblocking, close…: the socket's own
        return getattr(self._sock, name)


class DeadlineWorker(ThreadWorker):
    """gunicorn's ``gthread`` worker with a deadline on reading each request."""

    read_timeout = 20.0

    def handle(self, conn):
        if not isinstance(conn.sock, ReadDeadline):
            conn.sock = ReadDeadline(conn.sock)
        # a new request: its header and body must arrive within read_timeout from now on
        conn.sock.deadline = time.monotonic() + self.read_timeout
        try:
            return super().handle(conn)
        finally:
            conn.sock.deadline = None

    def handle_request(self, req, conn):
        conn.sock.in_app = True
        try:
            return super().handle_request(req, conn)
        finally:
            conn.sock.in_app = False

"""The query engine: worker processes that can be killed, so a bad query costs one worker.

pyoxigraph has no timeout or cancellation in Python and can abort the process on hostile input;
each query therefore runs in a worker process with an address-space limit. The parent waits at
most ``timeout`` seconds, then kills the worker and starts a new one. Workers are forked from a
clean fork server (not from a threaded web worker) and open the store read-only themselves.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import tempfile
import threading
from dataclasses import dataclass

from graph.errors import BadQuery, KGError, QueryTimeout, StoreUnavailable
from graph.sparql import limits


class NotAcceptable(KGError):
    status = 406


class TooBusy(KGError):
    status = 503


@dataclass(frozen=True)
class Options:
    timeout: float = 10.0  # seconds a query may run
    max_rows: int = 10_000  # rows (or triples) returned at most; more is cut with a notice
    max_bytes: int = 100_000  # longest query text
    max_depth: int = 64  # deepest bracket nesting
    memory_mb: int = 2048  # address space of a worker
    workers: int = 2
    queue_wait: float = 10.0  # seconds a request waits for a free worker


@dataclass(frozen=True)
class Answer:
    form: str
    media_type: str
    body: bytes
    truncated: bool
    count: int


class Engine:
    """Runs users' queries on a store, ``options.workers`` at a time."""

    def __init__(self, store_url: str | None = None, options: Options | None = None, store=None):
        self.options = options or Options()
        self._dump = None
        if store is not None and getattr(store, "url", "") == "memory:":
            self._dump = _dump_memory(store)  # an in-memory store cannot be shared: workers load a copy
            self._source = ("dump", self._dump)
        else:
            self._source = ("url", store_url or getattr(store, "url", None))
        self._context = multiprocessing.get_context("forkserver")
        self._idle: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._closed = False
        for _ in range(self.options.workers):
            self._idle.put(self._spawn())

    def run(self, text: str, formats: list[str] | None = None, default: list[str] | None = None,
            named: list[str] | None = None, unlimited: bool = False, base: str | None = None,
            max_rows: int | None = None) -> Answer:
        """Check, run and write one query; ``formats`` are acceptable format names, best first.

        ``base`` resolves the query's relative IRIs (the protocol lets it be the endpoint's URL).
        ``max_rows`` replaces ``options.max_rows`` for this query (an export may keep more).

        Raises:
            BadQuery: malformed, an update, SERVICE, too long or too deep (with the reason).
            QueryTimeout: it ran past ``options.timeout``; its worker was killed and replaced.
            NotAcceptable: no acceptable format can carry this query form.
            TooBusy: no worker came free within ``options.queue_wait``.
        """
        opts = self.options
        if self._closed:  # else a dead worker would be replaced: a process nobody closes
            raise StoreUnavailable("the query engine has been closed")
        if not unlimited:
            limits.check_size(text, opts.max_bytes)
        limits.check_depth(text, opts.max_depth if not unlimited else 10 * opts.max_depth)
        try:
            worker = self._idle.get(timeout=opts.queue_wait)
        except queue.Empty:
            raise TooBusy("every query worker is busy; try again in a moment") from None
        if not worker.process.is_alive():  # died while idle (OOM killer, an operator): not this query's fault
            worker.kill()
            worker = self._spawn()
        request = {"text": text, "formats": formats or [], "default": default, "named": named,
                   "max_rows": None if unlimited else (max_rows or opts.max_rows), "base": base}
        try:
            reply = worker.ask(request, None if unlimited else opts.timeout)
        except _Lost as lost:
            worker.kill()
            self._idle.put(self._spawn())
            if lost.timed_out:
                raise QueryTimeout(f"the query ran longer than {opts.timeout:g} s and was stopped; "
                                   "narrow it (a more selective pattern, a LIMIT)") from None
            raise BadQuery("the query engine stopped on this query (it needed more than "
                           f"{opts.memory_mb} MB or nested too deep); simplify it") from None
        self._idle.put(worker)
        if "error" in reply:
            raise _ERRORS.get(reply["error"], BadQuery)(reply["message"])
        return Answer(reply["form"], reply["media_type"], reply["body"], reply["truncated"], reply["count"])

    def close(self) -> None:
        self._closed = True
        for worker in self._all:
            worker.kill()
        if self._dump:
            try:
                os.unlink(self._dump)
            except OSError:
                pass

    def _spawn(self) -> _Worker:
        from graph.sparql.worker import main

        parent, child = self._context.Pipe()
        process = self._context.Process(target=main, args=(child, self._source, self.options.memory_mb), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all = [w for w in self._all if w.process.is_alive()] + [worker]
        return worker


_ERRORS = {"BadQuery": BadQuery, "NotAcceptable": NotAcceptable, "StoreUnavailable": StoreUnavailable,
           "QueryTimeout": QueryTimeout}


class _Lost(Exception):
    def __init__(self, timed_out: bool):
        self.timed_out = timed_out


class _Worker:
    def __init__(self, process, conn):
        self.process = process
        self.conn = conn

    def ask(self, request: dict, timeout: float | None) -> dict:
        try:
            self.conn.send(request)
            if not self.conn.poll(timeout):
                raise _Lost(timed_out=True)
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise _Lost(timed_out=False) from None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _dump_memory(store) -> str:
    fd, path = tempfile.mkstemp(prefix="ikg-sparql-", suffix=".nq")
    with os.fdopen(fd, "wb") as out:
        store.dump(out, "nquads")
    return path

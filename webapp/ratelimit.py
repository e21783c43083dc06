"""One request count per client for every worker of a server: a SQLite file as flask-limiter storage.

flask-limiter's ``memory://`` counts in each process, so gunicorn's N workers let a client through
N times the limit. A shared count needs shared storage; Redis or Memcached would mean a server to
run, so the default is a file every worker of one ``ikg serve`` opens (``ikg-sqlite:///path``,
registered with ``limits`` by this class), made in a private temporary folder by the server
before it forks. Several machines need a store they all reach: set
``IKG_RATE_LIMIT_STORAGE=redis://host:6379`` (flask-limiter's own backends).

Fixed windows, as flask-limiter's default strategy: one row per key with its count and the end
of its window; each hit is one short ``BEGIN IMMEDIATE`` transaction, safe across processes.
"""

from __future__ import annotations

import sqlite3
import threading
import time

from limits.storage import Storage

SCHEME = "ikg-sqlite"


class SQLiteStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = (uri or "").split("://", 1)[-1] or ":memory:"
        self._local = threading.local()
        with self._db() as db:
            db.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, count INTEGER, expires REAL)")

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:  # a connection per thread: sqlite3 connections are not shared across threads
            db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT count, expires FROM hits WHERE key = ?", (key,)).fetchone()
            if row is None or row[1] <= now:
                count = amount
                db.execute("INSERT OR REPLACE INTO hits VALUES (?, ?, ?)", (key, count, now + expiry))
            else:
                count = row[0] + amount
                db.execute("UPDATE hits SET count = ? WHERE key = ?", (count, key))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return count

    def get(self, key: str) -> int:
        row = self._db().execute("SELECT count FROM hits WHERE key = ? AND expires > ?", (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._db().execute("SELECT expires FROM hits WHERE key = ?", (key,)).fetchone()
        return row[0] if row else time.time()

    def check(self) -> bool:
        try:
            self._db().execute("SELECT 1")
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        db = self._db()
        count = db.execute("SELECT COUNT(*) FROM hits").fetchone()[0]
        db.execute("DELETE FROM hits")
        return count

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM hits WHERE key = ?", (key,))

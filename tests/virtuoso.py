"""A throwaway Virtuoso server for tests: own database in a temp folder, ports on 127.0.0.1 only.

``virtuoso_server(folder)`` writes a small ``virtuoso.ini`` (from Debian's
``/etc/virtuoso-opensource-7/virtuoso.ini``, trimmed), runs ``virtuoso-t +foreground`` on it,
waits for ``/sparql`` to answer, lets the anonymous ``SPARQL`` user write (SPARQL Update and
the graph store protocol at ``/sparql-graph-crud``) and yields the endpoint URLs; on exit it
kills the server and removes the folder. Start-up takes about 5 s on a 2-core machine (creating
an empty database); the Conductor VAD is not installed (``VADInstallDir`` points at an empty
folder), which saves another 3 s. A missing ``virtuoso-t`` is an error, never a skip: the
remote store would otherwise go untested without anyone noticing.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVER, ISQL = "virtuoso-t", "isql-vt"
START_TIMEOUT = 60.0

INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {dir}
VADInstallDir        = {dir}/vad/
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
MaxQueryMem          = 200M
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}/vsp
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledDavVSP        = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
"""

#: Anonymous SPARQL Update and graph store protocol writes need the SPARQL_UPDATE role
#: (without it /sparql-graph-crud answers 403 and INSERT DATA "No permission to execute
#: procedure DB.DBA.SPARQL_INSERT_DICT_CONTENT").
GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL";'


@dataclass(frozen=True)
class Virtuoso:
    folder: Path
    http_port: int
    sql_port: int
    seconds_to_start: float

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        """Query and update endpoint for the anonymous ``SPARQL`` user."""
        return f"{self.base}/sparql"

    @property
    def gsp(self) -> str:
        return f"{self.base}/sparql-graph-crud"

    @property
    def sparql_auth(self) -> str:
        """The same endpoint behind HTTP digest authentication (user ``dba``, password ``dba``)."""
        return f"{self.base}/sparql-auth"

    @property
    def gsp_auth(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def isql(self, sql: str) -> str:
        """Run SQL as ``dba``; raises with the output if isql reports an error."""
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
                              capture_output=True, text=True, timeout=30)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed on {sql!r}:\n{done.stdout}{done.stderr}")
        return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def virtuoso_server(parent: str | Path, *, max_rows: int = 10000):
    """Run a fresh Virtuoso with its database under ``parent``; yield a :class:`Virtuoso`.

    ``max_rows`` is ``[SPARQL] ResultSetMaxRows``, the cap Virtuoso puts on every result.
    """
    server, isql = shutil.which(SERVER), shutil.which(ISQL)
    if not server or not isql:
        raise RuntimeError(f"{SERVER} or {ISQL} not found: install Debian's virtuoso-opensource package")
    folder = Path(tempfile.mkdtemp(prefix="virtuoso-", dir=parent))
    (folder / "vad").mkdir()
    (folder / "vsp").mkdir()
    http_port, sql_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(dir=folder, sql_port=sql_port, http_port=http_port,
                                                    max_rows=max_rows))
    log = open(folder / "stdout.log", "wb")  # noqa: SIM115 - closed in finally
    started = time.monotonic()
    proc = subprocess.Popen([server, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                            cwd=folder, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        _wait(proc, f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D", folder)
        v = Virtuoso(folder, http_port, sql_port, time.monotonic() - started)
        v.isql(GRANTS)
        yield v
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)  # the database is thrown away: no checkpoint needed
        proc.wait(timeout=30)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _wait(proc: subprocess.Popen, url: str, folder: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with status {proc.returncode}:\n{_tail(folder)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"virtuoso-t did not answer {url} within {START_TIMEOUT:.0f} s:\n{_tail(folder)}")


def _tail(folder: Path, lines: int = 30) -> str:
    text = ""
    for name in ("stdout.log", "virtuoso.log"):
        path = folder / name
        if path.exists():
            text += f"--- {name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) + "\n"
    return text or "(no log written)"

"""The worker process: opens the store read-only, then answers one query at a time.

Its address space is capped (``RLIMIT_AS``) so a query that would allocate gigabytes fails here,
not in the server. Errors the user can act on travel back as ``{"error", "message"}``.
"""

from __future__ import annotations

import re
import resource

from graph.errors import BadQuery, KGError


def main(conn, source: tuple[str, str], memory_mb: int) -> None:
    import os

    os.environ["RUST_BACKTRACE"] = "0"  # an engine abort is expected here; one line in the log is enough
    limit = memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    store = _open(source)
    if not str(source[1]).startswith(("http://", "https://")):
        no_network()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, request)
        except KGError as exc:
            reply = {"error": type(exc).__name__, "message": exc.message}
        except MemoryError:
            reply = {"error": "BadQuery", "message": "the query needed more memory than a worker may use"}
        except RecursionError:
            reply = {"error": "BadQuery", "message": "the query nests too deeply"}
        except Exception as exc:  # noqa: BLE001 - engine errors on a user's query are the user's to see
            reply = {"error": "BadQuery", "message": f"the query failed: {str(exc)[:500]}"}
        conn.send(reply)


def no_network() -> None:
    """Forbid this process to open internet sockets (seccomp), a second barrier behind the guard.

    pyoxigraph runs ``SERVICE`` with its own HTTP client; should a query ever slip past the guard,
    the kernel refuses the socket. Unix sockets (the pipe to the server) still work. A worker of a
    remote store needs the network and does not call this.
    """
    import errno
    import socket

    import pyseccomp as seccomp

    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for family in (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_PACKET", 17)):
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
    rules.load()


def _open(source):
    kind, where = source
    if kind == "dump":
        from graph.store.oxigraph import MemoryStore

        store = MemoryStore()
        store.load_dump(where, "nquads")
        return store
    from graph.store import open_store

    return open_store(where, read_only=True)


def execute(store, request: dict) -> dict:
    from graph.sparql.guard import check
    from graph.sparql.results import BY_NAME, DEFAULT, write

    text = request["text"]
    checked = check(text)
    fmt = _pick(checked.form, request["formats"], BY_NAME, DEFAULT)
    default, named = request["default"], request["named"]
    if default is None and named is None and (checked.from_graphs or checked.from_named):
        default, named = list(checked.from_graphs), list(checked.from_named)
    if hasattr(store, "query_dataset"):
        base = request.get("base")  # relative IRIs (``<s>``) resolve against the endpoint's URL
        prologue = f"BASE <{base}>\n" if base and _BASE.fullmatch(base) else ""
        try:
            results = store.query_dataset(prologue + text, limit=request["max_rows"], default=default, named=named)
        except BadQuery as exc:
            raise BadQuery(_explain(exc.message, text, shifted=bool(prologue))) from None
    else:  # a remote store: the server applies the dataset of the query itself
        results = store.query(text, limit=request["max_rows"], graphs=default)
    count = len(results.rows) if results.kind == "select" else len(results.triples)
    return {"form": checked.form, "media_type": fmt.media_type, "body": write(results, fmt),
            "truncated": results.truncated, "count": count}


def _explain(message: str, text: str, shifted: bool) -> str:
    """The engine's syntax error with positions as the user wrote them and an undeclared prefix named."""
    from graph.sparql.guard import tokens

    if shifted:  # the BASE line came first
        message = re.sub(r"at (\d+):", lambda m: f"at {int(m[1]) - 1}:", message, count=1)
    toks = tokens(text)
    declared = {toks[k + 1][1] for k in range(len(toks) - 1) if toks[k][1].upper() == "PREFIX"}
    for k, (kind, value) in enumerate(toks):
        if kind == "name" and ":" in value and (k == 0 or toks[k - 1][1] != "_"):  # not a blank node _:b
            prefix = value[: value.index(":") + 1]
            if prefix not in declared:
                return f"unknown prefix {prefix} (declare it with PREFIX {prefix} <...>); {message}"
    return message


_BASE = re.compile(r"https?://[A-Za-z0-9.\-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/\-]*)?")


def _pick(form: str, names: list[str], by_name, default):
    if not names:
        return default[form]
    for name in names:
        fmt = by_name.get(name)
        if fmt is not None and form in fmt.forms:
            return fmt
    from graph.sparql.pool import NotAcceptable

    wanted = ", ".join(names)
    if len(names) == 1 and names[0] in by_name:
        raise BadQuery(f"format {wanted} cannot carry a {form.upper()} answer")
    raise NotAcceptable(f"none of the accepted formats ({wanted}) can carry a {form.upper()} answer")

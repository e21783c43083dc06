"""Which query parameters a page reads: the language switch keeps those, and nothing else.

A page's link to itself in the other language used to copy the whole query string, so any
parameter a visitor made up (``?__debugger__=yes&cmd=resource``) came back in every page. The
request's ``args`` here note each key a view asks for (``get``, ``[]``, ``getlist``, ``in``);
:func:`read_args` gives the pairs of those keys only, in their order.
"""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict


class ReadArgs(ImmutableMultiDict):
    """Query arguments that remember which keys were asked for."""

    def _note(self, key) -> None:
        self.__dict__.setdefault("asked", set()).add(key)

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's signature
        self._note(key)
        return super().get(key, default, type)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def getlist(self, key, type=None):  # noqa: A002
        self._note(key)
        return super().getlist(key, type)

    def __contains__(self, key) -> bool:
        self._note(key)
        return super().__contains__(key)


class IkgRequest(Request):
    parameter_storage_class = ReadArgs


def read_args(args) -> list[tuple[str, str]]:
    """The ``(key, value)`` pairs of ``args`` whose key the page read."""
    asked = getattr(args, "__dict__", {}).get("asked", set())
    return [(k, v) for k, v in args.items(multi=True) if k in asked]


def page_args() -> dict[str, str]:
    """The page's read parameters (the first value of each), for links to other formats of it."""
    from flask import request

    return {k: v for k, v in reversed(read_args(request.args)) if k != "lang"}

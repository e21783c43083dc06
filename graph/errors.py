"""The one error family of ikg; each error carries the HTTP status it maps to.

Library code raises these; only the command line turns them into an exit code and the web
app into a response. Messages say what happened and what to do next.
"""


class KGError(Exception):
    """Base class: a failure the user can understand and act on."""

    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DocumentError(KGError):
    """A document could not be read (empty, binary, unknown encoding, unsupported type)."""

    status = 422

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NotFound(KGError):
    status = 404


class BadQuery(KGError):
    status = 400


class QueryTimeout(KGError):
    status = 408


class StoreUnavailable(KGError):
    status = 503


class ConfigError(KGError):
    status = 500


class MissingPart(ConfigError):
    """A part of the machine ikg relies on is missing (Chromium for PDFs, the bundled font): 503.

    ``part`` names it (``chromium``, ``chromium_start``, ``font``) so the web app can say it in the
    page's language; ``install`` is the command that puts it back. The service is unavailable until
    it is installed, which is what 503 means; it is still a ``ConfigError``, as before.
    """

    status = 503

    def __init__(self, part: str, install: str, message: str):
        super().__init__(message)
        self.part = part
        self.install = install

"""``ikg serve``: the explorer behind gunicorn (two or more workers), Flask's server only with --debug."""

from __future__ import annotations

import multiprocessing


def run_gunicorn(host: str, port: int, workers: int, config: dict | None = None) -> None:
    import os
    import tempfile

    from gunicorn.app.base import BaseApplication

    from webapp import config as settings
    from webapp import create_app
    from webapp.deadline import DeadlineWorker
    from webapp.ratelimit import SCHEME

    config = dict(config or {})
    DeadlineWorker.read_timeout = settings.load(config)["REQUEST_READ_TIMEOUT"]
    if not (config.get("RATE_LIMIT_STORAGE") or os.environ.get("IKG_RATE_LIMIT_STORAGE")):
        # made before the fork: every worker counts each client's requests in this one file
        folder = tempfile.mkdtemp(prefix="ikg-limits-")
        config["RATE_LIMIT_STORAGE"] = f"{SCHEME}://{folder}/counts.sqlite"

    class _App(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "webapp.deadline.DeadlineWorker")
            self.cfg.set("threads", 4)
            self.cfg.set("timeout", 60)
            self.cfg.set("accesslog", "-")
            self.cfg.set("limit_request_line", 16384)

        def load(self):
            return create_app(config)

    _App().run()


def default_workers() -> int:
    return max(2, min(4, multiprocessing.cpu_count()))

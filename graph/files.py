"""Writing a file so that a reader (or a crash) never finds half of it under its real name."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def atomic_write(path: str | os.PathLike, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` on a hidden file beside ``path``, then rename it to ``path`` in one step.

    If ``write`` fails (disk full, a bad query) the hidden file is removed and ``path`` is as it
    was; if the process is killed, only ``.NAME.tmp`` can be left, and the next write replaces it.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with open(tmp, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

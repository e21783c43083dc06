"""The bundled CJK font: pictures and PDF reports draw Chinese with it, on any machine.

ikg ships a subset of Noto Sans CJK SC (``webapp/static/fonts/``, SIL OFL 1.1, made by
``make_subset.py``) instead of hoping for a system font: matplotlib registers the file and uses
its family, always, so the same subgraph gives the same picture everywhere; Chromium gets its bytes
as a ``FontFace``. ``IKG_FONT`` points at another font file (tests use it to remove the
font). A missing, damaged or non-Chinese font file is a :class:`graph.errors.MissingPart`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from graph.errors import MissingPart

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts"
FONT_FILE = FONT_DIR / "ikg-NotoSansCJKsc-Regular.otf"
#: The bundled file's family (``make_subset.py`` renames it, so no system copy can stand in for it).
FAMILY = "ikg Noto Sans CJK SC"
POSTSCRIPT = "ikgNotoSansCJKsc-Regular"
#: Characters a usable font must draw.
PROBE = "智能家电产业集群"
#: Puts the bundled font back (run in the ikg source folder).
REINSTALL = "pip install --force-reinstall ."


def font_path() -> Path:
    """The font file in use: ``$IKG_FONT`` if set, else the bundled one."""
    return Path(os.environ.get("IKG_FONT") or FONT_FILE)


def checked(path: Path | None = None) -> Path:
    """``path`` (default :func:`font_path`) if it is a font that draws Chinese, else ``MissingPart``."""
    path = path or font_path()
    try:
        stat = path.stat()
    except OSError:
        raise _missing(path, "is missing") from None
    reason = _check(str(path), stat.st_mtime_ns, stat.st_size)
    if reason:
        raise _missing(path, reason)
    return path


@cache
def _check(path: str, mtime: int, size: int) -> str:
    """Why the font at ``path`` cannot be used ("" if it can); cached per file version."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path)
    except (OSError, RuntimeError, ValueError) as exc:
        return f"cannot be read as a font ({exc})"
    if not all(font.get_char_index(ord(c)) for c in PROBE):
        return f"has no glyphs for {PROBE}"
    return ""


def _missing(path: Path, reason: str) -> MissingPart:
    return MissingPart("font", REINSTALL, f"the font {path} {reason}: pictures and PDF reports need it to draw "
                                          f"Chinese. Reinstall ikg (`{REINSTALL}` in its "
                                          "source folder) or unset IKG_FONT.")


def family() -> str:
    """The checked font's family, registered with matplotlib once per file."""
    return _register(str(checked()))


@cache
def _register(path: str) -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()

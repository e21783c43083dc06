"""Make the bundled CJK font: Noto Sans CJK SC cut down to what ikg draws.

Pictures and PDF reports must draw Chinese on a machine with no CJK font, so ikg ships one.
The whole face is 16 MB; this subset keeps ASCII, Latin-1, general punctuation, arrows, CJK
symbols and punctuation, full-width forms, the 6,763 GB2312 hanzi, and every character of the
bundled corpus, the ontology, the gazetteer and the web app's own strings and templates. It is
renamed ``ikg Noto Sans CJK SC`` (a Modified Version under the SIL OFL 1.1, see ``OFL.txt``),
so matplotlib never confuses it with a system copy of the full face.

Run from the repository root (fontTools comes with the ``test`` extra)::

    .venv/bin/python webapp/static/fonts/make_subset.py \\
        --source /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[3]
OUT = Path(__file__).resolve().parent / "ikg-NotoSansCJKsc-Regular.otf"
SOURCE_FAMILY = "Noto Sans CJK SC"
FAMILY = "ikg Noto Sans CJK SC"
POSTSCRIPT = "ikgNotoSansCJKsc-Regular"
#: Unicode blocks kept whole: ASCII, Latin-1, general punctuation, arrows, CJK symbols, full-width forms.
BLOCKS = ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x21FF), (0x3000, 0x303F), (0xFF00, 0xFFEF))
#: Files whose characters are drawn in pictures, reports and pages.
TEXTS = ("data/corpus/*.txt", "ontology/*.ttl", "ontology/gazetteer.jsonl", "webapp/**/*.py",
         "webapp/templates/*.html")


def gb2312_hanzi() -> set[str]:
    """The GB2312 hanzi, levels 1 and 2: rows 16-87 (lead bytes 0xB0-0xF7), 94 cells each.

    >>> hanzi = gb2312_hanzi()
    >>> len(hanzi), "智" in hanzi, "啊" in hanzi
    (6763, True, True)
    """
    found = set()
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                found.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:  # row 55 ends at 0xF9
                continue
    return found


def characters(root: Path = ROOT) -> set[str]:
    """Every character the subset must hold."""
    chars = {chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1)} | gb2312_hanzi()
    for pattern in TEXTS:
        for path in sorted(root.glob(pattern)):
            chars |= set(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() or c == " "}


def make(source: Path, out: Path = OUT) -> Path:
    """Subset the SC face of ``source`` (a .ttc or .otf) to :func:`characters` and rename it."""
    fonts = TTCollection(str(source)).fonts if source.suffix.lower() == ".ttc" else None
    if fonts is None:
        from fontTools.ttLib import TTFont

        fonts = [TTFont(str(source))]
    font = next(f for f in fonts if f["name"].getDebugName(1) == SOURCE_FAMILY)
    options = subset.Options()
    options.hinting = False  # CFF hints barely matter at picture sizes; they cost ~10%
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14]  # keep the licence and credits
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(characters())))
    subsetter.subset(font)
    _rename(font)
    font.save(str(out))
    return out


def _rename(font) -> None:
    """A Modified Version gets its own name (OFL 1.1, condition 3 is about reserved names; none here)."""
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):  # typographic family names of the original
            names.removeNames(nameID=record.nameID)
    names.names = [r for r in names.names if r.platformID == 3]  # Windows names only, as fontTools writes them
    for name_id, value in ((1, FAMILY), (3, f"2.004;ikg subset;{POSTSCRIPT}"), (4, FAMILY), (6, POSTSCRIPT)):
        names.setName(value, name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [POSTSCRIPT]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = FAMILY, FAMILY


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
                        help="Noto Sans CJK collection (Debian package fonts-noto-cjk) or the SC .otf")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the subset")
    args = parser.parse_args()
    out = make(args.source, args.out)
    print(f"{out}: {out.stat().st_size:,} bytes, {len(characters()):,} characters")


if __name__ == "__main__":
    main()

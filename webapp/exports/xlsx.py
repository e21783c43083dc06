"""XLSX: one workbook, sheets ``nodes``, ``edges`` and ``documents`` (the CSV tables), cells neutralised."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from webapp.exports import Exporter, _table

#: A fixed creation time, so the same subgraph gives the same workbook.
EPOCH = datetime(2000, 1, 1)


def _cell(value):
    """Without the characters XLSX cannot hold, neutralised again (stripping may uncover an ``=``)."""
    return _table.neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)) if isinstance(value, str) else value


def render(subgraph) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in _table.tables(subgraph).items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(c) for c in row])
        sheet.freeze_panes = "A2"
    book.properties.created = book.properties.modified = EPOCH
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXPORTER = Exporter("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", render)

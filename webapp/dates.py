"""The time filter's date, as a form of year/month/day selects sends it or as ``until=`` links carry it.

Chromium draws ``<input type="date">`` in the browser's locale (``mm/dd/yyyy``), whatever the
page's ``lang`` (issue 14), so the pages offer three selects instead and the server composes the
date: a year alone means its last day, a year and month the month's last day.
"""

from __future__ import annotations

import calendar
from datetime import date

PARTS = ("year", "month", "day")


class DateError(ValueError):
    """The parts do not make a date; the message says which part is wrong."""


def compose(year: str, month: str = "", day: str = "") -> str | None:
    """``YYYY-MM-DD`` from the selects' values (``None`` when no year is chosen).

    >>> compose("2022"), compose("2024", "2"), compose("2024", "7", "3"), compose("")
    ('2022-12-31', '2024-02-29', '2024-07-03', None)
    """
    if not year:
        if month or day:
            raise DateError("choose a year before a month or a day")
        return None
    if day and not month:
        raise DateError("choose a month before a day")
    try:
        y = int(year)
        m = int(month) if month else 12
        d = int(day) if day else calendar.monthrange(y, m)[1]
        return date(y, m, d).isoformat()
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise DateError(f"{year}-{month or '?'}-{day or '?'} is not a date") from exc


def split(value: str | None) -> dict[str, int | None]:
    """The selects' chosen values for ``value`` (``YYYY-MM-DD`` or nothing).

    >>> split("2022-12-31"), split(None)
    ({'year': 2022, 'month': 12, 'day': 31}, {'year': None, 'month': None, 'day': None})
    """
    if not value:
        return dict.fromkeys(PARTS)
    chosen = date.fromisoformat(value)
    return {"year": chosen.year, "month": chosen.month, "day": chosen.day}


def years(dates, chosen: str | None = None) -> list[int]:
    """The years a select offers: those of the documents' dates (and the chosen one), newest first.

    >>> years(["2024-07-03", "2022-01-05", ""], "2019-01-01")
    [2024, 2022, 2019]
    """
    found = {int(d[:4]) for d in dates if d and d[:4].isdigit()}
    if chosen:
        found.add(int(chosen[:4]))
    return sorted(found, reverse=True)

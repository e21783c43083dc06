"""The page families of the explorer, one Blueprint each.

A request reads the store and the snapshot as one pair (``SnapshotCache.view``), taken at its
first use and kept in ``g``: a build swapped in meanwhile shows on the next request, never half
way through this one.
"""

from flask import current_app, g


def view():
    if "ikg_view" not in g:
        g.ikg_view = current_app.extensions["ikg"]["snapshot"].view()
    return g.ikg_view


def store():
    return view().store


def snapshot():
    """The request's snapshot, cut to the documents dated up to ``?until=`` when it is given:
    one place, so no view that takes the time filter can forget it (issue 14)."""
    from webapp.views.explore import _date_arg

    snap = view().snapshot
    until = _date_arg("until")
    return snap.until(until) if until else snap


def until_years(chosen: str | None = None) -> list[int]:
    """The years the time filter offers: every document's, whatever the cut shown."""
    from webapp.dates import years

    return years((d.date for d in view().snapshot.documents.values()), chosen)

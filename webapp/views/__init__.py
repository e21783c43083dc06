"""The page families of the explorer, one Blueprint each.

A request reads the store and the snapshot as one pair (``SnapshotCache.view``), taken at its
first use and kept in ``g``: a build swapped in meanwhile shows on the next request, never half
way through this one.
"""

from flask import current_app, g, request


def view():
    if "ikg_view" not in g:
        g.ikg_view = current_app.extensions["ikg"]["snapshot"].view()
    return g.ikg_view


def store():
    return view().store


def snapshot():
    """The request's snapshot, cut to the documents dated up to ``?until=`` when it is given:
    one place, so no view that takes the time filter can forget it (issue 14)."""
    snap = view().snapshot
    if request.args.get("until"):
        from webapp.views.explore import _date_arg

        return snap.until(_date_arg("until"))
    return snap

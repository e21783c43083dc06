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
    return view().snapshot

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


def mark_truncated(response, capped):
    """``X-IKG-Truncated`` on an answer cut to ``IKG_MAX_NODES``: ``capped`` is (shown, total)."""
    if capped and capped[0] < capped[1]:
        response.headers["X-IKG-Truncated"] = (f"showing {capped[0]} of {capped[1]} nodes "
                                               f"(IKG_MAX_NODES={current_app.config['MAX_NODES']}); narrow the view")
        response.headers["Access-Control-Expose-Headers"] = "X-IKG-Truncated"
    return response

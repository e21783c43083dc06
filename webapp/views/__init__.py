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


def mark_truncated(response, capped):
    """``X-IKG-Truncated`` on an answer cut to ``IKG_MAX_NODES``: ``capped`` is (shown, total)."""
    if capped and capped[0] < capped[1]:
        response.headers["X-IKG-Truncated"] = (f"showing {capped[0]} of {capped[1]} nodes "
                                               f"(IKG_MAX_NODES={current_app.config['MAX_NODES']}); narrow the view")
        response.headers["Access-Control-Expose-Headers"] = "X-IKG-Truncated"
    return response

"""The page families of the explorer, one Blueprint each."""

from flask import current_app


def store():
    return current_app.extensions["ikg"]["store"]


def snapshot():
    return current_app.extensions["ikg"]["snapshot"].get()

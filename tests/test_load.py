"""The short form of the load test (``benchmarks/load.py``) against the production server.

gunicorn with two workers on 127.0.0.1: every scenario answers without one error, and readers
running while ``ikg build`` swaps the store four times see no failed request and no answer
that mixes two builds. Latency goals are the benchmark's business, not asserted here.
"""

from __future__ import annotations

import pytest

from benchmarks import load

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("load")
    corpus, store = load.corpus_copy(folder / "corpus"), folder / "store"
    load.build(corpus, store)
    with load.serve(store, workers=2) as address:
        yield address, corpus, store


def test_every_scenario_answers_without_errors(served):
    address, _, _ = served
    plans = load.scenarios(address)
    assert set(plans) == {"entity page", "search", "neighbours", "sparql", "export", "mixed"}
    for name, paths in plans.items():
        stats = load.hammer(address, paths, clients=4, requests=120, seconds=60)
        assert stats.count == 120, name
        assert stats.errors == [], name


def test_readers_never_fail_nor_mix_builds_while_the_store_is_rebuilt(served):
    address, corpus, store = served
    stats, mixed = load.rebuild_under_load(address, corpus, store, rebuilds=4, clients=3)
    assert stats.errors == []
    assert mixed == []
    builds = {build for _, build in stats.answers}
    assert len(builds) >= 3, f"the readers saw only {len(builds)} builds: the swaps did not happen under load"
    assert stats.count > 500


def test_a_page_names_the_build_that_answered_it(served):
    address, _, _ = served
    status, headers, _ = load.get(address, "/")
    assert status == 200
    assert headers["X-IKG-Build"].startswith("20")

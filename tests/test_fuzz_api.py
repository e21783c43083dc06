"""schemathesis against ``/api/openapi.json`` on the bundled corpus (issue 7): no 5xx, and every
answer conforms to the description (status code, content type, headers, body schema).

The app is called through WSGI, no network. Each operation is fuzzed with data that fits its
description (positive) and data that does not (negative, which must be refused with a 4xx).
``IKG_FUZZ_EXAMPLES`` sets the examples per operation and mode, as in ``tests/test_fuzz.py``;
unset, it is 50 here (a request costs far more than a call), so the normal suite stays fast.

schemathesis's own ``from_fixture(...).parametrize()`` fails on pytest 9 (it sets
``request.node._nodeid``, which pytest 9 no longer has), so the cases are drawn with
``operation.as_strategy()`` under a plain ``@given``.
"""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.test_fuzz import FUZZ, examples
from webapp.openapi import SPEC

pytestmark = pytest.mark.fuzz

#: Query parameters that name an entity: a real IRI now and then gets the fuzzer past "no such
#: entity" into the code that lists neighbours or draws a neighbourhood.
IRI_PARAMS = ("iri", "focus", "industry", "region")


@pytest.fixture(scope="module")
def fuzz_app(built_store):
    """The explorer on the corpus, with a rate limit no fuzzer reaches (429 is documented)."""
    from webapp import create_app

    return create_app({"TESTING": True, "STORE_OBJECT": built_store, "SECRET_KEY": "test",
                       "RATE_LIMIT": "1000000 per minute"})


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", fuzz_app)


@pytest.fixture(scope="module")
def iris(fuzz_app):
    return sorted(fuzz_app.extensions["ikg"]["snapshot"].get().nodes)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("path", sorted(SPEC["paths"]))
def test_fuzz_api_conforms_to_its_openapi_description(api_schema, iris, path, mode):
    operation = api_schema[path]["GET"]
    real = st.fixed_dictionaries({}, optional={name: st.sampled_from(iris) for name in IRI_PARAMS})
    calls = []  # hypothesis's statistics leave out a @given run inside a test: count the requests

    @settings(FUZZ, max_examples=examples(50), database=None)  # one inner function for every operation and mode: no shared replays
    @given(case=operation.as_strategy(generation_mode=mode), real=real, focus=st.sampled_from(iris))
    def run(case, real, focus):
        query = case.query
        if mode == GenerationMode.POSITIVE and isinstance(query, dict):
            # schemathesis sometimes spells an integer 10.0, which no query string means as one.
            query |= {k: int(v) for k, v in query.items() if isinstance(v, float) and v.is_integer()}
            query |= {k: v for k, v in real.items() if isinstance(query.get(k), str)}
            if query.get("view") == "neighbourhood" and not query.get("focus"):
                query["focus"] = focus  # a dependency OpenAPI cannot state (see its description)
        calls.append(1)
        case.call_and_validate()

    started = time.perf_counter()
    run()
    print(f"fuzz: {path} {mode}: {len(calls)} requests in {time.perf_counter() - started:.0f} s")

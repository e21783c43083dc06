"""The extraction scores the issue asks for, on the annotated gold set."""

import pytest

from graph.evaluate import INDICATORS, evaluate

from .conftest import CORPUS, ROOT

REQUIRED = ("Cluster", "Park", "Platform", "Company", "Action", "Policy", INDICATORS)


@pytest.fixture(scope="module")
def scores():
    return evaluate(ROOT / "tests/data/gold", CORPUS)


@pytest.mark.parametrize("type_", REQUIRED)
def test_eval_f1_on_the_five_documents(scores, type_):
    score = scores[type_]
    assert score.f1 >= 0.90, f"{type_}: F1 {score.f1:.3f}; misses {score.misses}; extras {score.extras}"


def test_eval_counts_every_gold_entity(scores):
    assert sum(s.tp + s.fn for s in scores.values()) > 400

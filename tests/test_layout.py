"""Server-side positions: the exact forces for views, the sampled forces above ``EXACT_LIMIT`` nodes."""

import math
import random

import pytest

from webapp import layout as lay


def _graph(n: int, seed: int = 1):
    rng = random.Random(seed)
    nodes = [f"n{i:04d}" for i in range(n)]
    edges = [(nodes[i], nodes[rng.randrange(i)]) for i in range(1, n)]  # a random tree
    return nodes, edges


@pytest.mark.parametrize("limit", [10_000, 50])  # exact, then sampled for the same graph
def test_layout_is_deterministic_and_keeps_linked_nodes_close(monkeypatch, limit):
    monkeypatch.setattr(lay, "EXACT_LIMIT", limit)
    monkeypatch.setattr(lay, "SAMPLE", 100)
    nodes, edges = _graph(400)
    pos = lay.layout(nodes, edges, scale=100.0)
    assert pos == lay.layout(nodes, edges, scale=100.0)
    assert all(math.isfinite(c) for p in pos.values() for c in p)
    linked = sum(math.dist(pos[s], pos[o]) for s, o in edges) / len(edges)
    rng = random.Random(2)
    anyhow = sum(math.dist(pos[rng.choice(nodes)], pos[rng.choice(nodes)]) for _ in range(2000)) / 2000
    assert linked < anyhow / 2, (linked, anyhow)
    assert len(set(pos.values())) > 0.9 * len(nodes), "nodes spread out, not piled up"

"""Positions for big network views, computed on the server so the browser draws with physics off.

NetworkX's spring layout switches to a per-node Python loop above 500 nodes (16 s for 2,000
nodes here); this is the same Fruchterman-Reingold force model with every node pair at once in
NumPy, started from the spectral layout, which settles in a few dozen steps.

Every pair at once is n² memory and time: 10,000 nodes took 110 s and 2 GB. Above
``EXACT_LIMIT`` nodes each step therefore repels every node from a random ``SAMPLE`` of the
others (scaled up to all of them) and pulls along the edge list only, and the spectral start is
found by shift-invert (:func:`_spectral`); both stay deterministic for a seed. Views and
pictures of a few thousand nodes keep the exact forces and networkx's spectral start.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

EXACT_LIMIT = 2500  # nodes up to which every pair of nodes repels
SAMPLE = 1000  # nodes each node is repelled from in one step above it


def layout(nodes: list[str], edges: list[tuple[str, str]], iterations: int = 40, seed: int = 7,
           scale: float = 1.0) -> dict[str, tuple[float, float]]:
    """``node -> (x, y)``, deterministic for the same nodes, edges and seed.

    >>> pos = layout(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> sorted(pos) == ["a", "b", "c"] and all(len(p) == 2 for p in pos.values())
    True
    """
    n = len(nodes)
    if n == 0:
        return {}
    if n < 3:
        return {node: (float(i) * scale, 0.0) for i, node in enumerate(nodes)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[s], index[o]))) for s, o in edges if s in index and o in index and s != o})
    pos = _start(nodes, edges, seed)
    if n <= EXACT_LIMIT:
        adjacency = np.zeros((n, n), dtype=np.float32)
        for a, b in pairs:
            adjacency[a, b] = adjacency[b, a] = 1.0
        forces = _exact(adjacency)
    else:
        forces = _sampled(np.array(pairs, dtype=np.int64).reshape(-1, 2), n, seed)
    pos = _relax(pos, iterations, forces)
    pos -= pos.mean(axis=0)
    pos *= scale / max(float(np.abs(pos).max()), 1e-9)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, pos, strict=True)}


def _start(nodes, edges, seed) -> np.ndarray:
    """Spectral positions (cheap, puts linked nodes near each other) with a little noise."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    rng = np.random.default_rng(seed)
    if g.number_of_edges() and len(nodes) > EXACT_LIMIT:
        pos = _spectral(g, nodes, rng).astype(np.float32)
    else:
        start = nx.spectral_layout(g) if g.number_of_edges() else nx.random_layout(g, seed=seed)
        pos = np.array([start[node] for node in nodes], dtype=np.float32)
    return pos + rng.normal(0, 0.05, pos.shape).astype(np.float32)


def _spectral(g: nx.Graph, nodes: list[str], rng) -> np.ndarray:
    """The Laplacian's second and third eigenvectors, found by shift-invert.

    networkx asks ARPACK for the smallest eigenvalues directly (``which="SM"``), which took 110 s
    on a 10,000-node subgraph with hubs; factorising the Laplacian and asking for the largest of
    its inverse takes 2 s. A fixed start vector keeps the result the same on every run.
    """
    import scipy.sparse as sp
    from scipy.sparse.linalg import eigsh

    adjacency = nx.to_scipy_sparse_array(g, nodelist=nodes, format="csr", dtype=float)
    laplacian = sp.diags(np.asarray(adjacency.sum(axis=1)).ravel()) - adjacency
    shifted = sp.csc_matrix(laplacian + 1e-6 * sp.identity(len(nodes)))
    _, vectors = eigsh(shifted, k=3, sigma=0, which="LM", v0=rng.random(len(nodes)))
    pos = vectors[:, 1:3]
    return pos / max(float(np.abs(pos).max()), 1e-9)


def _relax(pos: np.ndarray, iterations: int, forces) -> np.ndarray:
    """Fruchterman-Reingold steps: each node moves along its net force, by a cooling temperature."""
    temperature = np.float32(0.1)
    cooling = temperature / (iterations + 1)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for _ in range(iterations):
        mx, my = forces(x, y)
        length = np.sqrt(mx * mx + my * my)
        np.clip(length, 0.01, None, out=length)
        step = temperature / length
        x += mx * step
        y += my * step
        temperature -= cooling
    return np.stack([x, y], axis=1)


def _repulsion(x, y, others, k2):
    """Each node's push away from ``others`` (indices), k^2/d^2 along each pair, and the pairs' dx, dy, d^2."""
    dx = x[:, None] - x[None, others]
    dy = y[:, None] - y[None, others]
    d2 = dx * dx
    d2 += dy * dy
    np.clip(d2, 1e-4, None, out=d2)
    return dx, dy, d2, k2 / d2


def _exact(adjacency: np.ndarray):
    """Forces between every pair of nodes: repulsion k^2/d^2, attraction d/k along edges."""
    n = len(adjacency)
    k2, inv_k = np.float32(1.0 / n), np.float32(np.sqrt(n))

    def forces(x, y):
        dx, dy, d2, force = _repulsion(x, y, slice(None), k2)
        force -= adjacency * np.sqrt(d2) * inv_k
        return (dx * force).sum(axis=1), (dy * force).sum(axis=1)

    return forces


def _sampled(pairs: np.ndarray, n: int, seed: int):
    """The same forces in O(n * SAMPLE + edges) a step: repulsion from a sample, attraction per edge."""
    rng = np.random.default_rng(seed)
    k2 = np.float32(1.0 / n) * np.float32(n / SAMPLE)  # the sample stands for all n nodes
    inv_k = np.float32(np.sqrt(n))
    src, dst = pairs[:, 0], pairs[:, 1]

    def forces(x, y):
        dx, dy, _, force = _repulsion(x, y, rng.choice(n, SAMPLE, replace=False), k2)
        mx, my = (dx * force).sum(axis=1), (dy * force).sum(axis=1)
        ex, ey = x[src] - x[dst], y[src] - y[dst]
        pull = np.sqrt(ex * ex + ey * ey) * inv_k
        np.subtract.at(mx, src, ex * pull)
        np.add.at(mx, dst, ex * pull)
        np.subtract.at(my, src, ey * pull)
        np.add.at(my, dst, ey * pull)
        return mx, my

    return forces

"""Who is central: degree, PageRank and betweenness."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.network.edges import node_label

__all__ = [
    "BETWEENNESS_EXACT_MAX",
    "BETWEENNESS_SAMPLE",
    "betweenness_sample",
    "compute_centrality",
    "simple_digraph",
]


def simple_digraph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """One arc per ordered pair, weighted by the number of relations between them."""
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes)
    for u, v in G.edges():
        if u == v:
            continue
        if D.has_edge(u, v):
            D[u][v]["weight"] += 1
        else:
            D.add_edge(u, v, weight=1)
    return D


#: Betweenness is computed exactly up to this many entities; above it, it is
#: estimated from :data:`BETWEENNESS_SAMPLE` source entities picked with a fixed
#: seed (exact betweenness costs O(nodes x edges): hours at 100,000 entities).
BETWEENNESS_EXACT_MAX = 1000


BETWEENNESS_SAMPLE = 100


def betweenness_sample(node_count: int) -> int | None:
    """How many sampled sources to estimate betweenness from; None means exact.

    >>> betweenness_sample(45), betweenness_sample(100_000)
    (None, 100)
    """
    return BETWEENNESS_SAMPLE if node_count > BETWEENNESS_EXACT_MAX else None


def compute_centrality(
    G: nx.MultiDiGraph,
    *,
    top: int | None = None,
    betweenness_k: int | None = None,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Degree, PageRank and betweenness of each connected entity, by PageRank.

    - ``degree``: how many other entities an entity is linked to, either way.
    - ``pagerank``: the share of time a random walk along the edges (in their
      direction, weighted by the number of relations on an arc; damping 0.85)
      spends at the entity: high for those that important actors invest in or
      supply. Sums to 1 over all nodes.
    - ``betweenness``: the share of shortest paths between other pairs that
      pass through the entity, ignoring direction (normalised to 0-1). With
      ``betweenness_k`` it is estimated from that many source nodes picked
      with ``seed``.

    Entities without edges are left out. Ties are broken by label.

    >>> G = nx.MultiDiGraph([("a", "c"), ("b", "c"), ("c", "d")])
    >>> [row["entity"] for row in compute_centrality(G)]
    ['d', 'c', 'a', 'b']
    >>> compute_centrality(G)[1]["betweenness"]
    1.0
    """
    D = simple_digraph(G)
    D.remove_nodes_from([n for n in list(D) if D.degree(n) == 0])
    connected = list(D)
    if not connected:
        return []
    pagerank = nx.pagerank(D, weight="weight")
    U = D.to_undirected(as_view=True)
    k = betweenness_k if betweenness_k is not None and betweenness_k < len(U) else None
    betweenness = nx.betweenness_centrality(U, k=k, seed=seed if k else None)
    rows = [
        {
            "entity": n,
            "label": node_label(G, n),
            "kind": G.nodes[n].get("kind", "Entity"),
            "degree": U.degree(n),
            "in_relations": G.in_degree(n),
            "out_relations": G.out_degree(n),
            "pagerank": round(pagerank[n], 6),
            "betweenness": round(betweenness[n], 6),
        }
        for n in connected
    ]
    rows.sort(key=lambda r: (-r["pagerank"], -r["betweenness"], r["label"], r["entity"]))
    return rows[:top] if top is not None else rows

"""Groups of entities more linked to each other than to the rest."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.network.centrality import simple_digraph
from graph.network.edges import node_label

__all__ = ["find_communities"]


def find_communities(G: nx.MultiDiGraph, *, seed: int = 42) -> list[dict[str, Any]]:
    """Groups of entities more tightly linked to each other than to the rest.

    Louvain modularity maximisation (networkx, fixed ``seed`` so the answer is
    stable) on the undirected graph, each pair weighted by its number of
    relations. Entities without edges are left out. Largest group first,
    numbered from 1; members sorted by label.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> [c["entities"] for c in find_communities(G)]
    [['a', 'b', 'c'], ['x', 'y']]
    """
    U = simple_digraph(G).to_undirected()
    U.remove_nodes_from([n for n in list(U) if U.degree(n) == 0])
    if U.number_of_nodes() == 0:
        return []
    groups = nx.community.louvain_communities(U, weight="weight", seed=seed)
    ordered = []
    for members in groups:
        entities = sorted(members, key=lambda n: (node_label(G, n), n))
        ordered.append(entities)
    ordered.sort(key=lambda m: (-len(m), node_label(G, m[0]), m[0]))
    return [
        {
            "community": i,
            "size": len(members),
            "entities": members,
            "labels": [node_label(G, n) for n in members],
        }
        for i, members in enumerate(ordered, start=1)
    ]

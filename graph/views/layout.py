"""Deterministic, fast positions for the nodes of a view."""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

__all__ = ["PHYSICS_MAX_NODES", "SEED", "layout_positions"]

#: Up to this many nodes the browser refines the layout with a bounded physics run;
#: above it the layout is computed here and physics stays off.
PHYSICS_MAX_NODES = 300
#: The seed of every random choice in a layout.
SEED = 7


def layout_positions(G: nx.Graph) -> dict[str, tuple[int, int]]:
    """Deterministic x, y positions (pixels) for every node of ``G``.

    Small graphs get a seeded spring layout; larger ones a layout by class: each class
    is a disc of nodes (hubs in the middle) and the discs are packed in rows. Both
    run in well under a second at :data:`PHYSICS_MAX_NODES` and :data:`MAX_NODES`.

    >>> pos = layout_positions(nx.path_graph(["a", "b", "c"]))
    >>> sorted(pos) == ["a", "b", "c"] and pos == layout_positions(nx.path_graph(["a", "b", "c"]))
    True
    """
    nodes = sorted(G, key=str)
    if not nodes:
        return {}
    if len(nodes) <= PHYSICS_MAX_NODES:
        H = nx.Graph()
        H.add_nodes_from(nodes)
        H.add_edges_from(sorted({tuple(sorted((str(u), str(v)))) for u, v in G.edges() if u != v}))
        scale = 90 * math.sqrt(len(nodes)) + 50
        spring = nx.spring_layout(H, seed=SEED, scale=scale)
        return {n: (round(float(spring[n][0])), round(float(spring[n][1]))) for n in nodes}
    return _class_layout(G, nodes)


def _class_layout(G: nx.Graph, nodes: list[str]) -> dict[str, tuple[int, int]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        groups[str(G.nodes[n].get("kind", "Entity"))].append(n)
    degree = dict(G.degree())
    spacing = 40.0
    golden = math.pi * (3 - math.sqrt(5))
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    total_area = sum(len(v) for v in groups.values()) * spacing**2 * 1.6
    row_width = max(math.sqrt(total_area) * 1.4, 1.0)
    pos: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for kind in order:
        members = sorted(groups[kind], key=lambda n: (-degree[n], n))
        radius = spacing * math.sqrt(len(members)) + spacing
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + radius, y + radius
        for i, n in enumerate(members):
            r = spacing * math.sqrt(i + 0.5)
            pos[n] = (round(cx + r * math.cos(i * golden)), round(cy + r * math.sin(i * golden)))
        x += 2 * radius + spacing
        row_height = max(row_height, 2 * radius + spacing)
    return pos

"""Views of the network analytics: node size by centrality, shortest paths, circular flows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import networkx as nx
from rdflib import Graph

from graph.model.errors import AikgError
from graph.network.centrality import betweenness_sample, compute_centrality
from graph.network.convert import to_networkx
from graph.network.flows import find_circular_flows
from graph.network.lookup import fetch_sources, find_entity, network_sources
from graph.network.paths import find_paths, format_path
from graph.store.base import Store
from graph.views.page import render_network
from graph.views.text import describe_scope

__all__ = ["SIZE_MEASURES", "centrality_sizes", "render_cycles", "render_path"]

#: The measures a view may size its nodes by, with their names in the legend.
SIZE_MEASURES = {"pagerank": "PageRank", "betweenness": "betweenness", "degree": "degree"}


def centrality_sizes(G: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    """Each node's ``measure`` (pagerank, betweenness or degree) from
    :func:`graph.network.centrality.compute_centrality`; 0 for nodes without relations.

    >>> G = nx.MultiDiGraph([("a", "c"), ("b", "c"), ("c", "d")])
    >>> centrality_sizes(G, "degree")["c"]
    3.0

    Raises:
        AikgError: an unknown measure.
    """
    if measure not in SIZE_MEASURES:
        raise AikgError(f"--size-by: unknown measure {measure!r}; use {', '.join(SIZE_MEASURES)}")
    rows = compute_centrality(G, betweenness_k=betweenness_sample(len(G)))
    sizes = {str(n): 0.0 for n in G}
    sizes.update({str(r["entity"]): float(r[measure]) for r in rows})
    return sizes


def _left_out(G: nx.MultiDiGraph) -> str:
    """How many undated statements an as-of network left out, for a subtitle."""
    count = G.graph.get("undated_statements")
    if count is None:
        return ""
    return f"; {count} undated statement{'' if count == 1 else 's'} left out (no known start)"


def render_path(
    g: Graph | Store,
    source: str,
    target: str,
    *,
    all_paths: bool = False,
    families: Sequence[str] | None = None,
    as_of: date | None = None,
) -> str:
    """The shortest chain(s) of relations between two entities (slugs, labels or aliases),
    found by :func:`graph.network.paths.find_paths`, with the path's relations drawn thick.
    As of a day, undated statements are left out, as the analytics leave them, and the
    subtitle says how many.

    Raises:
        UnknownEntityError: a name that no entity has.
        AikgError: the same entity twice, or no connection.
    """
    a, b = str(find_entity(g, source)), str(find_entity(g, target))
    if a == b:
        raise AikgError(f"{source!r} and {target!r} are the same entity")
    G = to_networkx(g, families=families, as_of=as_of, merge_symmetric=True)
    chains = find_paths(G, a, b, all_paths=all_paths)
    if not chains:
        raise AikgError(
            f"no connection between {G.nodes[a]['label']} and {G.nodes[b]['label']} "
            f"({describe_scope(families, as_of)}{_left_out(G)})"
        )
    nodes = {n for chain in chains for hop in chain for n in (hop["from"], hop["to"])}
    emphasis = {
        (str(e["subject"]), str(e["object"]), str(e["relation"]))
        for chain in chains
        for hop in chain
        for e in hop["edges"]
    }
    H = G.subgraph(nodes).copy()
    count = f"{len(chains)} shortest paths" if len(chains) > 1 else format_path(chains[0])
    return render_network(
        H,
        title=f"From {G.nodes[a]['label']} to {G.nodes[b]['label']}",
        subtitle=f"{count}; {describe_scope(families, as_of)}{_left_out(G)}",
        sources=fetch_sources(g, network_sources(H)),
        focus=a,
        emphasis=emphasis,
        emphasis_note="on a shortest path",
    )


def render_cycles(g: Graph | Store, *, max_length: int = 4, as_of: date | None = None) -> str:
    """The circular money flows of :func:`graph.network.flows.find_circular_flows` (investment
    out, payment back, from payer to payee), each cycle's relations drawn thick. As of a
    day, undated statements are left out and the subtitle says how many.

    Raises:
        AikgError: ``max_length`` below 2.
    """
    G = to_networkx(g, families=["investment", "supply"], as_of=as_of, merge_symmetric=True)
    cycles = find_circular_flows(G, max_length=max_length)
    nodes = {n for cycle in cycles for n in cycle["entities"]}
    emphasis = {
        (str(f["subject"]), str(f["object"]), str(f["relation"]))
        for cycle in cycles
        for hop in cycle["hops"]
        for f in hop["flows"]
    }
    H = G.subgraph(nodes).copy()
    return render_network(
        H,
        title="Circular money flows",
        subtitle=(
            f"{len(cycles)} {'cycle' if len(cycles) == 1 else 'cycles'} of at most "
            f"{max_length} entities; "
            f"{describe_scope(['investment', 'supply'], as_of)}{_left_out(G)}"
        ),
        sources=fetch_sources(g, network_sources(H)),
        emphasis=emphasis,
        emphasis_note="part of a circular flow",
    )

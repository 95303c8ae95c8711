"""Money that goes round in circles: investment out, purchases back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.model.errors import AikgError
from graph.network.edges import node_label, shown_statement, summarize_edge

__all__ = ["FLOW_FAMILIES", "find_circular_flows", "format_cycle"]


#: Families that move money, and which way: ``investment`` edges carry money
#: from subject to object; ``supply`` edges carry goods from subject to object,
#: so the payment for them flows from object to subject.
FLOW_FAMILIES: dict[str, str] = {"investment": "forward", "supply": "backward"}


def _flow_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Money flows: an arc u→v lists the edges of ``G`` that move money from u to v."""
    M = nx.DiGraph()
    for u, v, key, data in G.edges(keys=True, data=True):
        direction = FLOW_FAMILIES.get(str(data.get("family")))
        if direction is None or u == v:
            continue
        payer, payee = (u, v) if direction == "forward" else (v, u)
        flow = {
            "kind": "investment" if direction == "forward" else "payment for supply",
            "family": data.get("family"),
            "subject": u,
            "object": v,
            "relation": data.get("relation", key),
            "label": data.get("label", key),
            "summary": summarize_edge(data),
            "statements": [shown_statement(st) for st in data.get("statements", [])],
        }
        if M.has_edge(payer, payee):
            M[payer][payee]["flows"].append(flow)
        else:
            M.add_edge(payer, payee, flows=[flow])
    return M


def _bounded_cycles(M: nx.DiGraph, max_length: int) -> Iterator[list[str]]:
    """Every simple cycle of at most ``max_length`` nodes, once each.

    Each cycle is found from its earliest node in ``M``'s order, walking only
    through later nodes: for short bounds this is much faster than
    ``nx.simple_cycles(M, length_bound=…)`` and finds the same cycles.

    >>> sorted(_bounded_cycles(nx.DiGraph([(1, 2), (2, 1), (2, 3), (3, 1)]), 3))
    [[1, 2], [1, 2, 3]]
    """
    order = {n: i for i, n in enumerate(M)}
    for start in M:
        yield from _walk_cycles(M, order, [start], {start}, max_length)


def _walk_cycles(
    M: nx.DiGraph, order: dict[str, int], path: list[str], on_path: set[str], max_length: int
) -> Iterator[list[str]]:
    start, low = path[0], order[path[0]]
    for nxt in M.succ[path[-1]]:
        if nxt == start:
            yield list(path)
        elif order[nxt] > low and nxt not in on_path and len(path) < max_length:
            path.append(nxt)
            on_path.add(nxt)
            yield from _walk_cycles(M, order, path, on_path, max_length)
            path.pop()
            on_path.discard(nxt)


def find_circular_flows(G: nx.MultiDiGraph, *, max_length: int = 4) -> list[dict[str, Any]]:
    """Cycles of money that mix investment with payment for supply.

    Every ``investment`` edge A→B moves money from A to B; every ``supply``
    edge A→B (A provides compute, chips or technology to B) moves money from B
    to A, as B pays for what it gets. A circular flow is a simple directed
    cycle of such money movements, of at most ``max_length`` entities, in
    which at least one step is an investment and another step is a payment
    for supply. The shortest case: A invests in B and A supplies B, so the
    money A puts into B comes back to A as B's purchases.

    Each cycle starts at an investor (smallest label first) and lists its
    ``hops``: from, to and the ``flows`` (edges with their statements, dated as the
    data writes them, without the computed ``holds_from``/``holds_until``) that
    move money along that hop. Sorted by length, then labels.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("n", "o", relation="investsIn", family="investment", statements=[])
    >>> _ = G.add_edge("n", "o", relation="suppliesChipsTo", family="supply", statements=[])
    >>> [c["entities"] for c in find_circular_flows(G)]
    [['n', 'o']]

    Raises:
        AikgError: ``max_length`` below 2.
    """
    if max_length < 2:
        raise AikgError(f"max length must be at least 2, not {max_length}")
    M = _flow_graph(G)
    found = []
    for cycle in _bounded_cycles(M, max_length):
        hops = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
        kinds = [{f["kind"] for f in M[u][v]["flows"]} for u, v in hops]
        invest = {i for i, k in enumerate(kinds) if "investment" in k}
        supply = {i for i, k in enumerate(kinds) if "payment for supply" in k}
        if not invest or not supply or (len(invest | supply) < 2):
            continue
        starts = sorted(invest, key=lambda i: (node_label(G, cycle[i]), cycle[i]))
        first = starts[0]
        cycle = cycle[first:] + cycle[:first]
        hops = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
        found.append(
            {
                "entities": cycle,
                "labels": [node_label(G, n) for n in cycle],
                "length": len(cycle),
                "hops": [
                    {
                        "from": u,
                        "to": v,
                        "from_label": node_label(G, u),
                        "to_label": node_label(G, v),
                        "flows": sorted(M[u][v]["flows"], key=lambda f: (f["kind"], f["relation"])),
                    }
                    for u, v in hops
                ],
            }
        )
    found.sort(key=lambda c: (c["length"], c["labels"], c["entities"]))
    return found


def format_cycle(cycle: dict[str, Any]) -> str:
    """One line per cycle: who pays whom, and why.

    >>> print(format_cycle({"labels": ["A", "B"], "hops": [
    ...     {"to_label": "B", "flows": [{"kind": "investment", "label": "invests in"}]},
    ...     {"to_label": "A", "flows": [{"kind": "payment for supply",
    ...                                  "label": "supplies chips to"}]}]}))
    A =[invests in]=> B =[pays for: supplies chips to]=> A
    """
    parts = [cycle["labels"][0]]
    for hop in cycle["hops"]:
        reasons = " / ".join(
            ("pays for: " if f["kind"] == "payment for supply" else "") + f["label"]
            for f in hop["flows"]
        )
        parts.append(f"=[{reasons}]=> {hop['to_label']}")
    return " ".join(parts)

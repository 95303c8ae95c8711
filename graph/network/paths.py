"""How two entities are connected: shortest chains of relations."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx

from graph.model.errors import AikgError
from graph.model.time import end_text, start_text
from graph.network.edges import FAMILY_ORDER, node_label

__all__ = ["find_paths", "format_path"]


def _edge_record(G: nx.MultiDiGraph, u: str, v: str, key: str) -> dict[str, Any]:
    data = G.edges[u, v, key]
    return {
        "subject": u,
        "object": v,
        "subject_label": node_label(G, u),
        "object_label": node_label(G, v),
        "relation": data.get("relation", key),
        "label": data.get("label", key),
        "family": data.get("family", ""),
        "symmetric": bool(data.get("symmetric", False)),
        "statements": [
            {
                "iri": st["iri"],
                "start": start_text(st),
                "end": end_text(st),
                "amount": st.get("amount", ""),
                "currency": st.get("currency", ""),
                "amount_kind": st.get("amount_kind", ""),
                "amount_bound": st.get("amount_bound", ""),
                "payer": st.get("payer", ""),
                "payee": st.get("payee", ""),
                "deal": st.get("deal", ""),
                "status": st.get("status", ""),
                "evidence": st.get("evidence", ""),
                "undated": bool(st.get("undated")),
                "sources": list(st.get("sources", [])),
            }
            for st in data.get("statements", [])
        ],
    }


def find_paths(
    G: nx.MultiDiGraph, source: str, target: str, *, all_paths: bool = False
) -> list[list[dict[str, Any]]]:
    """The shortest chains of relations linking ``source`` to ``target``.

    Edges are followed in either direction; each hop keeps the true direction
    of its relations. A hop lists every relation between its two entities,
    the most telling first: by family (investment, supply, partnership,
    competition, people, assets), directed before symmetric relations, then
    by name. Only one chain (the first by labels) unless
    ``all_paths``; none when they are not connected.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("s", "p", relation="investsIn", label="invests in", family="investment")
    >>> _ = G.add_edge("m", "p", relation="partnersWith", label="partners with",
    ...                family="partnership")
    >>> print(format_path(find_paths(G, "s", "m")[0]))
    s —invests in→ p ←partners with— m

    Raises:
        AikgError: ``source`` or ``target`` is not a node of ``G``.
    """
    for node in (source, target):
        if node not in G:
            raise AikgError(f"{node} is not in the network (try other --relations)")
    U = G.to_undirected(as_view=True)
    try:
        node_paths = list(nx.all_shortest_paths(U, source, target))
    except nx.NetworkXNoPath:
        return []
    node_paths.sort(key=lambda p: ([node_label(G, n) for n in p], p))
    if not all_paths:
        node_paths = node_paths[:1]
    chains = []
    for path in node_paths:
        chain = []
        for u, v in itertools.pairwise(path):
            edges = [_edge_record(G, u, v, k) for k in G.succ[u].get(v, {})]
            edges += [
                _edge_record(G, v, u, k)
                for k, data in G.succ[v].get(u, {}).items()
                if not (data.get("symmetric") and k in G.succ[u].get(v, {}))
            ]  # a symmetric relation is shown once, in the direction of travel
            edges.sort(
                key=lambda e: (
                    FAMILY_ORDER.index(e["family"]) if e["family"] in FAMILY_ORDER else 99,
                    e["symmetric"],
                    e["relation"],
                    e["subject"] != u,
                )
            )
            chain.append(
                {"from": u, "to": v, "from_label": node_label(G, u), "to_label": node_label(G, v),
                 "edges": edges}
            )  # fmt: skip
        chains.append(chain)
    return chains


def format_path(chain: list[dict[str, Any]]) -> str:
    """A chain as one readable line; each hop shows its first relation in its true direction.

    >>> print(format_path([{"from": "a", "to": "b", "from_label": "A", "to_label": "B",
    ...     "edges": [{"subject": "b", "label": "supplies chips to"}]}]))
    A ←supplies chips to— B
    """
    if not chain:
        return ""
    parts = [chain[0]["from_label"]]
    for hop in chain:
        edge = hop["edges"][0]
        if edge["subject"] == hop["from"]:
            parts.append(f"—{edge['label']}→ {hop['to_label']}")
        else:
            parts.append(f"←{edge['label']}— {hop['to_label']}")
    return " ".join(parts)

"""Money that goes round in circles: investment out, payments back, payer to payee."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from graph.model.errors import AikgError
from graph.network.edges import (
    MOVING_KINDS,
    money_text,
    node_label,
    shown_statement,
    summarize_edge,
)

__all__ = ["find_circular_flows", "flow_kind", "format_cycle"]


def flow_kind(st: Mapping[str, Any]) -> str | None:
    """How a statement moves money: ``"investment"`` (capital put in: an investment amount
    or debt financing) or ``"payment"`` (a contract value, purchase commitment or purchase
    price, or money of no stated kind),
    from its ``payer`` to its ``payee``; None when it names no payer and payee or its
    amount moves nothing (a stake's value, a valuation).

    >>> flow_kind({"payer": "a", "payee": "b", "amount_kind": "PurchaseCommitment"})
    'payment'
    >>> flow_kind({"payer": "a", "payee": "b", "amount_kind": "StakeValue"}) is None
    True
    """
    payer, payee, kind = st.get("payer"), st.get("payee"), st.get("amount_kind")
    if not payer or not payee or payer == payee:
        return None
    if kind in ("InvestmentAmount", "DebtFinancing"):
        return "investment"
    return "payment" if kind is None or kind in MOVING_KINDS else None


def _flow_text(summary: Mapping[str, Any]) -> str:
    """The money of a flow's statements in words, when they are in one currency."""
    if len(summary["amounts"]) != 1:
        return ""
    (currency, total), (_c, bound) = (
        next(iter(summary["amounts"].items())),
        next(iter(summary["amount_bounds"].items())),
    )
    kinds = summary["amount_kinds"]
    return money_text(total, currency, bound=bound, kind=kinds[0] if len(kinds) == 1 else None)


def _flow_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Money flows: an arc payer→payee lists, per edge of ``G``, the statements whose money
    goes from that payer to that payee (``ai:payer``, ``ai:payee``)."""
    M = nx.DiGraph()
    M.add_nodes_from(G)
    seen: set[tuple[str, str, str]] = set()
    for u, v, key, data in G.edges(keys=True, data=True):
        moving: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for st in data.get("statements", []):
            kind = flow_kind(st)
            if kind is None or (st["payer"], st["payee"], st["iri"]) in seen:
                continue  # a symmetric relation's statement is on two edges: count it once
            seen.add((st["payer"], st["payee"], st["iri"]))
            moving[(str(st["payer"]), str(st["payee"]), kind)].append(st)
        for (payer, payee, kind), statements in sorted(moving.items()):
            summary = summarize_edge({"statements": statements})
            flow = {
                "kind": kind,
                "family": data.get("family"),
                "subject": u,
                "object": v,
                "payer": payer,
                "payee": payee,
                "relation": data.get("relation", key),
                "label": data.get("label", key),
                "summary": summary,
                "amount": _flow_text(summary),
                "statements": [shown_statement(st) for st in statements],
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
    """Cycles of money that mix investment with payment, followed from payer to payee.

    Every statement on an edge of ``G`` that names a ``payer`` and a ``payee`` moves
    its money from the one to the other (see :func:`flow_kind`), whatever the relation's
    direction: an investment amount is an ``investment``, a contract value or a purchase
    commitment a ``payment``. A statement without them (a supply with no reported
    price, a stake's value) moves no known money. A circular flow is a simple directed
    cycle of such money movements, of at most ``max_length`` entities, in which at least
    one step is an investment and another step is a payment: the money A puts into B
    comes back to A as B's purchases only when the data says B pays A.

    Each cycle starts at an investor (smallest label first) and lists its
    ``hops``: from, to and the ``flows`` that move money along that hop, one per edge
    and kind, with the edge (``subject``, ``relation``, ``object``), the money in words
    (``amount``: "about $11B investment"), its ``summary`` and its statements (dated as
    the data writes them, without the computed ``holds_from``/``holds_until``). Sorted
    by length, then labels.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("n", "o", relation="investsIn", family="investment", statements=[
    ...     {"iri": "s1", "payer": "n", "payee": "o", "amount": "5", "currency": "USD",
    ...      "amount_kind": "InvestmentAmount", "sources": []}])
    >>> _ = G.add_edge("n", "o", relation="suppliesChipsTo", family="supply", statements=[
    ...     {"iri": "s2", "payer": "o", "payee": "n", "amount": "9", "currency": "USD",
    ...      "amount_kind": "PurchaseCommitment", "sources": []}])
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
        paid = {i for i, k in enumerate(kinds) if "payment" in k}
        if not invest or not paid or (len(invest | paid) < 2):
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
    """One line per cycle: who pays whom, why, and how much.

    >>> print(format_cycle({"labels": ["A", "B"], "hops": [
    ...     {"to_label": "B", "flows": [{"kind": "investment", "label": "invests in",
    ...                                  "amount": "up to $100B investment"}]},
    ...     {"to_label": "A", "flows": [{"kind": "payment", "label": "supplies chips to",
    ...                                  "amount": ""}]}]}))
    A =[invests in (up to $100B investment)]=> B =[pays for: supplies chips to]=> A
    """
    parts = [cycle["labels"][0]]
    for hop in cycle["hops"]:
        reasons = " / ".join(
            ("pays for: " if f["kind"] == "payment" else "")
            + f["label"]
            + (f" ({f['amount']})" if f.get("amount") else "")
            for f in hop["flows"]
        )
        parts.append(f"=[{reasons}]=> {hop['to_label']}")
    return " ".join(parts)

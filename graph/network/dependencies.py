"""Who depends on whom for supply: suppliers per dependant, shares and concentration."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import networkx as nx

from graph.network.edges import node_label, summarize_edge

__all__ = ["SUPPLY_KINDS", "compute_dependencies", "summarize_suppliers"]


#: What each supply relation supplies, for dependency analysis.
SUPPLY_KINDS: dict[str, str] = {
    "providesComputeTo": "compute",
    "suppliesChipsTo": "chips",
    "licensesTechnologyTo": "technology",
    "providesTo": "other",
}


def _supply_edges(G: nx.MultiDiGraph) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    for u, v, key, data in G.edges(keys=True, data=True):
        if data.get("family") == "supply":
            yield u, v, SUPPLY_KINDS.get(str(data.get("relation", key)), "other"), data


def compute_dependencies(G: nx.MultiDiGraph, *, entity: str | None = None) -> list[dict[str, Any]]:
    """Who depends on whom for compute, chips and technology, and how concentrated.

    One row per (dependant, kind, supplier) from the ``supply`` edges of ``G``.
    Suppliers of one dependant for one kind form a group; within it:

    - ``count_share`` = 1 / number of suppliers;
    - ``amount`` = the amounts reported on that supplier's statements (one
      currency; blank when none);
    - ``share`` and ``basis``: when at least one supplier in the group reports
      an amount (all in one currency), ``basis`` is ``"amount"`` and ``share``
      is the supplier's amount over the group's reported total (``None`` for a
      supplier without an amount); otherwise ``basis`` is ``"count"`` and
      ``share`` equals ``count_share``;
    - ``concentration``: the Herfindahl-Hirschman index of the group's shares
      (sum of squared shares over suppliers that have one; 1 = one supplier).

    With ``entity`` only the rows where it is the dependant or the supplier.
    Sorted by dependant, kind, then share (largest first).

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("m", "o", relation="providesComputeTo", family="supply",
    ...     statements=[{"iri": "s", "amount": "30", "currency": "USD", "sources": []}])
    >>> _ = G.add_edge("c", "o", relation="providesComputeTo", family="supply",
    ...     statements=[{"iri": "t", "amount": "10", "currency": "USD", "sources": []}])
    >>> [(r["supplier"], r["share"], r["basis"]) for r in compute_dependencies(G)]
    [('m', 0.75, 'amount'), ('c', 0.25, 'amount')]
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, kind, data in _supply_edges(G):
        summary = summarize_edge(data)
        groups[(v, kind)].append(
            {
                "dependant": v,
                "dependant_label": node_label(G, v),
                "kind": kind,
                "supplier": u,
                "supplier_label": node_label(G, u),
                "relation": data.get("relation", ""),
                "statements": len(summary["statements"]),
                "amounts": summary["amounts"],
                "sources": summary["sources"],
            }
        )
    rows: list[dict[str, Any]] = []
    for (_dependant, _kind), members in sorted(groups.items()):
        currencies = {c for m in members for c in m["amounts"]}
        basis = "amount" if len(currencies) == 1 else "count"
        currency = next(iter(currencies)) if basis == "amount" else ""
        total = sum((m["amounts"].get(currency, Decimal(0)) for m in members), Decimal(0))
        for m in members:
            amount = m["amounts"].get(currency) if currency else None
            m["count_share"] = round(1 / len(members), 6)
            m["suppliers"] = len(members)
            m["amount"] = float(amount) if amount is not None else None
            m["currency"] = currency if amount is not None else ""
            if basis == "amount":
                m["share"] = round(float(amount / total), 6) if amount is not None else None
            else:
                m["share"] = m["count_share"]
            m["basis"] = basis
            del m["amounts"]
        shares = [m["share"] for m in members if m["share"] is not None]
        hhi = round(sum(s * s for s in shares), 6)
        for m in members:
            m["concentration"] = hhi
        members.sort(key=lambda m: (-(m["share"] or 0.0), m["supplier_label"], m["supplier"]))
        rows.extend(members)
    rows.sort(key=lambda r: (r["dependant_label"], r["dependant"], r["kind"]))
    if entity is not None:
        rows = [r for r in rows if entity in (r["dependant"], r["supplier"])]
    return rows


def summarize_suppliers(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Each supplier's place in each kind of supply across the whole graph.

    ``dependants`` counts the entities it supplies; ``count_share`` is its share
    of all supply edges of that kind; ``amount`` and ``amount_share`` use the
    reported amounts (``None`` without any; the most common currency of the
    kind only). Sorted by kind, then count share and amount.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("n", "o", relation="suppliesChipsTo", family="supply", statements=[])
    >>> _ = G.add_edge("n", "a", relation="suppliesChipsTo", family="supply", statements=[])
    >>> [(r["supplier"], r["dependants"], r["count_share"]) for r in summarize_suppliers(G)]
    [('n', 2, 1.0)]
    """
    per: dict[tuple[str, str], dict[str, Any]] = {}
    totals: dict[str, int] = defaultdict(int)
    money: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for u, v, kind, data in _supply_edges(G):
        row = per.setdefault(
            (kind, u),
            {
                "kind": kind,
                "supplier": u,
                "supplier_label": node_label(G, u),
                "dependants": set(),
                "edges": 0,
                "amounts": defaultdict(Decimal),
            },
        )
        row["dependants"].add(v)
        row["edges"] += 1
        totals[kind] += 1
        for currency, amount in summarize_edge(data)["amounts"].items():
            row["amounts"][currency] += amount
            money[kind][currency] += amount
    rows = []
    for (kind, _u), row in per.items():
        currency = max(sorted(money[kind]), key=lambda c: money[kind][c]) if money[kind] else ""
        amount = row["amounts"].get(currency) if currency else None
        rows.append(
            {
                "kind": kind,
                "supplier": row["supplier"],
                "supplier_label": row["supplier_label"],
                "dependants": len(row["dependants"]),
                "count_share": round(row["edges"] / totals[kind], 6),
                "amount": float(amount) if amount is not None else None,
                "currency": currency if amount is not None else "",
                "amount_share": (
                    round(float(amount / money[kind][currency]), 6) if amount is not None else None
                ),
            }
        )
    rows.sort(
        key=lambda r: (r["kind"], -r["count_share"], -(r["amount"] or 0.0), r["supplier_label"])
    )
    return rows

"""Who depends on whom for supply: suppliers per dependant, shares and concentration."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import networkx as nx

from graph.network.edges import (
    PAYMENT_KINDS,
    combine_bounds,
    money_text,
    node_label,
    quantity_text,
    summarize_edge,
)

__all__ = ["SUPPLY_KINDS", "compute_dependencies", "summarize_suppliers", "supply_measures"]


#: What each supply relation supplies, for dependency analysis.
SUPPLY_KINDS: dict[str, str] = {
    "providesComputeTo": "compute",
    "suppliesChipsTo": "chips",
    "licensesTechnologyTo": "technology",
    "providesTo": "other",
}

#: Power units (local names) and how many gigawatts one of them is.
_GIGAWATTS = {"GigaW": Decimal(1), "MegaW": Decimal("0.001")}


def supply_measures(statements: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What a supply edge's statements say of its size: ``amounts`` by currency (contract
    values and purchase commitments, or money of no stated kind), their ``amount_bounds``
    and ``amount_kinds``, and ``capacity_gw`` (power, in GW; None without any) with
    ``capacity_bound``.

    >>> m = supply_measures([{"amount": "30", "currency": "USD", "amount_kind": "ContractValue"},
    ...     {"amount": "9", "currency": "USD", "amount_kind": "StakeValue"},
    ...     {"quantity": "500", "unit": "MegaW", "quantity_bound": "AtLeast"}])
    >>> m["amounts"], m["amount_kinds"], m["capacity_gw"], m["capacity_bound"]
    ({'USD': Decimal('30')}, ['ContractValue'], Decimal('0.500'), 'AtLeast')
    """
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    bounds: dict[str, list[object]] = defaultdict(list)
    kinds: set[str] = set()
    capacity: Decimal | None = None
    capacity_bounds: list[object] = []
    for st in statements:
        kind = st.get("amount_kind")
        if st.get("amount") not in (None, "") and (kind is None or kind in PAYMENT_KINDS):
            currency = str(st.get("currency", ""))
            amounts[currency] += Decimal(str(st["amount"]))
            bounds[currency].append(st.get("amount_bound"))
            if kind is not None:
                kinds.add(str(kind))
        scale = _GIGAWATTS.get(str(st.get("unit", "")))
        if scale is not None and st.get("quantity") not in (None, ""):
            capacity = (capacity or Decimal(0)) + Decimal(str(st["quantity"])) * scale
            capacity_bounds.append(st.get("quantity_bound"))
    return {
        "amounts": dict(sorted(amounts.items())),
        "amount_bounds": {c: combine_bounds(bounds[c]) for c in sorted(amounts)},
        "amount_kinds": sorted(kinds),
        "capacity_gw": capacity,
        "capacity_bound": combine_bounds(capacity_bounds) if capacity is not None else "",
    }


def _supply_edges(G: nx.MultiDiGraph) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    for u, v, key, data in G.edges(keys=True, data=True):
        if data.get("family") == "supply":
            yield u, v, SUPPLY_KINDS.get(str(data.get("relation", key)), "other"), data


def _figure(member: Mapping[str, Any]) -> str:
    """A row's own size in words: its money with bound and kind, else its capacity."""
    if member["amount"] is not None:
        kinds = member["amount_kinds"]
        return money_text(
            member["amount"],
            member["currency"],
            bound=member["amount_bound"],
            kind=kinds[0] if len(kinds) == 1 else None,
        )
    if member["capacity_gw"] is not None:
        quantity = {"quantity": member["capacity_gw"], "unit": "GigaW"}
        return quantity_text(quantity | {"quantity_bound": member["capacity_bound"]})
    return ""


def _share_group(members: list[dict[str, Any]]) -> None:
    """Fill the shares, basis and concentration of one dependant's suppliers of one kind."""
    currencies = {c for m in members for c in m["measures"]["amounts"]}
    if len(currencies) == 1:
        basis, currency = "amount", next(iter(currencies))
    elif any(m["measures"]["capacity_gw"] is not None for m in members):
        basis, currency = "capacity", ""
    else:
        basis, currency = "count", ""
    sizes: list[Decimal | None] = []
    for m in members:
        measures = m.pop("measures")
        own = currency or (next(iter(measures["amounts"])) if len(measures["amounts"]) == 1 else "")
        money: Decimal | None = measures["amounts"].get(own)
        capacity: Decimal | None = measures["capacity_gw"]
        m["amount"] = float(money) if money is not None else None
        m["currency"] = own if money is not None else ""
        m["amount_bound"] = measures["amount_bounds"].get(own, "") if money is not None else ""
        m["amount_kinds"] = measures["amount_kinds"] if money is not None else []
        m["capacity_gw"] = float(capacity) if capacity is not None else None
        m["capacity_bound"] = measures["capacity_bound"]
        m["count_share"] = round(1 / len(members), 6)
        m["suppliers"] = len(members)
        m["basis"] = basis
        m["figure"] = _figure(m)
        sizes.append(money if basis == "amount" else capacity if basis == "capacity" else None)
    total = sum((size for size in sizes if size is not None), Decimal(0))
    for m, size in zip(members, sizes, strict=True):
        if basis == "count":
            m["share"] = m["count_share"]
        else:
            m["share"] = round(float(size / total), 6) if size is not None and total else None
    hhi = round(sum(m["share"] ** 2 for m in members if m["share"] is not None), 6)
    for m in members:
        m["concentration"] = hhi


def compute_dependencies(G: nx.MultiDiGraph, *, entity: str | None = None) -> list[dict[str, Any]]:
    """Who depends on whom for compute, chips and technology, and how concentrated.

    One row per (dependant, kind, supplier) from the ``supply`` edges of ``G`` (what holds:
    a planned or proposed supply is not in a current or as-of network).
    Suppliers of one dependant for one kind form a group; within it:

    - ``count_share`` = 1 / number of suppliers;
    - ``amount`` with ``currency``, ``amount_bound`` and ``amount_kinds``: the money the
      dependant pays that supplier (contract values and purchase commitments on its
      statements; see :func:`supply_measures`); ``capacity_gw`` with ``capacity_bound``:
      the power it supplies; ``figure``: the row's size in words ("$250B purchase
      commitment", "at least 10 GW");
    - ``share`` and ``basis``: ``"amount"`` when suppliers in the group report money (in
      one currency), the share being the supplier's amount over the group's total;
      else ``"capacity"`` when some report GW, the share of the group's GW; else
      ``"count"``, the share being ``count_share``. A supplier without the measure of
      the basis has no share (``None``);
    - ``concentration``: the Herfindahl-Hirschman index of the group's shares
      (sum of squared shares over suppliers that have one; 1 = one supplier).

    With ``entity`` only the rows where it is the dependant or the supplier.
    Sorted by dependant, kind, then share (largest first).

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("m", "o", relation="providesComputeTo", family="supply", statements=[
    ...     {"iri": "s", "amount": "30", "currency": "USD", "amount_kind": "ContractValue",
    ...      "sources": []}])
    >>> _ = G.add_edge("c", "o", relation="providesComputeTo", family="supply",
    ...     statements=[{"iri": "t", "amount": "10", "currency": "USD", "sources": []}])
    >>> [(r["supplier"], r["share"], r["basis"], r["figure"]) for r in compute_dependencies(G)]
    [('m', 0.75, 'amount', '$30 contract value'), ('c', 0.25, 'amount', '$10')]
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
                "sources": summary["sources"],
                "measures": supply_measures(data.get("statements", [])),
            }
        )
    rows: list[dict[str, Any]] = []
    for (_dependant, _kind), members in sorted(groups.items()):
        _share_group(members)
        members.sort(key=lambda m: (-(m["share"] or 0.0), m["supplier_label"], m["supplier"]))
        rows.extend(members)
    rows.sort(key=lambda r: (r["dependant_label"], r["dependant"], r["kind"]))
    if entity is not None:
        rows = [r for r in rows if entity in (r["dependant"], r["supplier"])]
    return rows


def summarize_suppliers(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Each supplier's place in each kind of supply across the whole graph.

    ``dependants`` counts the entities it supplies; ``count_share`` is its share
    of all supply edges of that kind; ``amount`` and ``amount_share`` use the money
    paid for supply (contract values and purchase commitments, with ``amount_bound``;
    ``None`` without any; the most common currency of the kind only), ``capacity_gw`` (with
    ``capacity_bound``) and ``capacity_share`` the power supplied. Sorted by kind, then
    count share and amount.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("n", "o", relation="suppliesChipsTo", family="supply", statements=[])
    >>> _ = G.add_edge("n", "a", relation="suppliesChipsTo", family="supply", statements=[])
    >>> [(r["supplier"], r["dependants"], r["count_share"]) for r in summarize_suppliers(G)]
    [('n', 2, 1.0)]
    """
    per: dict[tuple[str, str], dict[str, Any]] = {}
    totals: dict[str, int] = defaultdict(int)
    money: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    power: dict[str, Decimal] = defaultdict(Decimal)
    for u, v, kind, data in _supply_edges(G):
        row = per.setdefault(
            (kind, u),
            {"kind": kind, "supplier": u, "supplier_label": node_label(G, u),
             "dependants": set(), "edges": 0, "amounts": defaultdict(Decimal),
             "bounds": defaultdict(list), "gw": None, "gw_bounds": []},
        )  # fmt: skip
        row["dependants"].add(v)
        row["edges"] += 1
        totals[kind] += 1
        measures = supply_measures(data.get("statements", []))
        for currency, amount in measures["amounts"].items():
            row["amounts"][currency] += amount
            row["bounds"][currency].append(measures["amount_bounds"][currency])
            money[kind][currency] += amount
        if measures["capacity_gw"] is not None:
            row["gw"] = (row["gw"] or Decimal(0)) + measures["capacity_gw"]
            row["gw_bounds"].append(measures["capacity_bound"])
            power[kind] += measures["capacity_gw"]
    rows = []
    for (kind, _u), row in per.items():
        currency = max(sorted(money[kind]), key=lambda c: money[kind][c]) if money[kind] else ""
        amount = row["amounts"].get(currency) if currency else None
        gw = row["gw"]
        rows.append(
            {
                "kind": kind,
                "supplier": row["supplier"],
                "supplier_label": row["supplier_label"],
                "dependants": len(row["dependants"]),
                "count_share": round(row["edges"] / totals[kind], 6),
                "amount": float(amount) if amount is not None else None,
                "currency": currency if amount is not None else "",
                "amount_bound": combine_bounds(row["bounds"][currency])
                if amount is not None
                else "",
                "amount_share": (
                    round(float(amount / money[kind][currency]), 6) if amount is not None else None
                ),
                "capacity_gw": float(gw) if gw is not None else None,
                "capacity_bound": combine_bounds(row["gw_bounds"]) if gw is not None else "",
                "capacity_share": round(float(gw / power[kind]), 6) if gw is not None else None,
            }
        )
    rows.sort(
        key=lambda r: (r["kind"], -r["count_share"], -(r["amount"] or 0.0), r["supplier_label"])
    )
    return rows

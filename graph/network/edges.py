"""Edges and nodes of the network in words, shared by the analyses."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import networkx as nx

__all__ = ["FAMILY_ORDER", "date_text", "node_label", "summarize_edge"]


FAMILY_ORDER = ("investment", "supply", "partnership", "competition", "people", "assets")


def node_label(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label", str(node).rsplit("/", 1)[-1]))


def date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))


def summarize_edge(data: dict[str, Any]) -> dict[str, Any]:
    """Scalar facts about one edge's statements, for tables and exports.

    ``amounts`` maps each currency to the sum of the amounts its statements
    report (restated figures are summed too, so read it with the notes);
    ``first_start``/``last_end`` are the earliest start and latest end dates;
    ``sources`` and ``statements`` are sorted, de-duplicated IRIs.

    >>> summarize_edge({"statements": [
    ...     {"iri": "s1", "amount": "1000", "currency": "USD", "sources": ["x"]},
    ...     {"iri": "s2", "amount": "500", "currency": "USD", "sources": ["x", "y"]}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'statements': ['s1', 's2'], 'sources': ['x', 'y'], 'amounts': {'USD': Decimal('1500')},
     'first_start': '', 'last_end': '', 'status': []}
    """
    statements = data.get("statements", [])
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    for st in statements:
        if "amount" in st:
            amounts[str(st.get("currency", ""))] += Decimal(str(st["amount"]))
    starts = [st["holds_from"] for st in statements if isinstance(st.get("holds_from"), date)]
    ends = [st["holds_until"] for st in statements if isinstance(st.get("holds_until"), date)]
    return {
        "statements": sorted({st["iri"] for st in statements}),
        "sources": sorted({src for st in statements for src in st.get("sources", [])}),
        "amounts": dict(sorted(amounts.items())),
        "first_start": min(starts).isoformat() if starts else "",
        "last_end": max(ends).isoformat() if ends else "",
        "status": sorted({str(st["status"]) for st in statements if "status" in st}),
    }

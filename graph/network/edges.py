"""Edges and nodes of the network in words, shared by the analyses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import networkx as nx

from graph.model.time import BOUNDS, end_text, start_text

__all__ = ["FAMILY_ORDER", "node_label", "shown_statement", "summarize_edge"]


FAMILY_ORDER = ("investment", "supply", "partnership", "competition", "people", "assets")


def node_label(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label", str(node).rsplit("/", 1)[-1]))


def shown_statement(st: Mapping[str, Any]) -> dict[str, Any]:
    """A network statement dict for output: its qualifiers as the data writes them, without
    the computed bounds (``holds_from``, ``holds_until``), which are for comparing only.

    >>> shown_statement({"iri": "s", "point_in_time": "2019", "holds_from": date(2019, 1, 1)})
    {'iri': 's', 'point_in_time': '2019'}
    """
    return {k: v for k, v in st.items() if k not in BOUNDS}


def _bound(st: Mapping[str, Any], key: str) -> date | None:
    value = st.get(key)
    return value if isinstance(value, date) else None


def summarize_edge(data: dict[str, Any]) -> dict[str, Any]:
    """Scalar facts about one edge's statements, for tables and exports.

    ``amounts`` maps each currency to the sum of the amounts its statements
    report (restated figures are summed too, so read it with the notes);
    ``first_start``/``last_end`` are the earliest start and latest end dates, as the
    data writes them (``2019`` stays a year): the bounds only decide which is earliest;
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
    # The bounds order the dates; a bound is shown only where its qualifier is missing.
    starts = [(b, start_text(st) or str(b)) for st in statements if (b := _bound(st, "holds_from"))]
    ends = [(b, end_text(st) or str(b)) for st in statements if (b := _bound(st, "holds_until"))]
    return {
        "statements": sorted({st["iri"] for st in statements}),
        "sources": sorted({src for st in statements for src in st.get("sources", [])}),
        "amounts": dict(sorted(amounts.items())),
        "first_start": min(starts)[1] if starts else "",
        "last_end": max(ends)[1] if ends else "",
        "status": sorted({str(st["status"]) for st in statements if "status" in st}),
    }

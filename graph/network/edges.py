"""Edges and nodes of the network in words, shared by the analyses and the views: labels,
dates, and amounts and quantities with their kind and bound ("up to $100B investment")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import networkx as nx

from graph.model.time import BOUNDS, end_text, start_text

__all__ = [
    "FAMILY_ORDER",
    "MOVING_KINDS",
    "PAYMENT_KINDS",
    "amount_text",
    "combine_bounds",
    "money_text",
    "node_label",
    "quantity_text",
    "shown_statement",
    "summarize_edge",
]


FAMILY_ORDER = ("investment", "supply", "partnership", "competition", "people", "assets")

#: Amount kinds (local names) where money moves from a payer to a payee.
MOVING_KINDS = frozenset(
    {"InvestmentAmount", "ContractValue", "PurchaseCommitment", "DebtFinancing", "PurchasePrice"}
)
#: Amount kinds that pay for something supplied (of the rest of :data:`MOVING_KINDS`, an
#: investment amount or debt financing is capital put in, a purchase price buys a holding).
PAYMENT_KINDS = frozenset({"ContractValue", "PurchaseCommitment"})

_BOUND_WORDS = {"About": "about", "UpTo": "up to", "AtLeast": "at least", "MoreThan": "over"}
_KIND_WORDS = {
    "InvestmentAmount": "investment", "ContractValue": "contract value",
    "PurchaseCommitment": "purchase commitment", "StakeValue": "stake value",
    "Valuation": "valuation", "Spending": "spending", "Revenue": "revenue", "Loss": "loss",
    "AssetValue": "asset value", "DebtFinancing": "debt financing",
    "PurchasePrice": "purchase price",
}  # fmt: skip
_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}
_UNIT_WORDS = {"GigaW": "GW", "MegaW": "MW", "GPU": "GPUs", "Chip": "chips"}


def node_label(G: nx.MultiDiGraph, node: str) -> str:
    """A node's label; the last segment of its IRI when it has none or is not in ``G``."""
    attrs = G.nodes[node] if node in G else {}
    return str(attrs.get("label", str(node).rsplit("/", 1)[-1]))


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


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _short(value: Decimal) -> str:
    """250B, 11.9B, 350M, 1.25T; smaller numbers whole with thousands separators."""
    for size, suffix in (
        (Decimal(10) ** 12, "T"),
        (Decimal(10) ** 9, "B"),
        (Decimal(10) ** 6, "M"),
    ):
        if abs(value) >= size:
            return f"{(value / size).quantize(Decimal('0.01')).normalize():f}{suffix}"
    return _plain(value)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def _bounded(text: str, bound: object) -> str:
    words = _BOUND_WORDS.get(str(bound or ""), "")
    return f"{words} {text}" if words else text


def money_text(
    amount: object, currency: object = "", *, bound: object = None, kind: object = None
) -> str:
    """An amount in short form with its bound and kind in words; empty without an amount.

    >>> money_text("100000000000.0", "USD", bound="UpTo", kind="InvestmentAmount")
    'up to $100B investment'
    >>> money_text(11900000000, "USD"), money_text("5e9", "EUR", bound="MoreThan")
    ('$11.9B', 'over €5B')
    >>> money_text(350000000, "JPY", bound="About", kind="StakeValue")
    'about 350M JPY stake value'
    """
    value = _decimal(amount)
    if value is None:
        return ""
    code = str(currency or "")
    number = _short(value)
    sign = _CURRENCY_SIGNS.get(code)
    text = f"{sign}{number}" if sign else f"{number} {code}".strip()
    words = _KIND_WORDS.get(str(kind or ""), str(kind or ""))
    return _bounded(f"{text} {words}".strip(), bound)


def amount_text(st: Mapping[str, Any], *, kind: bool = True) -> str:
    """A statement's amount (``amount``, ``currency``, ``amount_bound``, ``amount_kind``) in
    words, its kind left out when ``kind`` is false.

    >>> amount_text({"amount": "10000000000.0", "currency": "USD", "amount_bound": "About",
    ...              "amount_kind": "InvestmentAmount"})
    'about $10B investment'
    """
    return money_text(
        st.get("amount"),
        st.get("currency", ""),
        bound=st.get("amount_bound"),
        kind=st.get("amount_kind") if kind else None,
    )


def quantity_text(st: Mapping[str, Any]) -> str:
    """A statement's quantity (``quantity``, ``unit``, ``quantity_bound``) in words.

    >>> quantity_text({"quantity": "10.0", "unit": "GigaW", "quantity_bound": "AtLeast"})
    'at least 10 GW'
    >>> quantity_text({"quantity": "400000.0", "unit": "Chip", "quantity_bound": "About"})
    'about 400,000 chips'
    """
    value = _decimal(st.get("quantity"))
    if value is None:
        return ""
    unit = str(st.get("unit") or "")
    return _bounded(
        f"{_plain(value)} {_UNIT_WORDS.get(unit, unit)}".strip(), st.get("quantity_bound")
    )


def combine_bounds(bounds: Iterable[object]) -> str:
    """The bound of a sum of amounts with these bounds (local names; None is exact).

    >>> combine_bounds(["Exact", None]), combine_bounds(["Exact", "UpTo"])
    ('Exact', 'UpTo')
    >>> combine_bounds(["AtLeast", "MoreThan"]), combine_bounds(["UpTo", "AtLeast"])
    ('AtLeast', 'About')
    """
    found = {str(b) for b in bounds if b not in (None, "", "Exact")}
    if not found:
        return "Exact"
    if len(found) == 1:
        return found.pop()
    return "AtLeast" if found <= {"AtLeast", "MoreThan"} else "About"


def summarize_edge(data: dict[str, Any]) -> dict[str, Any]:
    """Scalar facts about one edge's statements, for tables and exports.

    ``amounts`` maps each currency to the sum of the money its statements move (kinds
    investment, contract value and purchase commitment, or no kind given; a stake's or an
    asset's value moves nothing), with ``amount_bounds`` (the bound of each sum, see
    :func:`combine_bounds`) and ``amount_kinds``; restated figures are summed too, so read it
    with the notes. ``first_start``/``last_end`` are the earliest start and latest end
    dates, as the data writes them (``2019`` stays a year): the bounds only decide which is
    earliest; ``sources`` and ``statements`` are sorted, de-duplicated IRIs.

    >>> summarize_edge({"statements": [
    ...     {"iri": "s1", "amount": "1000", "currency": "USD", "sources": ["x"]},
    ...     {"iri": "s2", "amount": "500", "currency": "USD", "amount_bound": "About",
    ...      "amount_kind": "InvestmentAmount", "sources": ["x", "y"]},
    ...     {"iri": "s3", "amount": "9000", "currency": "USD", "amount_kind": "StakeValue",
    ...      "sources": []}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'statements': ['s1', 's2', 's3'], 'sources': ['x', 'y'], 'amounts': {'USD': Decimal('1500')},
     'amount_bounds': {'USD': 'About'}, 'amount_kinds': ['InvestmentAmount'],
     'first_start': '', 'last_end': '', 'status': []}
    """
    statements = data.get("statements", [])
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    bounds: dict[str, list[object]] = defaultdict(list)
    kinds: set[str] = set()
    for st in statements:
        kind = st.get("amount_kind")
        value = _decimal(st.get("amount"))
        if value is None or (kind is not None and kind not in MOVING_KINDS):
            continue
        currency = str(st.get("currency", ""))
        amounts[currency] += value
        bounds[currency].append(st.get("amount_bound"))
        if kind is not None:
            kinds.add(str(kind))
    # The bounds order the dates; a bound is shown only where its qualifier is missing.
    starts = [(b, start_text(st) or str(b)) for st in statements if (b := _bound(st, "holds_from"))]
    ends = [(b, end_text(st) or str(b)) for st in statements if (b := _bound(st, "holds_until"))]
    return {
        "statements": sorted({st["iri"] for st in statements}),
        "sources": sorted({src for st in statements for src in st.get("sources", [])}),
        "amounts": dict(sorted(amounts.items())),
        "amount_bounds": {c: combine_bounds(bounds[c]) for c in sorted(amounts)},
        "amount_kinds": sorted(kinds),
        "first_start": min(starts)[1] if starts else "",
        "last_end": max(ends)[1] if ends else "",
        "status": sorted({str(st["status"]) for st in statements if "status" in st}),
    }

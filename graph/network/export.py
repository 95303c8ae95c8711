"""The network written for graph tools: GraphML, GEXF, node-link JSON."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

from graph.model.errors import AikgError
from graph.network.edges import summarize_edge

__all__ = ["NETWORK_FORMATS", "flatten_network", "serialize_network"]


#: Network format name on the command line → file suffix (GraphML, GEXF, d3 node-link JSON).
NETWORK_FORMATS: dict[str, str] = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "json": ".json",
}


def flatten_network(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a :func:`graph.network.to_networkx` graph with scalar attributes only.

    GraphML and GEXF readers (Gephi, Cytoscape) take strings, numbers and
    booleans, not lists, dicts or ``None``. Nodes keep ``label``, ``kind``,
    ``description``, ``wikidata`` and ``classes`` (``|``-joined). Edges keep
    ``relation``, ``label``, ``family``, ``symmetric`` and ``undated``, and summarise
    their statements: ``statements`` (count), ``statement_ids``, ``sources`` and
    ``status`` (``|``-joined), ``first_start`` and ``last_end`` (dates as the data
    writes them, or empty), and ``amount_total`` with ``currency``, ``amount_bound`` and
    ``amount_kind`` (``|``-joined) when the statements move money in one currency (a
    stake's or an asset's value moves none; left out otherwise). GraphML and JSON
    keep the graph's ``undated_statements`` (as of a day: how many it left out).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="A", classes=["AILab", "Organization"])
    >>> _ = G.add_edge("a", "a", key="investsIn", relation="investsIn", statements=[
    ...     {"iri": "s1", "amount": "5", "currency": "USD", "sources": ["x", "y"]}])
    >>> F = flatten_network(G)
    >>> F.nodes["a"]["classes"], F.edges["a", "a", "investsIn"]["sources"]
    ('AILab|Organization', 'x|y')
    >>> F.edges["a", "a", "investsIn"]["amount_total"]
    5.0
    """
    F = nx.MultiDiGraph()
    F.graph.update({k: _scalar(v) for k, v in G.graph.items() if v is not None})
    for node, data in G.nodes(data=True):
        F.add_node(node, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for u, v, key, data in G.edges(keys=True, data=True):
        attrs = {k: _scalar(x) for k, x in data.items() if k != "statements" and x is not None}
        summary = summarize_edge(data)
        attrs["statements"] = len(summary["statements"])
        attrs["statement_ids"] = "|".join(summary["statements"])
        attrs["sources"] = "|".join(summary["sources"])
        attrs["status"] = "|".join(summary["status"])
        attrs["first_start"] = summary["first_start"]
        attrs["last_end"] = summary["last_end"]
        if len(summary["amounts"]) == 1:
            currency, total = next(iter(summary["amounts"].items()))
            attrs["amount_total"] = float(total)
            attrs["currency"] = currency
            attrs["amount_bound"] = summary["amount_bounds"][currency]
            attrs["amount_kind"] = "|".join(summary["amount_kinds"])
        F.add_edge(u, v, key=key, **attrs)
    return F


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return "|".join(str(v) for v in value)
    return str(value)


def serialize_network(G: nx.MultiDiGraph, fmt: str) -> bytes:
    """``G`` flattened (:func:`flatten_network`) as GraphML, GEXF or node-link JSON.

    Same graph, same bytes: nodes and edges keep the projection's sorted
    order, JSON keys are sorted, and GEXF's last-modified date is left out.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="A")
    >>> serialize_network(G, "json").decode()[:40]
    '{\\n "directed": true,\\n "edges": [],\\n "gra'

    Raises:
        AikgError: ``fmt`` is not one of :data:`NETWORK_FORMATS`.
    """
    if fmt not in NETWORK_FORMATS:
        raise AikgError(f"unknown network format {fmt!r}; use one of {', '.join(NETWORK_FORMATS)}")
    F = flatten_network(G)
    if fmt == "graphml":
        return ("\n".join(nx.generate_graphml(F)) + "\n").encode("utf-8")
    if fmt == "gexf":
        text = "\n".join(nx.generate_gexf(F)) + "\n"
        return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1).encode("utf-8")
    data = nx.node_link_data(F, edges="edges")
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")

"""Network analytics: centrality, communities, supply dependencies, circular flows, paths."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import networkx as nx

from .errors import AikgError

__all__ = [
    "BETWEENNESS_EXACT_MAX",
    "BETWEENNESS_SAMPLE",
    "FLOW_FAMILIES",
    "SUPPLY_KINDS",
    "betweenness_sample",
    "compute_centrality",
    "compute_dependencies",
    "find_circular_flows",
    "find_communities",
    "find_paths",
    "format_cycle",
    "format_path",
    "summarize_edge",
    "summarize_suppliers",
]

#: What each supply relation supplies, for dependency analysis.
SUPPLY_KINDS: dict[str, str] = {
    "providesComputeTo": "compute",
    "suppliesChipsTo": "chips",
    "licensesTechnologyTo": "technology",
    "providesTo": "other",
}

#: Families that move money, and which way: ``investment`` edges carry money
#: from subject to object; ``supply`` edges carry goods from subject to object,
#: so the payment for them flows from object to subject.
FLOW_FAMILIES: dict[str, str] = {"investment": "forward", "supply": "backward"}

_FAMILY_ORDER = ("investment", "supply", "partnership", "competition", "people", "assets")


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label", str(node).rsplit("/", 1)[-1]))


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))


def _simple_digraph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """One arc per ordered pair, weighted by the number of relations between them."""
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes)
    for u, v in G.edges():
        if u == v:
            continue
        if D.has_edge(u, v):
            D[u][v]["weight"] += 1
        else:
            D.add_edge(u, v, weight=1)
    return D


#: Betweenness is computed exactly up to this many entities; above it, it is
#: estimated from :data:`BETWEENNESS_SAMPLE` source entities picked with a fixed
#: seed (exact betweenness costs O(nodes x edges): hours at 100,000 entities).
BETWEENNESS_EXACT_MAX = 1000
BETWEENNESS_SAMPLE = 100


def betweenness_sample(node_count: int) -> int | None:
    """How many sampled sources to estimate betweenness from; None means exact.

    >>> betweenness_sample(45), betweenness_sample(100_000)
    (None, 100)
    """
    return BETWEENNESS_SAMPLE if node_count > BETWEENNESS_EXACT_MAX else None


def compute_centrality(
    G: nx.MultiDiGraph,
    *,
    top: int | None = None,
    betweenness_k: int | None = None,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Degree, PageRank and betweenness of each connected entity, by PageRank.

    - ``degree``: how many other entities an entity is linked to, either way.
    - ``pagerank``: the share of time a random walk along the edges (in their
      direction, weighted by the number of relations on an arc; damping 0.85)
      spends at the entity: high for those that important actors invest in or
      supply. Sums to 1 over all nodes.
    - ``betweenness``: the share of shortest paths between other pairs that
      pass through the entity, ignoring direction (normalised to 0-1). With
      ``betweenness_k`` it is estimated from that many source nodes picked
      with ``seed``.

    Entities without edges are left out. Ties are broken by label.

    >>> G = nx.MultiDiGraph([("a", "c"), ("b", "c"), ("c", "d")])
    >>> [row["entity"] for row in compute_centrality(G)]
    ['d', 'c', 'a', 'b']
    >>> compute_centrality(G)[1]["betweenness"]
    1.0
    """
    D = _simple_digraph(G)
    D.remove_nodes_from([n for n in list(D) if D.degree(n) == 0])
    connected = list(D)
    if not connected:
        return []
    pagerank = nx.pagerank(D, weight="weight")
    U = D.to_undirected(as_view=True)
    k = betweenness_k if betweenness_k is not None and betweenness_k < len(U) else None
    betweenness = nx.betweenness_centrality(U, k=k, seed=seed if k else None)
    rows = [
        {
            "entity": n,
            "label": _label(G, n),
            "kind": G.nodes[n].get("kind", "Entity"),
            "degree": U.degree(n),
            "in_relations": G.in_degree(n),
            "out_relations": G.out_degree(n),
            "pagerank": round(pagerank[n], 6),
            "betweenness": round(betweenness[n], 6),
        }
        for n in connected
    ]
    rows.sort(key=lambda r: (-r["pagerank"], -r["betweenness"], r["label"], r["entity"]))
    return rows[:top] if top is not None else rows


def find_communities(G: nx.MultiDiGraph, *, seed: int = 42) -> list[dict[str, Any]]:
    """Groups of entities more tightly linked to each other than to the rest.

    Louvain modularity maximisation (networkx, fixed ``seed`` so the answer is
    stable) on the undirected graph, each pair weighted by its number of
    relations. Entities without edges are left out. Largest group first,
    numbered from 1; members sorted by label.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> [c["entities"] for c in find_communities(G)]
    [['a', 'b', 'c'], ['x', 'y']]
    """
    U = _simple_digraph(G).to_undirected()
    U.remove_nodes_from([n for n in list(U) if U.degree(n) == 0])
    if U.number_of_nodes() == 0:
        return []
    groups = nx.community.louvain_communities(U, weight="weight", seed=seed)
    ordered = []
    for members in groups:
        entities = sorted(members, key=lambda n: (_label(G, n), n))
        ordered.append(entities)
    ordered.sort(key=lambda m: (-len(m), _label(G, m[0]), m[0]))
    return [
        {
            "community": i,
            "size": len(members),
            "entities": members,
            "labels": [_label(G, n) for n in members],
        }
        for i, members in enumerate(ordered, start=1)
    ]


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
                "dependant_label": _label(G, v),
                "kind": kind,
                "supplier": u,
                "supplier_label": _label(G, u),
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
                "supplier_label": _label(G, u),
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
            "statements": data.get("statements", []),
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
    ``hops``: from, to and the ``flows`` (edges with their statements) that
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
        starts = sorted(invest, key=lambda i: (_label(G, cycle[i]), cycle[i]))
        first = starts[0]
        cycle = cycle[first:] + cycle[:first]
        hops = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
        found.append(
            {
                "entities": cycle,
                "labels": [_label(G, n) for n in cycle],
                "length": len(cycle),
                "hops": [
                    {
                        "from": u,
                        "to": v,
                        "from_label": _label(G, u),
                        "to_label": _label(G, v),
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


def _edge_record(G: nx.MultiDiGraph, u: str, v: str, key: str) -> dict[str, Any]:
    data = G.edges[u, v, key]
    return {
        "subject": u,
        "object": v,
        "subject_label": _label(G, u),
        "object_label": _label(G, v),
        "relation": data.get("relation", key),
        "label": data.get("label", key),
        "family": data.get("family", ""),
        "symmetric": bool(data.get("symmetric", False)),
        "statements": [
            {
                "iri": st["iri"],
                "start": _date_text(st.get("start") or st.get("point_in_time")),
                "end": _date_text(st.get("end")),
                "amount": st.get("amount", ""),
                "currency": st.get("currency", ""),
                "status": st.get("status", ""),
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
    node_paths.sort(key=lambda p: ([_label(G, n) for n in p], p))
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
                    _FAMILY_ORDER.index(e["family"]) if e["family"] in _FAMILY_ORDER else 99,
                    e["symmetric"],
                    e["relation"],
                    e["subject"] != u,
                )
            )
            chain.append(
                {"from": u, "to": v, "from_label": _label(G, u), "to_label": _label(G, v),
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

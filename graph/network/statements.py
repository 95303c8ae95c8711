"""The statements behind the network's edges: read from query rows, and which of them an
edge shows (now, on an as-of day, or ever), with the undated ones apart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDFS
from rdflib.term import Node

from graph.model.errors import AikgError
from graph.model.namespaces import AI
from graph.model.time import Holding, statement_current, statement_holds
from graph.model.vocabulary import FAMILIES, local_name

__all__ = [
    "QUALIFIERS",
    "STATEMENT_PROPERTIES",
    "EdgeKey",
    "Options",
    "Shown",
    "Statement",
    "group_edges",
    "holding",
    "make_options",
    "read_statements",
    "settle_edges",
    "undated_edge",
]


#: The statement qualifiers a network edge carries, by their key in its statement dicts.
#: IRI values are local names (``"Active"``, ``"UpTo"``), except the entities ``payer``,
#: ``payee`` and ``deal``, which are IRIs as the nodes are.
QUALIFIERS = (
    "start", "end", "point_in_time", "term_end", "holds_from", "holds_until", "amount",
    "currency", "amount_kind", "amount_bound", "payer", "payee", "deal", "stake", "quantity",
    "unit", "quantity_bound", "role", "status", "exclusivity", "rank", "rank_reason",
    "evidence", "note",
)  # fmt: skip
#: Qualifiers whose value is an entity, kept as its IRI.
_ENTITY_QUALIFIERS = frozenset({"payer", "payee", "deal"})

#: The properties of a statement read by statement_values.rq and statement_details_of.rq,
#: by the key they fill.
STATEMENT_PROPERTIES = {
    str(AI.startDate): "start", str(AI.endDate): "end", str(AI.pointInTime): "point_in_time",
    str(AI.termEnd): "term_end", str(AI.holdsFrom): "holds_from",
    str(AI.holdsUntil): "holds_until", str(AI.amount): "amount", str(AI.currency): "currency",
    str(AI.amountKind): "amount_kind", str(AI.amountBound): "amount_bound",
    str(AI.payer): "payer", str(AI.payee): "payee", str(AI.partOfDeal): "deal",
    str(AI.stake): "stake", str(AI.quantity): "quantity", str(AI.unit): "unit",
    str(AI.quantityBound): "quantity_bound", str(AI.role): "role", str(AI.status): "status",
    str(AI.exclusivity): "exclusivity", str(AI.rank): "rank", str(AI.rankReason): "rank_reason",
    str(AI.evidence): "evidence", str(RDFS.comment): "note",
    str(PROV.wasDerivedFrom): "sources",
}  # fmt: skip


@dataclass(frozen=True)
class Statement:
    """One ``rdf:Statement`` between two IRIs, with its qualifiers and sources."""

    iri: str
    subject: str
    predicate: str
    object: str
    qualifiers: dict[str, Any]
    sources: tuple[str, ...]


def _qualifier(name: str, value: Node) -> Any:
    if isinstance(value, Literal):
        return value.toPython() if name.startswith("holds_") else str(value)
    return str(value) if name in _ENTITY_QUALIFIERS else local_name(value)


def read_statements(
    rows: Iterable[Mapping[str, Node]], details: Iterable[Mapping[str, Node]]
) -> dict[str, Statement]:
    """Statements by IRI from rows of statements.rq and rows of their details (keys
    ``statement``, ``property``, ``value``; a qualifier with several values shows the first
    in term order)."""
    ends: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        s, p, o = row["subject"], row["predicate"], row["object"]
        if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef):
            ends.setdefault(str(row["statement"]), (str(s), str(p), str(o)))
    values: dict[str, dict[str, list[Node]]] = {}
    for row in details:
        iri = str(row["statement"])
        if iri in ends:
            name = STATEMENT_PROPERTIES[str(row["property"])]
            values.setdefault(iri, {}).setdefault(name, []).append(row["value"])
    found: dict[str, Statement] = {}
    for iri, (subject, predicate, object_) in ends.items():
        mine = values.get(iri, {})
        qualifiers = {q: _qualifier(q, min(mine[q], key=str)) for q in QUALIFIERS if q in mine}
        sources = tuple(sorted({str(v) for v in mine.get("sources", [])}))
        found[iri] = Statement(iri, subject, predicate, object_, qualifiers, sources)
    return found


@dataclass(frozen=True)
class Options:
    """What a projection shows (see :func:`graph.network.to_networkx`)."""

    families: frozenset[str]
    as_of: date | None
    history: bool
    merge_symmetric: bool
    keep_undated: bool
    deals: bool


def make_options(
    families: Iterable[str] | None,
    as_of: date | None,
    history: bool,
    merge_symmetric: bool,
    keep_undated: bool = False,
    deals: bool = False,
) -> Options:
    wanted = frozenset(families) if families is not None else frozenset(FAMILIES)
    unknown = wanted - set(FAMILIES)
    if unknown:
        raise AikgError(
            f"unknown relation family {', '.join(sorted(unknown))}; use {', '.join(FAMILIES)}"
        )
    return Options(wanted, as_of, history, merge_symmetric, keep_undated, deals)


EdgeKey = tuple[str, str, str]
#: The statements an edge shows, each with whether it is undated on the as-of day.
Shown = list[tuple[Statement, bool]]


def holding(st: Statement, options: Options) -> Holding:
    """Whether ``st`` counts: it holds (now, on the as-of day, or at all with history), it
    is undated on the as-of day, or it is left out. Deprecated statements never count."""
    q = st.qualifiers
    status, rank = q.get("status"), q.get("rank")
    if options.history:
        return Holding.NOT_HOLDING if rank == "DeprecatedRank" else Holding.HOLDS
    if options.as_of is not None:
        return statement_holds(
            q.get("holds_from"), q.get("holds_until"), options.as_of, status=status, rank=rank
        )
    ended = "end" in q or "holds_until" in q
    current = statement_current(ended=ended, status=status, rank=rank)
    return Holding.HOLDS if current else Holding.NOT_HOLDING


def group_edges(
    statements: Iterable[Statement],
    triples: Iterable[EdgeKey],
    family: Mapping[str, str],
    symmetric: frozenset[str],
    options: Options,
) -> dict[EdgeKey, Shown]:
    """The edges (subject, relation, object) and the statements each one may show, undated
    ones included (see :func:`settle_edges`)."""
    grouped: dict[EdgeKey, Shown] = defaultdict(list)
    stated: set[EdgeKey] = set()
    for st in statements:
        stated.add((st.subject, st.predicate, st.object))
        if family.get(st.predicate) not in options.families:
            continue
        holds = holding(st, options)
        if holds is not Holding.NOT_HOLDING:
            s, o = st.subject, st.object
            if st.predicate in symmetric and options.merge_symmetric and o < s:
                s, o = o, s
            grouped[(s, st.predicate, o)].append((st, holds is Holding.UNDATED))
    for s, p, o in sorted(triples):
        if family.get(p) not in options.families:
            continue
        mirrored = p in symmetric
        if (s, p, o) in stated or (mirrored and (o, p, s) in stated):
            continue  # a statement decides whether this triple counts
        if mirrored and options.merge_symmetric and o < s:
            s, o = o, s
        grouped.setdefault((s, p, o), [])
    return grouped


def undated_edge(shown: Shown, options: Options) -> bool:
    """Whether an edge shows nothing that holds on the as-of day: only undated statements,
    or none at all (a direct triple that no statement dates)."""
    return options.as_of is not None and not options.history and all(u for _st, u in shown)


def settle_edges(
    grouped: Mapping[EdgeKey, Shown], options: Options
) -> tuple[dict[EdgeKey, Shown], int]:
    """The edges to draw and the number of undated statements among ``grouped``: with
    ``keep_undated`` every edge stays (undated statements marked), else undated statements
    and the edges they alone make are left out."""
    undated = len({st.iri for shown in grouped.values() for st, u in shown if u})
    if options.keep_undated:
        return dict(grouped), undated
    kept: dict[EdgeKey, Shown] = {
        key: [(st, u) for st, u in shown if not u]
        for key, shown in grouped.items()
        if not undated_edge(shown, options)
    }
    return kept, undated

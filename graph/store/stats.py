"""Counting what the graph holds: entities by class, statements by relation, sources."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.term import Node

from graph.model.namespaces import AI
from graph.model.vocabulary import local_name
from graph.sparql.internal import internal_query
from graph.store.base import Store
from graph.store.memory import MemoryStore

__all__ = ["GraphStats", "compute_stats"]


@dataclass(frozen=True)
class GraphStats:
    """Counts over a built graph; every mapping is sorted by name."""

    triples: int
    entities: int
    statements: int
    sources: int
    by_class: dict[str, int]
    by_relation: dict[str, int]
    facts_per_source: dict[str, int]


def _rows(store: Store, name: str) -> list[dict[str, Node]]:
    text = internal_query(name)
    return [
        {str(k): v for k, v in row.items() if v is not None} for row in store.query(text).bindings
    ]


def _number(row: dict[str, Node], name: str = "count") -> int:
    value = row.get(name)
    return int(value.toPython()) if isinstance(value, Literal) else 0


def compute_stats(g: Graph | Store) -> GraphStats:
    """Counts of the graph's entities, statements and sources, counted by SPARQL queries
    (``graph/sparql/stats_*.rq``) that the store answers: nothing else is fetched.

    >>> from graph import load_graph
    >>> compute_stats(load_graph()).statements > 50
    True

    Raises:
        QueryError: the store cannot answer a query.
    """
    store = g if isinstance(g, Store) else MemoryStore(g)
    by_class: Counter[str] = Counter()
    entities = 0
    for row in _rows(store, "stats_classes"):
        by_class[local_name(row["class"])] += _number(row)
        if row["class"] == AI.Entity:
            entities = _number(row)
    by_relation: Counter[str] = Counter()
    for row in _rows(store, "stats_relations"):
        by_relation[local_name(row["predicate"])] += _number(row)
    per_source: Counter[str] = Counter()
    sources = 0
    for row in _rows(store, "stats_sources"):
        name = local_name(row["source"])
        per_source[name] += _number(row)
        if _number(row, "declarations"):
            sources += 1
    triples = next((_number(r) for r in _rows(store, "stats_triples")), 0)
    statements = next((_number(r) for r in _rows(store, "stats_statements")), 0)
    return GraphStats(
        triples=triples,
        entities=entities,
        statements=statements,
        sources=sources,
        by_class=dict(sorted(by_class.items())),
        by_relation=dict(sorted(by_relation.items())),
        facts_per_source=dict(sorted(per_source.items())),
    )

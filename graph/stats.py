"""Counting what the graph holds: entities by class, statements by relation, sources."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV

from .namespaces import AI

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


def _local(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def compute_stats(g: Graph) -> GraphStats:
    """Counts of the graph's entities, statements and sources.

    >>> from graph import load_graph
    >>> compute_stats(load_graph()).statements > 50
    True
    """
    entities = set(g.subjects(RDF.type, AI.Entity))
    by_class: Counter[str] = Counter()
    for entity in entities:
        for cls in g.objects(entity, RDF.type):
            if isinstance(cls, URIRef) and str(cls).startswith(str(AI._NS)):
                by_class[_local(cls)] += 1
    statements = set(g.subjects(RDF.type, RDF.Statement))
    by_relation: Counter[str] = Counter()
    per_source: Counter[str] = Counter()
    for statement in statements:
        predicate = g.value(statement, RDF.predicate)
        if predicate is not None:
            by_relation[_local(predicate)] += 1
        for source in g.objects(statement, PROV.wasDerivedFrom):
            per_source[_local(source)] += 1
    sources = set(g.subjects(RDF.type, AI.Source))
    for source in sources:
        per_source.setdefault(_local(source), 0)
    return GraphStats(
        triples=len(g),
        entities=len(entities),
        statements=len(statements),
        sources=len(sources),
        by_class=dict(sorted(by_class.items())),
        by_relation=dict(sorted(by_relation.items())),
        facts_per_source=dict(sorted(per_source.items())),
    )

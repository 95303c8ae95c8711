"""The RDF graph of a curated data folder, truthy triples included."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph

from graph.ingest.columns import Triple
from graph.ingest.records import CuratedData
from graph.model.namespaces import PREFIXES
from graph.rdf.bulk import paused_gc
from graph.rdf.progress import track

__all__ = ["build_graph", "iter_graph_triples", "tracked_triples"]


def iter_graph_triples(data: CuratedData) -> Iterator[Triple]:
    """Every triple of the built graph: ontology, curated records, and truthy triples.

    The truthy rule: ``S P O`` is added when at least one statement of it has no
    end date; a symmetric relation is added in both directions.
    """
    yield from data.vocabulary.ontology
    yield from data.triples
    current = {(s, p, o) for s, p, o, open_ in data.statements.values() if open_}
    for s, p, o in sorted(current):
        yield s, p, o
        if p in data.vocabulary.symmetric:
            yield o, p, s


def build_graph(data: CuratedData) -> Graph:
    """The RDF graph of a data folder that :func:`read_data` has read."""
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri, replace=True)
    # What Graph.add does, without its per-triple type assertions (the reader
    # only makes rdflib terms): a tenth of the time at a million triples.
    add = g.store.add
    with paused_gc():
        for triple in tracked_triples(data):
            add(triple, g, quoted=False)
    return g


def tracked_triples(data: CuratedData) -> Iterator[Triple]:
    """:func:`iter_graph_triples` with a progress bar (on a terminal, when slow)."""
    total = len(data.vocabulary.ontology) + len(data.triples) + len(data.statements)
    return track(iter_graph_triples(data), desc="build", total=total, unit="triple")

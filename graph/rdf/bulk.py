"""Bulk work on many triples: the garbage collector paused while it runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

__all__ = ["canonical_graph", "paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are made.

    Filling a graph allocates nested dicts that the collector would scan again
    and again (a third of the build time at a million triples); nothing built
    there is garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def canonical_graph(g: Graph) -> Graph:
    """``g`` with blank nodes renamed by content, so that builds are byte-identical."""
    if not any(isinstance(term, BNode) for triple in g for term in triple):
        return g
    canonical = Graph()
    for triple in to_canonical_graph(g):
        canonical.add(triple)
    return canonical

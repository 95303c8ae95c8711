"""The graph in memory as a store (the default): an in-memory pyoxigraph store."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from graph.rdf.terms import load_store
from graph.store.engine import OxigraphEngine

__all__ = ["MemoryStore"]


class MemoryStore(OxigraphEngine):
    """The graph in an in-memory pyoxigraph store, which answers every query.

    Made from a validated pyoxigraph store (:func:`graph.validate.checks.checked_store`,
    what commands on ``memory`` build from the data: no rdflib graph is made) or from an
    rdflib Graph, copied into pyoxigraph on the first query. :meth:`graph` gives the
    triples as an rdflib Graph (that Graph itself when the store was made from one), made
    once. Change the content through :meth:`load` only.

    >>> MemoryStore(Graph()).is_empty()
    True
    """

    def __init__(self, g: Graph | ox.Store | None = None) -> None:
        self._g: Graph | None = None
        self._ox: ox.Store | None = None
        if isinstance(g, ox.Store):
            self._ox = g
        elif g is not None:
            self._g = g

    @property
    def _store(self) -> ox.Store:
        if self._ox is None:
            self._ox = load_store(self._g) if self._g is not None else ox.Store()
        return self._ox

    def load(self, staged: ox.Store) -> int:
        self._ox, self._g = staged, None
        return len(staged)

    def graph(self) -> Graph:
        if self._g is None:
            self._g = super().graph()
        return self._g

    def describe(self) -> str:
        return "memory"

"""pyoxigraph answers as rdflib rows and graphs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import cast

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier, Variable

from graph.model.namespaces import PREFIXES
from graph.rdf.bulk import paused_gc
from graph.rdf.terms import rdf_term

__all__ = ["answer_graph", "prefixed_graph", "rdf_rows", "whole_graph"]


#: :func:`rdf_term` on a bound value, which is never None.
_identifier = cast(Callable[[object], Identifier], rdf_term)


def rdf_rows(
    solutions: Iterable[ox.QuerySolution], variables: list[Variable]
) -> list[Mapping[Variable, Identifier]]:
    """pyoxigraph solutions as rdflib rows (unbound variables left out).

    Equal terms recur across rows (labels, statuses, dates): each is converted once.
    """
    seen: dict[object, Identifier] = {}
    known = seen.get
    rows: list[Mapping[Variable, Identifier]] = []
    append = rows.append
    for solution in solutions:
        row: dict[Variable, Identifier] = {}
        for variable, term in zip(variables, solution, strict=True):
            if term is None:
                continue
            value = known(term)
            if value is None:
                value = seen[term] = _identifier(term)
            row[variable] = value
        append(row)
    return rows


def answer_graph(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """Triples (a CONSTRUCT or DESCRIBE answer, the quads of a pattern) as an rdflib Graph.

    The graph uses rdflib's context-free in-memory store: these triples have no named
    graph, and filling it costs half of the default store's.
    """
    return _filled(Graph(store="SimpleMemory"), triples)


def _filled(out: Graph, triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """``out`` with the triples added, each equal term converted once."""
    add = out.store.add  # Graph.add only asserts that each term is a Node: these are
    seen: dict[object, Identifier] = {}
    known = seen.get
    for triple in triples:
        terms: list[Identifier] = []
        for term in (triple.subject, triple.predicate, triple.object):
            value = known(term)
            if value is None:
                value = seen[term] = _identifier(term)
            terms.append(value)
        add((terms[0], terms[1], terms[2]), out, quoted=False)
    return out


def prefixed_graph() -> Graph:
    """An empty Graph with the project's prefixes bound, as the build binds them (so an
    export from a store writes ``ai:amount``, not ``ns1:amount``)."""
    out = Graph()
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri, replace=True)
    return out


def whole_graph(source: ox.Store | Iterable[ox.Triple | ox.Quad]) -> Graph:
    """The default graph of a pyoxigraph store, or pyoxigraph triples, as an rdflib Graph
    with the project's prefixes (what exports and ``aikg serve`` read)."""
    if isinstance(source, ox.Store):
        source = source.quads_for_pattern(None, None, None, ox.DefaultGraph())
    with paused_gc():
        return _filled(prefixed_graph(), source)

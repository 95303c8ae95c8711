"""A SPARQL result as a network: CONSTRUCT results through the projection, SELECT rows as edges."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.query import Result
from rdflib.term import Identifier, Node, Variable

from graph.model.errors import QueryError
from graph.model.namespaces import ENT
from graph.network.convert import to_networkx
from graph.network.lookup import describe_nodes, fetch_sources, network_sources
from graph.sparql.catalogue import StoredQuery
from graph.store.base import Store
from graph.views.page import render_network

__all__ = ["query_anchors", "render_query_view", "result_network"]

_DESCRIPTIVE = (RDF.type, RDFS.label, DCTERMS.description, OWL.sameAs)


def _iris(fragment: Graph) -> set[URIRef]:
    found: set[URIRef] = set()
    for s, _p, o in fragment:
        for term in (s, o):
            if isinstance(term, URIRef) and str(term).startswith(str(ENT)):
                found.add(term)
    return found


def _describe(g: Graph | Store, fragment: Graph, iris: set[URIRef]) -> None:
    """Add to ``fragment`` what ``g`` says of each entity in ``iris`` that it lacks (asked
    of the store for those entities only)."""
    lacking = {
        iri for iri in iris if any((iri, prop, None) not in fragment for prop in _DESCRIPTIVE)
    }
    known = describe_nodes(g, (str(iri) for iri in lacking))
    for iri in sorted(lacking, key=str):
        for prop in _DESCRIPTIVE:
            if (iri, prop, None) in fragment:
                continue
            for value in known.objects(iri, prop):
                fragment.add((iri, prop, value))


def _node_name(term: Node) -> str:
    return str(term)


def _select_network(g: Graph | Store, result: Result, anchors: Sequence[URIRef]) -> nx.MultiDiGraph:
    names = {str(v) for v in result.vars or []}
    rows = list(result.bindings)
    pairs: list[tuple[Node, Node, str]] = []
    if {"source", "target"} <= names:
        for row in rows:
            s, t = row.get(Variable("source")), row.get(Variable("target"))
            if s is None or t is None:
                continue
            cell = row.get(Variable("edgeLabel"))
            pairs.append((s, t, str(cell) if cell is not None else "related to"))
    else:
        # No source/target columns: the IRIs of a row are linked in column order, after
        # the entities the query was asked about (its entity parameters).
        order = [Variable(str(v)) for v in result.vars or []]
        label_cell = Variable("edgeLabel")
        for row in rows:
            items: list[Node] = list(anchors)
            items += [row[v] for v in order if v != label_cell and isinstance(row.get(v), URIRef)]
            cell = row.get(label_cell)
            for a, b in itertools.pairwise(items):
                if a != b:
                    pairs.append((a, b, str(cell) if cell is not None else "related to"))
            if len(items) == 1:
                pairs.append((items[0], items[0], ""))
    fragment = Graph()
    entities = {t for a, b, _ in pairs for t in (a, b) if isinstance(t, URIRef)}
    _describe(g, fragment, {e for e in entities if str(e).startswith(str(ENT))})
    G = to_networkx(fragment)
    G.remove_edges_from(list(G.edges))
    for first, second, relation in pairs:
        for term in (first, second):
            name = _node_name(term)
            if name not in G:
                text = str(term).rstrip("/").rsplit("/", 1)[-1]
                G.add_node(name, label=text, classes=[], kind="Entity", description="", wikidata="")
        if first == second:
            continue
        u, v = _node_name(first), _node_name(second)
        if not G.has_edge(u, v, key=relation):
            G.add_edge(
                u, v, key=relation, relation=relation, family="", symmetric=False, statements=[]
            )
    return G


def query_anchors(query: StoredQuery, bindings: Mapping[str, Identifier]) -> list[URIRef]:
    """The entities bound to ``query``'s entity parameters, in declaration order."""
    return [
        term
        for p in query.params
        if p.type == "entity" and isinstance(term := bindings.get(p.name), URIRef)
    ]


def result_network(
    g: Graph | Store, result: Result, *, anchors: Sequence[URIRef] = ()
) -> nx.MultiDiGraph:
    """A query result as a network to draw, with what ``g`` says of its entities.

    - CONSTRUCT/DESCRIBE: the result graph through :func:`graph.network.to_networkx`
      (every statement it holds, current or not); an entity whose label, classes,
      description or Wikidata link the result lacks gets them from ``g``.
    - SELECT with ``?source`` and ``?target`` columns (and optionally ``?edgeLabel``):
      one edge per row, as the Wikidata Query Service graph view draws them.
    - any other SELECT: the IRIs of each row, after ``anchors`` (the entities the query
      was asked about), are linked in column order.

    >>> from rdflib import Graph
    >>> from graph.sparql import execute_query
    >>> q = "SELECT ?source ?target WHERE { VALUES (?source ?target) { (<x:a> <x:b>) } }"
    >>> sorted(result_network(Graph(), execute_query(Graph(), q)).edges())
    [('x:a', 'x:b')]

    Raises:
        QueryError: the result is an ASK answer, which has nothing to draw.
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        fragment = Graph()
        fragment += result.graph
        _describe(g, fragment, _iris(fragment))
        return to_networkx(fragment, history=True, merge_symmetric=True)
    if result.type == "SELECT":
        return _select_network(g, result, anchors)
    raise QueryError("an ASK query answers true or false: there is no graph to draw")


def render_query_view(
    g: Graph | Store,
    result: Result,
    *,
    title: str,
    subtitle: str = "",
    anchors: Sequence[URIRef] = (),
) -> str:
    """A self-contained page drawing a query result (see :func:`result_network`); ``g``
    (an rdflib graph or a store) is asked only about the entities and sources drawn.

    Raises:
        QueryError: an ASK result.
        AikgError: too many nodes to draw.
    """
    G = result_network(g, result, anchors=anchors)
    focus = str(anchors[0]) if len(anchors) == 1 and str(anchors[0]) in G else None
    sources = fetch_sources(g, network_sources(G))
    return render_network(G, title=title, subtitle=subtitle, sources=sources, focus=focus)

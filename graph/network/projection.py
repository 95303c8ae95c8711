"""The network projection as SELECT queries that any store answers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Identifier, Node

from graph.model.errors import AikgError
from graph.model.namespaces import AI, ENT, WD
from graph.model.paths import ONTOLOGY_FILE, shipped_file
from graph.model.vocabulary import local_name
from graph.network.statements import (
    QUALIFIERS,
    STATEMENT_PROPERTIES,
    EdgeKey,
    Options,
    Shown,
    Statement,
    group_edges,
    make_options,
    read_statements,
    settle_edges,
    undated_edge,
)
from graph.sparql.internal import internal_query
from graph.store.base import Store
from graph.store.memory import MemoryStore

__all__ = ["QUALIFIERS", "as_store", "project_neighbourhood", "project_store", "select_rows"]


_NODE_PROPERTIES = {
    str(RDF.type): "types", str(RDFS.label): "label", str(DCTERMS.description): "description",
    str(OWL.sameAs): "same_as",
}  # fmt: skip


def select_rows(
    store: Store, name: str, bindings: Mapping[str, Identifier] | None = None
) -> Iterator[dict[str, Node]]:
    """The rows of the SELECT ``graph/sparql/NAME.rq`` on ``store``, keyed by variable name."""
    result = store.query(internal_query(name), bindings=bindings)
    for row in result.bindings:
        yield {str(k): v for k, v in row.items() if v is not None}


def as_store(g: Graph | Store) -> Store:
    """``g`` itself when it is a store, else ``g`` in a :class:`~graph.store.memory.MemoryStore`.

    >>> as_store(Graph()).describe()
    'memory'
    """
    return g if isinstance(g, Store) else MemoryStore(g)


@dataclass(frozen=True)
class _Vocabulary:
    family: dict[str, str]
    label: dict[str, str]
    symmetric: frozenset[str]
    parents: dict[str, tuple[str, ...]]
    in_store: bool
    depths: dict[str, int] = field(default_factory=dict)
    deals: dict[str, bool] = field(default_factory=dict)

    def is_deal_class(self, cls: str) -> bool:
        """Whether ``cls`` is ai:Deal or below it in the class tree."""
        if cls not in self.deals:
            self.deals[cls] = False  # a cycle in the class tree stops here
            self.deals[cls] = cls == str(AI.Deal) or any(
                self.is_deal_class(p) for p in self.parents.get(cls, ())
            )
        return self.deals[cls]

    def class_depth(self, cls: str) -> int:
        if cls not in self.depths:
            self.depths[cls] = 0  # a cycle in the class tree stops here
            ai = str(AI._NS)
            above = [p for p in self.parents.get(cls, ()) if p.startswith(ai)]
            self.depths[cls] = 1 + max((self.class_depth(p) for p in above), default=0)
        return self.depths[cls]


def _read_vocabulary(store: Store, *, in_store: bool) -> _Vocabulary:
    family: dict[str, str] = {}
    label: dict[str, str] = {}
    symmetric: set[str] = set()
    for row in sorted(select_rows(store, "relations"), key=lambda r: sorted(map(str, r.values()))):
        p = str(row["relation"])
        family[p] = str(row["family"])
        if "label" in row and p not in label:
            label[p] = str(row["label"])
        if "symmetric" in row:
            symmetric.add(p)
    parents: dict[str, list[str]] = defaultdict(list)
    for row in select_rows(store, "class_parents"):
        parents[str(row["class"])].append(str(row["parent"]))
    return _Vocabulary(
        family=family,
        label={p: label.get(p, local_name(p)) for p in family},
        symmetric=frozenset(symmetric),
        parents={c: tuple(sorted(ps)) for c, ps in parents.items()},
        in_store=in_store,
    )


@lru_cache(maxsize=1)
def _shipped_vocabulary() -> _Vocabulary:
    ontology = Graph().parse(shipped_file(ONTOLOGY_FILE), format="turtle")
    return _read_vocabulary(MemoryStore(ontology), in_store=False)


def _vocabulary(store: Store) -> _Vocabulary:
    """The store's relation families and class tree, or the shipped ontology's when the
    store declares no family (a CONSTRUCT fragment holds data but no vocabulary)."""
    if store.query(internal_query("has_families")).askAnswer:
        return _read_vocabulary(store, in_store=True)
    return _shipped_vocabulary()


def _node_attributes(
    values: Mapping[str, list[str]], iri: str, vocab: _Vocabulary
) -> dict[str, Any]:
    ai, wd = str(AI._NS), str(WD)
    classes = sorted(
        {c for c in values.get("types", []) if c.startswith(ai)},
        key=lambda c: (-vocab.class_depth(c), c),
    )
    labels = sorted(values.get("label", []))
    descriptions = sorted(values.get("description", []))
    wikidata = sorted(w.removeprefix(wd) for w in values.get("same_as", []) if w.startswith(wd))
    return {
        "label": labels[0] if labels else local_name(iri),
        "classes": [local_name(c) for c in classes],
        "kind": local_name(classes[0]) if classes else "Entity",
        "description": descriptions[0] if descriptions else "",
        "wikidata": wikidata[0] if wikidata else "",
    }


def _node_values(store: Store, iri: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = defaultdict(list)
    for row in select_rows(store, "node", {"node": URIRef(iri)}):
        values[_NODE_PROPERTIES[str(row["property"])]].append(str(row["value"]))
    return values


def _is_entity(values: Mapping[str, list[str]], iri: str) -> bool:
    return iri.startswith(str(ENT)) and str(AI.Entity) in values.get("types", [])


def _is_deal(values: Mapping[str, list[str]], vocab: _Vocabulary) -> bool:
    return any(vocab.is_deal_class(c) for c in values.get("types", []))


def _read_triples(
    rows: Iterable[Mapping[str, Node]], vocab: _Vocabulary, node: str | None = None
) -> set[tuple[str, str, str]]:
    triples: set[tuple[str, str, str]] = set()
    for row in rows:
        s, p, o = row.get("subject"), row["relation"], row.get("object")
        if (
            isinstance(s, URIRef | None)
            and isinstance(o, URIRef | None)
            and str(p) in vocab.family
            and (s or node) is not None
            and (o or node) is not None
        ):
            triples.add((str(s or node), str(p), str(o or node)))
    return triples


def _build(
    entities: Iterable[tuple[str, dict[str, Any]]],
    grouped: Mapping[EdgeKey, Shown],
    vocab: _Vocabulary,
    options: Options,
    attributes_of: Callable[[str], dict[str, Any]],
) -> nx.MultiDiGraph:
    """The networkx graph: ``entities`` first (in order), then each edge of ``grouped``
    in sorted order, its ends added as nodes (``attributes_of(iri)``) when missing; a
    statement's deal is named by ``attributes_of(deal)["label"]``, and a statement with no
    known start is marked ``undated``."""
    G = nx.MultiDiGraph()
    for iri, attrs in entities:
        G.add_node(iri, **attrs)
    deal_labels: dict[str, str] = {}

    def record(st: Statement) -> dict[str, Any]:
        found: dict[str, Any] = {"iri": st.iri, **st.qualifiers}
        deal = st.qualifiers.get("deal")
        if deal is not None:
            if deal not in deal_labels:
                deal_labels[deal] = str(attributes_of(deal)["label"])
            found["deal_label"] = deal_labels[deal]
        if "holds_from" not in st.qualifiers:  # no known start: undated on any as-of day
            found["undated"] = True
        found["sources"] = list(st.sources)
        return found

    for (s, p, o), shown in sorted(grouped.items()):
        for end in (s, o):
            if end not in G:
                G.add_node(end, **attributes_of(end))
        ordered = sorted(
            shown, key=lambda su: (su[0].qualifiers.get("holds_from") or date.min, su[0].iri)
        )
        records = [record(st) for st, _undated in ordered]
        symmetric = p in vocab.symmetric
        relation = local_name(p)
        pairs = ((s, o), (o, s)) if symmetric and not options.merge_symmetric else ((s, o),)
        for u, v in pairs:
            if G.has_edge(u, v, key=relation):
                edge = G.edges[u, v, relation]
                known = {r["iri"] for r in edge["statements"]}
                edge["statements"].extend(r for r in records if r["iri"] not in known)
                edge["statements"].sort(key=lambda r: (r.get("holds_from") or date.min, r["iri"]))
                edge["undated"] = edge["undated"] and undated_edge(shown, options)
                continue
            G.add_edge(
                u,
                v,
                key=relation,
                relation=relation,
                label=vocab.label[p],
                family=vocab.family[p],
                symmetric=symmetric,
                undated=undated_edge(shown, options),
                statements=list(records),
            )
    return G


def _finish(G: nx.MultiDiGraph, options: Options, undated: int) -> nx.MultiDiGraph:
    if options.as_of is not None and not options.history:
        G.graph["undated_statements"] = undated
    return G


def project_store(
    source: Graph | Store,
    *,
    families: Iterable[str] | None = None,
    as_of: date | None = None,
    history: bool = False,
    merge_symmetric: bool = False,
    keep_undated: bool = False,
    deals: bool = False,
) -> nx.MultiDiGraph:
    """The network of :func:`graph.network.to_networkx`, read from ``source`` (a store, or
    an rdflib graph run as a :class:`~graph.store.memory.MemoryStore`) by SELECT queries that the
    store's own SPARQL engine answers: nothing else is fetched.

    >>> from graph import load_graph
    >>> G = project_store(MemoryStore(load_graph()), families=["people"])
    >>> G.edges["https://w3id.org/aikg/entity/sam-altman",
    ...         "https://w3id.org/aikg/entity/openai", "ceoOf"]["label"]
    'CEO of'

    Raises:
        AikgError: an unknown family name.
        QueryError: the store cannot answer a query.
    """
    store = as_store(source)
    options = make_options(families, as_of, history, merge_symmetric, keep_undated, deals)
    vocab = _vocabulary(store)
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for prop, name in _NODE_PROPERTIES.items():
        for row in select_rows(store, "entity_values", {"property": URIRef(prop)}):
            node = row["node"]
            if isinstance(node, URIRef) and node.startswith(str(ENT)):
                values[str(node)][name].append(str(row["value"]))
    details = (
        row | {"property": URIRef(prop)}
        for prop in STATEMENT_PROPERTIES
        for row in select_rows(store, "statement_values", {"property": URIRef(prop)})
    )
    statements = read_statements(select_rows(store, "statements"), details)
    triples = _read_triples(
        select_rows(store, "relation_triples" if vocab.in_store else "iri_triples"), vocab
    )
    grouped, undated = settle_edges(
        group_edges(statements.values(), triples, vocab.family, vocab.symmetric, options), options
    )
    entities = [
        (iri, _node_attributes(values[iri], iri, vocab))
        for iri in sorted(values)
        if options.deals or not _is_deal(values[iri], vocab)
    ]
    G = _build(
        entities,
        grouped,
        vocab,
        options,
        lambda iri: _node_attributes(
            values[iri] if iri in values else _node_values(store, iri), iri, vocab
        ),
    )
    return _finish(G, options, undated)


def _reach(fetch: Callable[[str], Iterable[EdgeKey]], focus: str, depth: int) -> dict[str, int]:
    """The nodes within ``depth`` hops of ``focus`` by the edges ``fetch(node)`` gives,
    with their distance; the farthest nodes are fetched too, for the edges between them."""
    reach = {focus: 0}
    frontier = [focus]
    for hop in range(1, depth + 1):
        following: list[str] = []
        for iri in frontier:
            for s, _p, o in fetch(iri):
                for end in (s, o):
                    if end not in reach:
                        reach[end] = hop
                        following.append(end)
        frontier = following
    for iri in frontier:  # the edges between the farthest nodes
        fetch(iri)
    return reach


def project_neighbourhood(
    source: Graph | Store,
    focus: str,
    *,
    depth: int = 1,
    families: Iterable[str] | None = None,
    as_of: date | None = None,
    history: bool = False,
    merge_symmetric: bool = False,
    keep_undated: bool = False,
    deals: bool = False,
) -> nx.MultiDiGraph:
    """The part of :func:`project_store`'s network within ``depth`` hops of ``focus``
    (either direction), with every edge between those nodes: the same nodes, attributes
    and edges as ``G.subgraph(reach)``, read by asking the store about those nodes only.
    ``focus`` is a node even when it is a deal; ``undated_statements`` counts those
    among the edges between the nodes reached.

    >>> from graph import load_graph
    >>> H = project_neighbourhood(load_graph(), "https://w3id.org/aikg/entity/xai",
    ...                           families=["competition"], merge_symmetric=True)
    >>> sorted(H.nodes[n]["label"] for n in H)
    ['OpenAI', 'xAI']

    Raises:
        AikgError: an unknown family name or a negative depth.
        QueryError: the store cannot answer a query.
    """
    if depth < 0:
        raise AikgError(f"depth must be 0 or more, not {depth}")
    store = as_store(source)
    options = make_options(families, as_of, history, merge_symmetric, keep_undated, deals)
    vocab = _vocabulary(store)
    statements: dict[str, Statement] = {}
    triples: set[EdgeKey] = set()

    def fetch(iri: str) -> dict[EdgeKey, Shown]:
        bound = {"node": URIRef(iri)}
        mine = read_statements(
            select_rows(store, "statements_of", bound),
            select_rows(store, "statement_details_of", bound),
        )
        near = _read_triples(select_rows(store, "iri_triples_of", bound), vocab, iri)
        statements.update(mine)
        triples.update(near)
        return settle_edges(
            group_edges(mine.values(), near, vocab.family, vocab.symmetric, options), options
        )[0]

    reach = _reach(fetch, focus, depth)
    grouped, undated = settle_edges(
        {
            key: found
            for key, found in group_edges(
                statements.values(), triples, vocab.family, vocab.symmetric, options
            ).items()
            if key[0] in reach and key[2] in reach
        },
        options,
    )
    values: dict[str, dict[str, list[str]]] = {iri: _node_values(store, iri) for iri in reach}
    entities = [
        (iri, _node_attributes(values[iri], iri, vocab))
        for iri in sorted(reach)
        if _is_entity(values[iri], iri)
        and (options.deals or iri == focus or not _is_deal(values[iri], vocab))
    ]

    def attributes_of(iri: str) -> dict[str, Any]:
        if iri not in values:
            values[iri] = _node_values(store, iri)
        return _node_attributes(values[iri], iri, vocab)

    G = _build(entities, grouped, vocab, options, attributes_of)
    return _finish(G, options, undated)

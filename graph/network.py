"""Projecting the RDF graph onto a networkx multigraph of entities and sourced relations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import RDFS, Graph, URIRef

from .loading import ONTOLOGY_FILE, default_data_dir
from .namespaces import AI

if TYPE_CHECKING:
    from .stores import Store

__all__ = ["FAMILIES", "relation_families", "relation_labels", "statement_holds", "to_networkx"]

#: The relation families, in display order.
FAMILIES = ("investment", "supply", "competition", "partnership", "people", "assets")


def _local(term: object) -> str:
    """The last segment of an IRI: ``ai:investsIn`` -> ``investsIn``."""
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def _shipped_ontology() -> Graph:
    return Graph().parse(default_data_dir() / ONTOLOGY_FILE, format="turtle")


def _ontology(g: Graph) -> Graph:
    """``g`` when it declares relation families, else the shipped ontology.

    A graph made by a SPARQL CONSTRUCT usually holds data but no vocabulary.
    """
    if next(iter(g.triples((None, AI.relationFamily, None))), None) is not None:
        return g
    return _shipped_ontology()


def relation_families(g: Graph) -> dict[URIRef, str]:
    """Each relation property mapped to its family name.

    Read from the ontology in ``g``, or from the shipped ontology when ``g``
    has none (as with the result of a SPARQL CONSTRUCT).

    >>> relation_families(Graph())[AI.suppliesChipsTo]
    'supply'
    """
    return {
        URIRef(p): str(f)
        for p, f in _ontology(g).subject_objects(AI.relationFamily)
        if isinstance(p, URIRef)
    }


def relation_labels(g: Graph) -> dict[URIRef, str]:
    """Each relation property mapped to its English label ("invests in").

    >>> relation_labels(Graph())[AI.technologyPartnerOf]
    'technology partner of'
    """
    onto = _ontology(g)
    return {p: str(onto.value(p, RDFS.label) or _local(p)) for p in relation_families(g)}


def statement_holds(holds_from: date | None, holds_until: date | None, day: date) -> bool:
    """Whether a statement with these bounds holds on ``day`` (start ≤ day < end).

    >>> statement_holds(date(2025, 1, 21), date(2025, 10, 28), date(2025, 6, 30))
    True
    >>> statement_holds(None, date(2025, 1, 21), date(2025, 1, 21))
    False
    """
    return (holds_from is None or holds_from <= day) and (holds_until is None or holds_until > day)


def to_networkx(
    g: Graph | Store,
    *,
    families: Iterable[str] | None = None,
    as_of: date | None = None,
    history: bool = False,
    merge_symmetric: bool = False,
) -> nx.MultiDiGraph:
    """The entities of ``g`` as nodes and its sourced relations as edges.

    Nodes are entity IRIs (strings) with ``label``, ``classes`` (most specific
    first), ``kind`` (the most specific class), ``description`` and ``wikidata``.
    There is one edge per (subject, relation, object), keyed by the relation
    name, with ``relation``, ``label`` ("invests in"), ``family``, ``symmetric``
    and ``statements``: a list of dicts (``iri``, dates, ``amount``, ``status``,
    ``sources``…), oldest first.

    Which statements count: by default those that hold now (no end date);
    with ``as_of`` those that held on that day; with ``history`` all of them.
    Symmetric relations give two opposite edges, or one (from the smaller IRI
    to the larger) when ``merge_symmetric``.

    ``g`` may also be a fragment such as a SPARQL CONSTRUCT result: relation
    families then come from the shipped ontology; an edge's ends become nodes
    even without a type or label (the label is then the IRI's last segment, the
    kind ``Entity``); and a direct triple ``S P O`` between IRIs with no
    statement for it becomes an edge whose ``statements`` list is empty (it has
    no dates, so it counts under every ``as_of``).

    ``g`` may also be a :class:`graph.stores.Store`. Either way the network is read by
    SELECT queries that the store answers (an rdflib graph is queried as a
    :class:`~graph.stores.MemoryStore`): see :func:`graph.projection.project_store`.

    >>> from graph import load_graph
    >>> G = to_networkx(load_graph(), families=["competition"])
    >>> sorted(G.nodes[v]["label"] for v in G.successors("https://w3id.org/aikg/entity/openai"))
    ['Anthropic', 'Google', 'xAI']

    Raises:
        AikgError: an unknown family name.
    """
    # Imported here: graph.stores imports graph.queries, which imports this module.
    from .projection import project_store

    return project_store(
        g, families=families, as_of=as_of, history=history, merge_symmetric=merge_symmetric
    )

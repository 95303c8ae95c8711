"""The graph as a networkx multigraph of entities."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx
from rdflib import Graph

from graph.network.projection import project_store
from graph.store.base import Store

__all__ = ["to_networkx"]


def to_networkx(
    g: Graph | Store,
    *,
    families: Iterable[str] | None = None,
    as_of: date | None = None,
    history: bool = False,
    merge_symmetric: bool = False,
    keep_undated: bool = False,
    deals: bool = False,
) -> nx.MultiDiGraph:
    """The entities of ``g`` as nodes and its sourced relations as edges.

    Nodes are entity IRIs (strings) with ``label``, ``classes`` (most specific
    first), ``kind`` (the most specific class), ``description`` and ``wikidata``.
    There is one edge per (subject, relation, object), keyed by the relation
    name, with ``relation``, ``label`` ("invests in"), ``family``, ``symmetric``,
    ``undated`` and ``statements``: a list of dicts (``iri``, dates, ``amount``
    with ``amount_kind`` and ``amount_bound``, ``payer``/``payee``, ``deal`` with
    ``deal_label``, ``status``, ``rank``, ``evidence``, ``sources``…; see
    :data:`graph.network.statements.QUALIFIERS`; ``"undated": True`` on one with no known
    start), oldest first.

    Which statements count (deprecated ones never do):

    - by default those that hold now, the truthy rule: no end (no end date and no
      ``ai:holdsUntil``), status Active, Completed or unset;
    - with ``as_of`` those that held on that day: a known start on or before it and
      no end by it, and not Proposed, Planned or Cancelled. A statement with no known
      start (``ai:holdsFrom``) is *undated*: it is left out, unless ``keep_undated``
      keeps it; an edge with nothing else has ``undated`` true (views draw it dashed).
      ``G.graph["undated_statements"]`` counts the undated statements, kept or not;
    - with ``history`` all of them.

    Deals (``ai:Deal`` entities) qualify statements (``deal``): they are nodes only
    with ``deals``, or when a relation reaches them.
    Symmetric relations give two opposite edges, or one (from the smaller IRI
    to the larger) when ``merge_symmetric``.

    ``g`` may also be a fragment such as a SPARQL CONSTRUCT result: relation
    families then come from the shipped ontology; an edge's ends become nodes
    even without a type or label (the label is then the IRI's last segment, the
    kind ``Entity``); and a direct triple ``S P O`` between IRIs with no
    statement for it becomes an edge whose ``statements`` list is empty (it has
    no dates, so under ``as_of`` it is undated).

    ``g`` may also be a :class:`graph.store.base.Store`. Either way the network is read by
    SELECT queries that the store answers (an rdflib graph is queried as a
    :class:`~graph.store.memory.MemoryStore`): see :func:`graph.network.projection.project_store`.

    >>> from graph import load_graph
    >>> G = to_networkx(load_graph(), families=["competition"])
    >>> sorted(G.nodes[v]["label"] for v in G.successors("https://w3id.org/aikg/entity/openai"))
    ['Anthropic', 'Google', 'xAI']

    Raises:
        AikgError: an unknown family name.
    """
    return project_store(
        g,
        families=families,
        as_of=as_of,
        history=history,
        merge_symmetric=merge_symmetric,
        keep_undated=keep_undated,
        deals=deals,
    )

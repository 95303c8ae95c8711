"""What views and pages look up beside the network: sources, descriptions, one entity by name."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS

from graph.model.entities import resolve_entity
from graph.model.errors import UnknownEntityError
from graph.model.namespaces import SCHEMA
from graph.network.projection import as_store, select_rows
from graph.store.base import Store
from graph.store.names import entity_candidates

__all__ = [
    "SOURCES_ONE_BY_ONE",
    "describe_nodes",
    "fetch_sources",
    "find_entity",
    "network_sources",
]


#: Above this many sources, :func:`fetch_sources` asks for all of them in one query.
SOURCES_ONE_BY_ONE = 500


_SOURCE_FIELDS = {
    str(DCTERMS.title): "title", str(RDFS.label): "label", str(DCTERMS.publisher): "publisher",
    str(DCTERMS.date): "date", str(SCHEMA.url): "url",
}  # fmt: skip


def fetch_sources(
    source: Graph | Store, iris: Iterable[str] | None = None
) -> dict[str, dict[str, str]]:
    """Title, label, publisher, date and URL of sources by IRI, as
    :func:`graph.views.text.source_details` gives them: those in ``iris`` (asked one by
    one when they are few), or every one.

    >>> from graph import load_graph
    >>> from graph.model import SRC
    >>> iri = str(SRC["openai-announcing-stargate"])
    >>> fetch_sources(load_graph(), [iri])[iri]["title"]
    'Announcing The Stargate Project'

    Raises:
        QueryError: the store cannot answer a query.
    """
    store = as_store(source)
    details: dict[str, dict[str, str]] = {}
    wanted = sorted(set(iris)) if iris is not None else None
    if wanted is None or len(wanted) > SOURCES_ONE_BY_ONE:
        keep = set(wanted) if wanted is not None else None
        for row in select_rows(store, "sources"):
            iri = str(row["source"])
            if keep is None or iri in keep:
                field_name = _SOURCE_FIELDS[str(row["property"])]
                details.setdefault(iri, {})[field_name] = str(row["value"])
        return details
    for iri in wanted:
        for row in select_rows(store, "source", {"source": URIRef(iri)}):
            details.setdefault(iri, {})[_SOURCE_FIELDS[str(row["property"])]] = str(row["value"])
    return details


def network_sources(G: nx.MultiDiGraph) -> list[str]:
    """The IRIs of the sources of every statement on ``G``'s edges, sorted."""
    return sorted(
        {
            s
            for _u, _v, d in G.edges(data=True)
            for st in d.get("statements", [])
            for s in st.get("sources", [])
        }
    )


def describe_nodes(source: Graph | Store, iris: Iterable[str]) -> Graph:
    """The types, labels, descriptions and ``owl:sameAs`` links of these nodes (what a
    network node shows), asked of the store node by node.

    >>> from graph import load_graph
    >>> from rdflib.namespace import RDFS
    >>> d = describe_nodes(load_graph(), ["https://w3id.org/aikg/entity/xai"])
    >>> str(d.value(URIRef("https://w3id.org/aikg/entity/xai"), RDFS.label))
    'xAI'

    Raises:
        QueryError: the store cannot answer a query.
    """
    store = as_store(source)
    out = Graph()
    for iri in sorted(set(iris)):
        node = URIRef(iri)
        for row in select_rows(store, "node", {"node": node}):
            out.add((node, URIRef(str(row["property"])), row["value"]))
    return out


def find_entity(source: Graph | Store, name: str) -> URIRef:
    """The entity named ``name`` (slug, label or alias), as
    :func:`graph.model.entities.resolve_entity` finds it, asking the store only for the entities
    that may carry that name; all names are fetched only to suggest near ones.

    >>> from graph import load_graph
    >>> str(find_entity(load_graph(), "SOFTBANK"))
    'https://w3id.org/aikg/entity/softbank'

    Raises:
        UnknownEntityError: nothing has that name (the message lists near matches), or
            an alias is shared by several entities.
        QueryError: the store cannot answer a query.
    """
    store = as_store(source)
    try:
        return resolve_entity(entity_candidates(store, name), name)
    except UnknownEntityError:
        return resolve_entity(store.names(), name)

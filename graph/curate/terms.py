"""How a diff writes RDF terms and properties: short names, literals as the data writes them."""

from __future__ import annotations

import re

from rdflib import BNode, URIRef
from rdflib.term import Node

from graph.ingest.columns import (
    ENTITY_COLUMN_PROPERTIES,
    ENTITY_COLUMNS,
    FACT_COLUMN_PROPERTIES,
    FACT_COLUMNS,
    SOURCE_COLUMN_PROPERTIES,
    SOURCE_COLUMNS,
)
from graph.model.namespaces import PREFIXES

__all__ = ["KINDS", "column_of", "property_order", "term_text", "triple_text"]

#: The kinds of node a diff matches by IRI, in the order outputs show them.
KINDS = ("entities", "sources", "statements")

_LOCAL = re.compile(r"[A-Za-z0-9_.-]*")

_COLUMNS: dict[str, dict[URIRef, str]] = {
    "entities": {p: c for c, p in ENTITY_COLUMN_PROPERTIES.items()},
    "sources": {p: c for c, p in SOURCE_COLUMN_PROPERTIES.items()},
    "statements": {p: c for c, p in FACT_COLUMN_PROPERTIES.items()},
}

_ORDER: dict[str, list[str]] = {
    "entities": list(ENTITY_COLUMNS),
    "sources": list(SOURCE_COLUMNS),
    "statements": list(FACT_COLUMNS),
}


def term_text(term: Node) -> str:
    """An IRI by its prefixed name (``ent:openai``), else in ``<>``; a literal as written
    (its language and datatype left out).

    >>> term_text(URIRef("https://w3id.org/aikg/entity/openai"))
    'ent:openai'
    >>> from rdflib import Literal
    >>> term_text(Literal("2019", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")))
    '2019'
    """
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, iri in PREFIXES.items():
            if text.startswith(iri) and _LOCAL.fullmatch(text[len(iri) :]):
                return f"{prefix}:{text[len(iri) :]}"
        return f"<{text}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def triple_text(triple: tuple[Node, Node, Node]) -> list[str]:
    """A triple as three short texts."""
    return [term_text(t) for t in triple]


def column_of(kind: str, prop: Node) -> str | None:
    """The data column that holds ``prop`` for a node of ``kind``, if one does
    (``ai:evidence`` and ``ai:holdsFrom`` are computed by the build and have none).

    >>> from graph.model.namespaces import AI
    >>> column_of("statements", AI.amount), column_of("statements", AI.evidence)
    ('amount', None)
    """
    return _COLUMNS.get(kind, {}).get(prop) if isinstance(prop, URIRef) else None


def property_order(kind: str, prop: Node) -> tuple[int, str]:
    """Where a property's changes come in a node's list: its data column's place in the
    file, then the properties the build computes by name.

    >>> from graph.model.namespaces import AI
    >>> from rdflib import RDF
    >>> props = [AI.evidence, AI.amount, RDF.subject]
    >>> [term_text(p) for p in sorted(props, key=lambda p: property_order("statements", p))]
    ['rdf:subject', 'ai:amount', 'ai:evidence']
    """
    column = column_of(kind, prop)
    order = _ORDER.get(kind, [])
    if column is not None and column in order:
        return (order.index(column), "")
    return (len(order), term_text(prop))

"""Relation families and labels, read from the ontology."""

from __future__ import annotations

from functools import lru_cache

from rdflib import RDFS, Graph, URIRef

from graph.model.namespaces import AI
from graph.model.paths import ONTOLOGY_FILE, shipped_file

__all__ = ["FAMILIES", "local_name", "relation_families", "relation_labels"]


#: The relation families, in display order.
FAMILIES = ("investment", "supply", "competition", "partnership", "people", "assets")


def local_name(term: object) -> str:
    """The last segment of an IRI: ``ai:investsIn`` -> ``investsIn``."""
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def _shipped_ontology() -> Graph:
    return Graph().parse(shipped_file(ONTOLOGY_FILE), format="turtle")


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
    return {p: str(onto.value(p, RDFS.label) or local_name(p)) for p in relation_families(g)}

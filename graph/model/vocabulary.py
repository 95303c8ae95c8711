"""Relation families and labels, read from the ontology."""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from graph.model.namespaces import AI
from graph.model.paths import ONTOLOGY_FILE, shipped_file

__all__ = ["FAMILIES", "local_name", "relation_families", "relation_labels", "term_words"]


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


@lru_cache(maxsize=1)
def _term_labels() -> dict[str, tuple[str, bool]]:
    """Each ``ai:`` term's local name: its English label, and whether it is a property."""
    onto = _shipped_ontology()
    properties = {
        s
        for kind in (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in onto.subjects(RDF.type, kind)
    }
    found: dict[str, tuple[str, bool]] = {}
    for term, label in onto.subject_objects(RDFS.label):
        if isinstance(term, URIRef) and str(term).startswith(str(AI)):
            found[str(term)[len(str(AI)) :]] = (str(label), term in properties)
    return found


def term_words(term: object) -> str:
    """An ``ai:`` term (an IRI or its local name) in words, from the shipped ontology's
    labels: a relation as it reads in a sentence, a controlled value or a class
    capitalised; a term without a label has its camelCase split.

    >>> term_words(AI.investsIn), term_words("RightOfFirstRefusal"), term_words(AI.Reported)
    ('invests in', 'Right of first refusal', 'Reported')
    >>> term_words("NoSuchTermYet")
    'No such term yet'
    """
    name = str(term).removeprefix(str(AI))
    label, is_property = _term_labels().get(name, ("", False))
    if not label:
        words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name).split()
        if not words:
            return name
        label = " ".join([words[0], *(w if w.isupper() else w.lower() for w in words[1:])])
    return label if is_property else label[:1].upper() + label[1:]

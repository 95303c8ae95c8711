"""What the ontology allows the curated files to say."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from graph.model.namespaces import AI

__all__ = ["Vocabulary"]


@dataclass
class Vocabulary:
    """What the ontology allows: classes, relations, figures and controlled values."""

    ontology: Graph
    classes: dict[str, URIRef]
    superclasses: dict[URIRef, frozenset[URIRef]]
    relations: dict[str, URIRef]
    figures: dict[str, tuple[URIRef, URIRef]]
    symmetric: frozenset[URIRef]
    values: dict[URIRef, dict[str, URIRef]]

    @classmethod
    def from_ontology(cls, ontology: Graph) -> Vocabulary:
        """Read the vocabulary from a parsed ``ontology.ttl``."""
        ns = str(AI._NS)

        def local(term: Node) -> str | None:
            text = str(term)
            return text[len(ns) :] if isinstance(term, URIRef) and text.startswith(ns) else None

        parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for child, parent in ontology.subject_objects(RDFS.subClassOf):
            if local(child) and local(parent):
                parents[URIRef(str(child))].add(URIRef(str(parent)))
        below = ontology.transitive_subjects(RDFS.subClassOf, AI.Entity)
        entity_classes = {URIRef(str(c)) for c in below}
        classes = {name: c for c in entity_classes if (name := local(c))}

        def ancestors(c: URIRef) -> frozenset[URIRef]:
            seen: set[URIRef] = set()
            todo = [c]
            while todo:
                for p in parents.get(todo.pop(), ()):
                    if p not in seen:
                        seen.add(p)
                        todo.append(p)
            return frozenset(seen)

        # A property with a relation family is one that facts may use.
        relations: dict[str, URIRef] = {}
        figures: dict[str, tuple[URIRef, URIRef]] = {}
        for prop in ontology.subjects(AI.relationFamily, None):
            name = local(prop)
            if not name:
                continue
            if (prop, RDF.type, OWL.ObjectProperty) in ontology:
                relations[name] = URIRef(str(prop))
            elif (rng := ontology.value(prop, RDFS.range)) is not None:
                figures[name] = (URIRef(str(prop)), URIRef(str(rng)))
        values: dict[URIRef, dict[str, URIRef]] = {}
        for kind in (AI.Status, AI.Exclusivity, AI.SourceKind):
            values[kind] = {
                name: URIRef(str(v))
                for v in ontology.subjects(RDF.type, kind)
                if (name := local(v))
            }
        symmetric = frozenset(
            URIRef(str(p)) for p in ontology.subjects(RDF.type, OWL.SymmetricProperty)
        )
        return cls(
            ontology=ontology,
            classes=classes,
            superclasses={c: ancestors(c) for c in classes.values()},
            relations=relations,
            figures=figures,
            symmetric=symmetric,
            values=values,
        )

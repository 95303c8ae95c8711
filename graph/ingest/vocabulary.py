"""What the ontology allows the curated files to say."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, SKOS
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
    #: Each unit's code in data (its ``skos:notation``, e.g. "GW") and its IRI.
    units: dict[str, URIRef] = field(default_factory=dict)
    #: Which end of a relation pays when its amount moves money (``rdf:subject`` or
    #: ``rdf:object``), inherited by sub-properties.
    payer_side: dict[URIRef, URIRef] = field(default_factory=dict)
    #: The amount kind a money figure's number is (``ai:figureKind``).
    figure_kind: dict[URIRef, URIRef] = field(default_factory=dict)
    #: The unit a quantity figure's number is in (``ai:figureUnit``).
    figure_unit: dict[URIRef, URIRef] = field(default_factory=dict)
    #: The figures that are sums of money (sub-properties of ``ai:monetaryFigure``).
    money_figures: frozenset[URIRef] = frozenset()

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
        for kind in (AI.Status, AI.Exclusivity, AI.SourceKind, AI.AmountKind, AI.Bound, AI.Rank):
            values[kind] = {
                name: URIRef(str(v))
                for v in ontology.subjects(RDF.type, kind)
                if (name := local(v))
            }
        units, payer_side, figure_kind, figure_unit, money = _money_terms(
            ontology, relations, figures
        )
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
            units=units,
            payer_side=payer_side,
            figure_kind=figure_kind,
            figure_unit=figure_unit,
            money_figures=frozenset(money),
        )


def _money_terms(
    ontology: Graph, relations: dict[str, URIRef], figures: dict[str, tuple[URIRef, URIRef]]
) -> tuple[
    dict[str, URIRef],
    dict[URIRef, URIRef],
    dict[URIRef, URIRef],
    dict[URIRef, URIRef],
    set[URIRef],
]:
    """Units by code, payer sides, figure kinds and units, and the money figures."""
    units = {
        str(code): URIRef(str(u))
        for u in ontology.subjects(RDF.type, AI.Unit)
        if (code := ontology.value(u, SKOS.notation)) is not None
    }
    payer_side: dict[URIRef, URIRef] = {}
    for prop in relations.values():
        for ancestor in (prop, *ontology.transitive_objects(prop, RDFS.subPropertyOf)):
            side = ontology.value(ancestor, AI.payerSide)
            if side is not None:
                payer_side[prop] = URIRef(str(side))
                break
    figure_props = {p for p, _ in figures.values()}
    figure_kind = {
        p: URIRef(str(k)) for p in figure_props if (k := ontology.value(p, AI.figureKind))
    }
    figure_unit = {
        p: URIRef(str(u)) for p in figure_props if (u := ontology.value(p, AI.figureUnit))
    }
    money = {
        URIRef(str(p)) for p in ontology.transitive_subjects(RDFS.subPropertyOf, AI.monetaryFigure)
    }
    return units, payer_side, figure_kind, figure_unit, money & figure_props

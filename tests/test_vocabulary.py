"""The ontology, the Python namespace and the data README agree on every term."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL

from graph import AI

DATA = Path(__file__).resolve().parent.parent / "data"


def ontology() -> Graph:
    return Graph().parse(DATA / "ontology.ttl")


def test_namespace_matches_ontology() -> None:
    g = ontology()
    ns = str(AI._NS)
    terms = {str(s)[len(ns):] for s in g.subjects() if isinstance(s, URIRef)
             and str(s).startswith(ns)}  # fmt: skip
    assert terms == set(AI.__annotations__)


def test_every_term_has_label_and_comment() -> None:
    g = ontology()
    for name in AI.__annotations__:
        term = AI[name]
        assert g.value(term, RDFS.label) is not None, name
        assert g.value(term, RDFS.comment) is not None, name


def test_relations_have_domain_range_and_family() -> None:
    g = ontology()
    for prop in g.subjects(RDF.type, OWL.ObjectProperty):
        if g.value(prop, RDFS.domain) in (RDF.Statement, AI.Source):
            continue
        assert g.value(prop, RDFS.range) is not None, prop
        assert g.value(prop, AI.relationFamily) is not None, prop


def test_data_model_names() -> None:
    g = ontology()
    for prop in (AI.competesWith, AI.partnersWith, AI.sharesRevenueWith):
        assert (prop, RDF.type, OWL.SymmetricProperty) in g
    for sub in (AI.providesComputeTo, AI.suppliesChipsTo, AI.licensesTechnologyTo):
        assert (sub, RDFS.subPropertyOf, AI.providesTo) in g
    assert (AI.technologyPartnerOf, RDFS.subPropertyOf, AI.partnersWith) in g
    assert (AI.technologyPartnerOf, RDF.type, OWL.SymmetricProperty) not in g


def test_readme_lists_only_declared_relations() -> None:
    text = (DATA / "README.md").read_text()
    section = text.split("### Relations", 1)[1]
    lists = [line for line in section.splitlines() if line.startswith(("- ", "`"))]
    named = set(re.findall(r"`([a-z][A-Za-z]+)`", "\n".join(lists)))
    assert named
    assert named <= set(AI.__annotations__), named - set(AI.__annotations__)

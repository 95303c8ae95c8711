"""The networkx projection against the RDF it comes from: edges, statements, filters, fragments."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, XSD

from graph import AI, AikgError
from graph.model import FAMILIES, PREFIXES, relation_families
from graph.network import to_networkx

HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def edge_set(G: object) -> set[tuple[str, str, str]]:
    return {(u, k, v) for u, v, k in G.edges(keys=True)}  # type: ignore[attr-defined]


def statement_set(G: object) -> set[tuple[str, str, str, str]]:
    return {
        (u, k, v, st["iri"])
        for u, v, k, data in G.edges(keys=True, data=True)  # type: ignore[attr-defined]
        for st in data["statements"]
    }


def test_every_statement_on_an_edge_is_in_the_rdf_with_that_triple(shipped_graph: Graph) -> None:
    G = to_networkx(shipped_graph, history=True)
    checked = 0
    for u, v, key, data in G.edges(keys=True, data=True):
        assert data["statements"], (u, key, v)
        for st in data["statements"]:
            node = URIRef(st["iri"])
            assert (node, RDF.type, RDF.Statement) in shipped_graph
            assert shipped_graph.value(node, RDF.predicate) == AI[key]
            ends = (shipped_graph.value(node, RDF.subject), shipped_graph.value(node, RDF.object))
            expected = (URIRef(u), URIRef(v))
            if data["symmetric"]:
                assert ends in (expected, expected[::-1])
            else:
                assert ends == expected
            sources = {str(s) for s in shipped_graph.objects(node, PROV.wasDerivedFrom)}
            assert set(st["sources"]) == sources and sources
            checked += 1
    assert checked >= 90


def test_truthy_triples_and_default_edges_match_exactly(shipped_graph: Graph) -> None:
    G = to_networkx(shipped_graph)
    families = relation_families(shipped_graph)
    truthy = {
        (str(s), str(p).removeprefix(str(AI._NS)), str(o))
        for p in families
        for s, o in shipped_graph.subject_objects(p)
        if isinstance(o, URIRef)
    }
    assert len(truthy) > 60
    assert edge_set(G) == truthy


def test_default_edges_carry_only_statements_without_an_end(shipped_graph: Graph) -> None:
    rows = shipped_graph.query(
        HEADER
        + """SELECT ?s ?p ?o ?st WHERE {
          ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          ?p ai:relationFamily ?f . FILTER(isIRI(?o))
          FILTER NOT EXISTS { ?st ai:endDate ?end }
        }"""
    )
    expected = set()
    for s, p, o, st in rows:  # type: ignore[misc]
        local = str(p).removeprefix(str(AI._NS))
        expected.add((str(s), local, str(o), str(st)))
        if (p, RDF.type, OWL.SymmetricProperty) in shipped_graph:
            expected.add((str(o), local, str(s), str(st)))
    assert statement_set(to_networkx(shipped_graph)) == expected


@pytest.mark.parametrize("day", ["2024-06-30", "2025-06-30", "2025-12-31"])
def test_as_of_keeps_the_statements_that_held_that_day(shipped_graph: Graph, day: str) -> None:
    rows = shipped_graph.query(
        HEADER
        + """SELECT ?s ?p ?o ?st WHERE {
          ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          ?p ai:relationFamily ?f . FILTER(isIRI(?o))
          FILTER NOT EXISTS { ?st ai:holdsFrom ?from FILTER(?from > ?day) }
          FILTER NOT EXISTS { ?st ai:holdsUntil ?until FILTER(?until <= ?day) }
          FILTER NOT EXISTS { ?p a owl:SymmetricProperty }
        }""",
        initBindings={"day": Literal(day, datatype=XSD.date)},
    )
    expected = {
        (str(s), str(p).removeprefix(str(AI._NS)), str(o), str(st))
        for s, p, o, st in rows  # type: ignore[misc]
    }
    G = to_networkx(shipped_graph, as_of=date.fromisoformat(day))
    got = {t for t in statement_set(G) if not G.edges[t[0], t[2], t[1]]["symmetric"]}
    assert got == expected


def test_as_of_follows_microsoft_compute_terms_over_time(shipped_graph: Graph) -> None:
    openai, microsoft = PREFIXES["ent"] + "openai", PREFIXES["ent"] + "microsoft"

    def terms(day: str) -> list[str]:
        G = to_networkx(shipped_graph, families=["supply"], as_of=date.fromisoformat(day))
        edge = G.edges[microsoft, openai, "providesComputeTo"]
        return [st["iri"].rsplit("/", 1)[-1] for st in edge["statements"]]

    assert terms("2024-06-30") == ["microsoft-compute-openai-exclusive"]
    assert terms("2025-06-30") == ["microsoft-compute-openai-rofr"]
    assert terms("2025-12-31") == ["microsoft-compute-openai-nonexclusive"]


@pytest.mark.parametrize("family", FAMILIES)
def test_families_filter_keeps_exactly_that_family(shipped_graph: Graph, family: str) -> None:
    everything = to_networkx(shipped_graph)
    only = to_networkx(shipped_graph, families=[family])
    assert only.number_of_nodes() == everything.number_of_nodes()
    expected = {
        (u, k, v) for u, v, k, f in everything.edges(keys=True, data="family") if f == family
    }
    assert edge_set(only) == expected
    assert expected


def test_unknown_family_is_refused(shipped_graph: Graph) -> None:
    with pytest.raises(AikgError, match="unknown relation family money"):
        to_networkx(shipped_graph, families=["money"])


def test_merge_symmetric_keeps_one_edge_per_pair(shipped_graph: Graph) -> None:
    both = to_networkx(shipped_graph, families=["competition"])
    merged = to_networkx(shipped_graph, families=["competition"], merge_symmetric=True)
    assert both.number_of_edges() == 2 * merged.number_of_edges() == 6
    for u, v in merged.edges():
        assert u < v
        assert both.has_edge(u, v) and both.has_edge(v, u)
    for u, v, data in merged.edges(data=True):
        assert data["statements"] == both.edges[u, v, "competesWith"]["statements"]


def test_construct_result_with_plain_triples_becomes_a_network(shipped_graph: Graph) -> None:
    fragment = shipped_graph.query(
        HEADER
        + """CONSTRUCT { ?s ?p ?o } WHERE {
          ?s ?p ?o . ?p ai:relationFamily "investment" . FILTER(isIRI(?o)) }"""
    ).graph
    assert fragment is not None
    assert not list(fragment.triples((None, RDF.type, None)))  # no types, no labels
    G = to_networkx(fragment)
    full = to_networkx(shipped_graph, families=["investment"])
    assert edge_set(G) == edge_set(full)
    openai = PREFIXES["ent"] + "openai"
    assert G.nodes[openai]["label"] == "openai"
    assert G.nodes[openai]["kind"] == "Entity"
    assert all(data["statements"] == [] for _u, _v, data in G.edges(data=True))
    assert {f for _u, _v, f in G.edges(data="family")} == {"investment"}


def test_construct_result_with_statements_keeps_them(shipped_graph: Graph) -> None:
    fragment = shipped_graph.query(
        HEADER
        + """CONSTRUCT { ?st ?q ?v . ?s ?p ?o } WHERE {
          ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ?q ?v .
          ?p ai:relationFamily "supply" . FILTER(isIRI(?o)) }"""
    ).graph
    assert fragment is not None
    G = to_networkx(fragment, history=True)
    full = to_networkx(shipped_graph, families=["supply"], history=True)
    assert statement_set(G) == statement_set(full)
    assert G.number_of_nodes() < full.number_of_nodes()  # only the ends of edges


def test_edges_carry_the_relation_label(shipped_graph: Graph) -> None:
    G = to_networkx(shipped_graph, families=["partnership"])
    edge = G.edges[
        PREFIXES["ent"] + "microsoft", PREFIXES["ent"] + "stargate", "technologyPartnerOf"
    ]
    assert edge["label"] == "technology partner of"
    assert edge["family"] == "partnership"

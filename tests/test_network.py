"""The networkx projection against the RDF it comes from: edges, statements, filters, fragments."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, XSD

from graph import AI, ENT, AikgError, load_graph
from graph.model import FAMILIES, PREFIXES, relation_families
from graph.network import project_neighbourhood, to_networkx

from .conftest import FIXTURES

# Figures worked out by hand on the frozen seed data (tests/data/seed), not data/.
pytestmark = pytest.mark.usefixtures("on_seed_data")

HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
#: The statements that hold on ?day (bound): a known start on or before it, no end by it,
#: not a plan, a proposal or a cancelled deal, not deprecated.
HOLDING = """
  FILTER NOT EXISTS { ?st ai:holdsUntil ?until FILTER(?until <= ?day) }
  FILTER NOT EXISTS { ?st ai:status ?status
                      FILTER(?status IN (ai:Proposed, ai:Planned, ai:Cancelled)) }
  FILTER NOT EXISTS { ?st ai:rank ai:DeprecatedRank }
"""


@pytest.fixture(scope="module")
def money() -> Graph:
    """The fixture of tests/data/money: money both ways, bounds, a deal, a deprecated row."""
    return load_graph(FIXTURES / "money")


def edge_set(G: object) -> set[tuple[str, str, str]]:
    return {(u, k, v) for u, v, k in G.edges(keys=True)}  # type: ignore[attr-defined]


def statement_set(G: object) -> set[tuple[str, str, str, str]]:
    return {
        (u, k, v, st["iri"])
        for u, v, k, data in G.edges(keys=True, data=True)  # type: ignore[attr-defined]
        for st in data["statements"]
    }


def test_every_statement_on_an_edge_is_in_the_rdf_with_that_triple(seed_graph: Graph) -> None:
    G = to_networkx(seed_graph, history=True)
    checked = 0
    for u, v, key, data in G.edges(keys=True, data=True):
        assert data["statements"], (u, key, v)
        for st in data["statements"]:
            node = URIRef(st["iri"])
            assert (node, RDF.type, RDF.Statement) in seed_graph
            assert seed_graph.value(node, RDF.predicate) == AI[key]
            ends = (seed_graph.value(node, RDF.subject), seed_graph.value(node, RDF.object))
            expected = (URIRef(u), URIRef(v))
            if data["symmetric"]:
                assert ends in (expected, expected[::-1])
            else:
                assert ends == expected
            sources = {str(s) for s in seed_graph.objects(node, PROV.wasDerivedFrom)}
            assert set(st["sources"]) == sources and sources
            checked += 1
    assert checked >= 90


def test_truthy_triples_and_default_edges_match_exactly(seed_graph: Graph) -> None:
    G = to_networkx(seed_graph)
    families = relation_families(seed_graph)
    truthy = {
        (str(s), str(p).removeprefix(str(AI._NS)), str(o))
        for p in families
        for s, o in seed_graph.subject_objects(p)
        if isinstance(o, URIRef)
    }
    assert len(truthy) > 60
    assert edge_set(G) == truthy


def test_default_edges_carry_only_current_statements(seed_graph: Graph) -> None:
    """The truthy rule: no end, Active, Completed or no status, not deprecated."""
    rows = seed_graph.query(
        HEADER
        + """SELECT ?s ?p ?o ?st WHERE {
          ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          ?p ai:relationFamily ?f . FILTER(isIRI(?o))
          FILTER NOT EXISTS { ?st ai:endDate ?end }
          FILTER NOT EXISTS { ?st ai:holdsUntil ?until }
          FILTER NOT EXISTS { ?st ai:status ?status
                              FILTER(?status NOT IN (ai:Active, ai:Completed)) }
          FILTER NOT EXISTS { ?st ai:rank ai:DeprecatedRank }
        }"""
    )
    expected = set()
    for s, p, o, st in rows:  # type: ignore[misc]
        local = str(p).removeprefix(str(AI._NS))
        expected.add((str(s), local, str(o), str(st)))
        if (p, RDF.type, OWL.SymmetricProperty) in seed_graph:
            expected.add((str(o), local, str(s), str(st)))
    assert statement_set(to_networkx(seed_graph)) == expected


def _as_of_rows(g: Graph, day: str, dated: bool) -> set[tuple[str, str, str, str]]:
    """(subject, relation, object, statement) of the directed relations' statements that
    hold on ``day`` (``dated``) or that are undated then (no ``ai:holdsFrom``)."""
    start = (
        "?st ai:holdsFrom ?from . FILTER(?from <= ?day)"
        if dated
        else "FILTER NOT EXISTS { ?st ai:holdsFrom ?from }"
    )
    rows = g.query(
        HEADER
        + f"""SELECT ?s ?p ?o ?st WHERE {{
          ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          ?p ai:relationFamily ?f . FILTER(isIRI(?o))
          FILTER NOT EXISTS {{ ?p a owl:SymmetricProperty }}
          {start} {HOLDING}
        }}""",
        initBindings={"day": Literal(day, datatype=XSD.date)},
    )
    return {
        (str(s), str(p).removeprefix(str(AI._NS)), str(o), str(st))
        for s, p, o, st in rows  # type: ignore[misc]
    }


@pytest.mark.parametrize("day", ["2024-06-30", "2025-06-30", "2025-12-31"])
def test_as_of_keeps_the_statements_that_held_that_day(seed_graph: Graph, day: str) -> None:
    expected = _as_of_rows(seed_graph, day, dated=True)
    G = to_networkx(seed_graph, as_of=date.fromisoformat(day))
    got = {t for t in statement_set(G) if not G.edges[t[0], t[2], t[1]]["symmetric"]}
    assert got == expected and expected
    assert not any(undated for _u, _v, undated in G.edges(data="undated"))


@pytest.mark.parametrize("day", ["2024-06-30", "2025-06-30", "2025-12-31"])
def test_as_of_sets_undated_statements_apart(seed_graph: Graph, day: str) -> None:
    """Undated statements never hold: left out and counted, or kept and marked."""
    held = _as_of_rows(seed_graph, day, dated=True)
    undated = _as_of_rows(seed_graph, day, dated=False)
    assert undated and not held & undated
    kept = to_networkx(seed_graph, as_of=date.fromisoformat(day), keep_undated=True)
    marked = {
        (u, k, v, st["iri"])
        for u, v, k, data in kept.edges(keys=True, data=True)
        if not data["symmetric"]
        for st in data["statements"]
        if st.get("undated")
    }
    assert marked == undated
    for u, v, k, data in kept.edges(keys=True, data=True):  # dashed: nothing on it holds
        assert data["undated"] == all(st.get("undated") for st in data["statements"]), (u, k, v)
    left = to_networkx(seed_graph, as_of=date.fromisoformat(day))
    symmetric = {t for t in statement_set(kept) if kept.edges[t[0], t[2], t[1]]["symmetric"]}
    undated_symmetric = {t[3] for t in symmetric if not any(t[3] == h[3] for h in held)}
    every = {t[3] for t in undated} | {
        st for st in undated_symmetric if st not in {t[3] for t in statement_set(left)}
    }
    assert left.graph["undated_statements"] == kept.graph["undated_statements"] == len(every)
    assert "undated_statements" not in to_networkx(seed_graph).graph


def test_as_of_follows_microsoft_compute_terms_over_time(seed_graph: Graph) -> None:
    openai, microsoft = PREFIXES["ent"] + "openai", PREFIXES["ent"] + "microsoft"

    def terms(day: str, **options: bool) -> tuple[list[str], bool]:
        G = to_networkx(seed_graph, families=["supply"], as_of=date.fromisoformat(day), **options)
        edge = G.edges[microsoft, openai, "providesComputeTo"]
        return [st["iri"].rsplit("/", 1)[-1] for st in edge["statements"]], edge["undated"]

    # The exclusive phase has no known start: on 2024-06-30 it is undated, not holding.
    assert not to_networkx(seed_graph, families=["supply"], as_of=date(2024, 6, 30)).has_edge(
        microsoft, openai, "providesComputeTo"
    )
    assert terms("2024-06-30", keep_undated=True) == (["microsoft-compute-openai-exclusive"], True)
    assert terms("2025-06-30") == (["microsoft-compute-openai-rofr"], False)
    assert terms("2025-12-31") == (["microsoft-compute-openai-nonexclusive"], False)


def test_nothing_about_stargate_holds_before_its_inception(seed_graph: Graph) -> None:
    """Stargate's inception (2025-01-21) dates every statement about it."""
    stargate = str(ENT.stargate)
    before = to_networkx(seed_graph, as_of=date(2024, 12, 31), keep_undated=True)
    assert not any(stargate in (u, v) for u, v in before.edges())
    after = to_networkx(seed_graph, as_of=date(2025, 1, 21), keep_undated=True)
    assert any(stargate in (u, v) for u, v in after.edges())


def test_plans_proposals_and_deprecated_statements_never_count(
    seed_graph: Graph, money: Graph
) -> None:
    nvidia, openai = str(ENT.nvidia), str(ENT.openai)
    loi = PREFIXES["stmt"] + "nvidia-invests-openai-100b-loi"  # Proposed
    for options in ({}, {"as_of": date(2025, 12, 31), "keep_undated": True}):
        G = to_networkx(seed_graph, **options)  # type: ignore[arg-type]
        assert loi not in {st for *_e, st in statement_set(G)}
        assert not G.has_edge(nvidia, openai, "suppliesChipsTo")  # Proposed, 2026
    assert loi in {st for *_e, st in statement_set(to_networkx(seed_graph, history=True))}
    fund, cloud = str(ENT.fund), str(ENT.cloud)
    for options in ({}, {"history": True}, {"as_of": date(2025, 1, 1), "keep_undated": True}):
        G = to_networkx(money, **options)  # type: ignore[arg-type]
        assert not G.has_edge(fund, cloud), options  # its only statement is deprecated
    assert (ENT.fund, AI.investsIn, ENT.cloud) not in money  # nor is it a truthy triple


def test_statements_carry_money_and_deal(money: Graph) -> None:
    G = to_networkx(money)
    [st] = G.edges[str(ENT.fund), str(ENT.lab), "investsIn"]["statements"]
    assert st["amount_kind"] == "InvestmentAmount" and st["amount_bound"] == "UpTo"
    assert (st["payer"], st["payee"]) == (str(ENT.fund), str(ENT.lab))
    assert st["deal"] == str(ENT["lab-round-2024"])
    assert st["deal_label"] == "Lab Co funding round, 2024"
    assert st["rank"] == "NormalRank" and st["evidence"] == "SingleReport"
    [buy] = G.edges[str(ENT.cloud), str(ENT.lab), "providesComputeTo"]["statements"]
    assert (buy["payer"], buy["payee"]) == (str(ENT.lab), str(ENT.cloud))  # the buyer pays
    assert buy["evidence"] == "Announced"


def test_deals_are_not_nodes_unless_asked(seed_graph: Graph, money: Graph) -> None:
    deals = {str(d) for d in seed_graph.subjects(RDF.type, AI.Deal)}
    assert len(deals) == 13
    G = to_networkx(seed_graph)
    assert not deals & set(G) and len(G) == 45
    with_deals = to_networkx(seed_graph, deals=True)
    assert deals <= set(with_deals) and len(with_deals) == 58
    assert with_deals.edges(data=True) and list(with_deals.edges(data=True)) == list(
        G.edges(data=True)
    )
    round_ = str(ENT["lab-round-2024"])
    alone = project_neighbourhood(money, round_, depth=1)
    assert list(alone) == [round_] and alone.nodes[round_]["kind"] == "FundingRound"


@pytest.mark.parametrize("family", FAMILIES)
def test_families_filter_keeps_exactly_that_family(seed_graph: Graph, family: str) -> None:
    everything = to_networkx(seed_graph)
    only = to_networkx(seed_graph, families=[family])
    assert only.number_of_nodes() == everything.number_of_nodes()
    expected = {
        (u, k, v) for u, v, k, f in everything.edges(keys=True, data="family") if f == family
    }
    assert edge_set(only) == expected
    assert expected


def test_unknown_family_is_refused(seed_graph: Graph) -> None:
    with pytest.raises(AikgError, match="unknown relation family money"):
        to_networkx(seed_graph, families=["money"])


def test_merge_symmetric_keeps_one_edge_per_pair(seed_graph: Graph) -> None:
    both = to_networkx(seed_graph, families=["competition"])
    merged = to_networkx(seed_graph, families=["competition"], merge_symmetric=True)
    assert both.number_of_edges() == 2 * merged.number_of_edges() == 6
    for u, v in merged.edges():
        assert u < v
        assert both.has_edge(u, v) and both.has_edge(v, u)
    for u, v, data in merged.edges(data=True):
        assert data["statements"] == both.edges[u, v, "competesWith"]["statements"]


def test_construct_result_with_plain_triples_becomes_a_network(seed_graph: Graph) -> None:
    fragment = seed_graph.query(
        HEADER
        + """CONSTRUCT { ?s ?p ?o } WHERE {
          ?s ?p ?o . ?p ai:relationFamily "investment" . FILTER(isIRI(?o)) }"""
    ).graph
    assert fragment is not None
    assert not list(fragment.triples((None, RDF.type, None)))  # no types, no labels
    G = to_networkx(fragment)
    full = to_networkx(seed_graph, families=["investment"])
    assert edge_set(G) == edge_set(full)
    openai = PREFIXES["ent"] + "openai"
    assert G.nodes[openai]["label"] == "openai"
    assert G.nodes[openai]["kind"] == "Entity"
    assert all(data["statements"] == [] for _u, _v, data in G.edges(data=True))
    assert {f for _u, _v, f in G.edges(data="family")} == {"investment"}


def test_construct_result_with_statements_keeps_them(seed_graph: Graph) -> None:
    fragment = seed_graph.query(
        HEADER
        + """CONSTRUCT { ?st ?q ?v . ?s ?p ?o } WHERE {
          ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; ?q ?v .
          ?p ai:relationFamily "supply" . FILTER(isIRI(?o)) }"""
    ).graph
    assert fragment is not None
    G = to_networkx(fragment, history=True)
    full = to_networkx(seed_graph, families=["supply"], history=True)
    assert statement_set(G) == statement_set(full)
    assert G.number_of_nodes() < full.number_of_nodes()  # only the ends of edges


def test_edges_carry_the_relation_label(seed_graph: Graph) -> None:
    G = to_networkx(seed_graph, families=["partnership"])
    edge = G.edges[
        PREFIXES["ent"] + "microsoft", PREFIXES["ent"] + "stargate", "technologyPartnerOf"
    ]
    assert edge["label"] == "technology partner of"
    assert edge["family"] == "partnership"

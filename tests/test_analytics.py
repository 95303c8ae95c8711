"""Centrality, communities, dependencies, circular flows and paths, on the frozen seed data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph, URIRef

from graph import ENT, UnknownEntityError
from graph.model import PREFIXES, resolve_entity
from graph.network import (
    compute_centrality,
    compute_dependencies,
    find_circular_flows,
    find_communities,
    to_networkx,
)
from tests.conftest import RunCli

# Figures worked out by hand on the frozen seed data (tests/data/seed), not data/.
pytestmark = pytest.mark.usefixtures("on_seed_data")

HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def ent(slug: str) -> str:
    return str(ENT) + slug


def run_json(run_cli: RunCli, *args: str) -> Any:
    result = run_cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- analyze ---------------------------------------------------------------------------------


def test_openai_tops_pagerank_over_investment_and_supply(run_cli: RunCli) -> None:
    result = run_cli("analyze", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["entity"] == "openai"
    assert rows[0]["rank"] == "1"
    ranks = [float(r["pagerank"]) for r in rows]
    assert ranks == sorted(ranks, reverse=True)
    # OpenAI is also the broker: highest betweenness of all.
    assert max(rows, key=lambda r: float(r["betweenness"]))["entity"] == "openai"


def test_degree_counts_distinct_neighbours_found_in_sparql(
    run_cli: RunCli, seed_graph: Graph
) -> None:
    rows = seed_graph.query(
        HEADER
        + """SELECT DISTINCT ?other WHERE {
          { ent:openai ?p ?other } UNION { ?other ?p ent:openai }
          ?p ai:relationFamily ?f . FILTER(?f IN ("investment", "supply")) FILTER(isIRI(?other))
        }"""
    )
    data = run_json(run_cli, "analyze")
    openai = next(r for r in data["centrality"] if r["entity"] == ent("openai"))
    # Oracle's compute and TSMC's chips are planned, so no truthy triple links them now.
    assert openai["degree"] == len(rows) == 8
    assert abs(sum(r["pagerank"] for r in data["centrality"]) - 1.0) < 1e-3


def test_analyze_table_explains_and_lists_top_n(run_cli: RunCli) -> None:
    result = run_cli("analyze", "--top", "3")
    assert result.exit_code == 0, result.stderr
    assert "top 3 of" in result.stdout
    lines = [line for line in result.stdout.splitlines() if line[:4].strip().isdigit()]
    assert [line.split()[1] for line in lines[:3]] == ["openai", "stargate", "coreweave"]
    help_text = run_cli("analyze", "--help").stdout
    for measure in ("degree", "pagerank", "betweenness", "community", "Louvain"):
        assert measure in help_text


def test_communities_are_stable_and_group_rivals(seed_graph: Graph) -> None:
    G = to_networkx(seed_graph, families=["competition", "partnership"])
    first, second = find_communities(G), find_communities(G)
    assert first == second
    community_of = {n: c["community"] for c in first for n in c["entities"]}
    assert community_of[ent("openai")] == community_of[ent("anthropic")]
    assert community_of[ent("xai")] == community_of[ent("colossus")]
    assert community_of[ent("softbank")] == community_of[ent("stargate")]
    assert community_of[ent("xai")] != community_of[ent("stargate")]
    members = [n for c in first for n in c["entities"]]
    assert len(members) == len(set(members))  # a partition
    for c in first:  # each group is connected
        assert nx.is_connected(G.subgraph(c["entities"]).to_undirected())


def test_analyze_as_of_before_the_2025_deals(run_cli: RunCli) -> None:
    data = run_json(run_cli, "analyze", "--as-of", "2024-06-30")
    entities = {r["entity"] for r in data["centrality"]}
    assert ent("stargate") not in entities  # announced 2025-01-21
    assert data["centrality"][0]["entity"] in {ent("openai"), ent("anthropic")}
    assert data["undated_left_out"] == 6 and data["community_undated_left_out"] == 10
    assert run_json(run_cli, "analyze")["undated_left_out"] is None  # no day, nothing undated


def test_analyze_as_of_says_how_many_undated_statements_it_left_out(
    run_cli: RunCli, seed_graph: Graph
) -> None:
    """Undated statements (no ai:holdsFrom) are not known to hold on the day: counted, not used."""
    rows = seed_graph.query(
        HEADER
        + """SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {
          ?st a rdf:Statement ; rdf:predicate ?p ; rdf:object ?o .
          ?p ai:relationFamily ?f . FILTER(?f IN ("investment", "supply")) FILTER(isIRI(?o))
          FILTER NOT EXISTS { ?st ai:holdsFrom ?from }
          FILTER NOT EXISTS { ?st ai:holdsUntil ?until FILTER(?until <= "2024-12-31"^^xsd:date) }
          FILTER NOT EXISTS { ?st ai:status ?s
                              FILTER(?s IN (ai:Proposed, ai:Planned, ai:Cancelled)) }
          FILTER NOT EXISTS { ?st ai:rank ai:DeprecatedRank }
        }"""
    )
    undated = int(next(iter(rows))[0])  # type: ignore[index]
    assert undated == 6
    table = run_cli("analyze", "--as-of", "2024-12-31").stdout
    assert (
        f"({undated} undated statements over investment, supply left out: no known start, "
        "so not known to hold on 2024-12-31)"
    ) in table.splitlines()
    assert "undated statements over competition, partnership left out" in table
    assert "undated" not in run_cli("analyze").stdout
    for command in ("dependencies", "cycles"):
        text = run_cli(command, "--as-of", "2024-12-31").stdout
        assert "left out: no known start, so not known to hold on 2024-12-31" in text, command
        assert isinstance(run_json(run_cli, command, "--as-of", "2024-12-31")[
            "undated_left_out"], int)  # fmt: skip


def test_analyze_rejects_unknown_family(run_cli: RunCli) -> None:
    result = run_cli("analyze", "--relations", "investment,money")
    assert result.exit_code == 2
    assert "--relations" in result.stderr and "money" in result.stderr


def test_betweenness_sampling_is_seeded() -> None:
    G = nx.MultiDiGraph(nx.gnm_random_graph(60, 150, seed=1, directed=True))
    a = compute_centrality(G, betweenness_k=10)
    b = compute_centrality(G, betweenness_k=10)
    exact = compute_centrality(G)
    assert a == b
    assert [r["pagerank"] for r in a] == [r["pagerank"] for r in exact]
    assert [r["betweenness"] for r in a] != [r["betweenness"] for r in exact]


# --- dependencies ----------------------------------------------------------------------------


def test_openai_compute_mostly_through_microsoft_by_reported_amount(run_cli: RunCli) -> None:
    data = run_json(run_cli, "dependencies", "--entity", "OpenAI")
    compute = {
        r["supplier"].removeprefix(str(ENT)): r
        for r in data["dependencies"]
        if r["dependant"] == ent("openai") and r["kind"] == "compute"
    }
    # Oracle's 4.5 GW is planned (a Stargate site to come): not a current dependency.
    assert set(compute) == {"microsoft", "coreweave"}
    assert {r["basis"] for r in compute.values()} == {"amount"}
    assert compute["microsoft"]["amount"] == 250e9
    assert compute["microsoft"]["amount_kinds"] == ["PurchaseCommitment"]
    assert compute["microsoft"]["figure"] == "$250B purchase commitment"
    assert compute["coreweave"]["figure"] == "$11.9B contract value"
    assert compute["microsoft"]["share"] == round(250 / 261.9, 6)
    assert compute["coreweave"]["share"] == round(11.9 / 261.9, 6)
    assert compute["coreweave"]["count_share"] == 0.5
    assert "business-standard-microsoft-27pc-stake" in " ".join(compute["microsoft"]["sources"])
    chips = [r for r in data["dependencies"] if r["kind"] == "chips"]
    assert {r["basis"] for r in chips} == {"count"}
    # NVIDIA's 10 GW is proposed and TSMC's manufacturing planned: only Broadcom supplies now.
    assert {r["supplier"] for r in chips} == {ent("broadcom")}


def test_who_relies_on_nvidia(run_cli: RunCli) -> None:
    # NVIDIA's chips for OpenAI are a letter of intent (Proposed): nobody relies on it yet.
    data = run_json(run_cli, "dependencies", "--entity", "nvidia")
    assert data["dependencies"] == [] and data["suppliers"] == []


def test_planned_and_proposed_supply_is_no_dependency_on_any_day(run_cli: RunCli) -> None:
    for day in ("2025-12-31", "2026-06-30", "2030-01-01"):
        data = run_json(run_cli, "dependencies", "--as-of", day)
        suppliers = {r["supplier"] for r in data["dependencies"]}
        assert not suppliers & {ent("oracle"), ent("tsmc"), ent("nvidia")}, day


def test_shares_by_capacity_when_no_money_is_reported(run_cli: RunCli) -> None:
    from tests.conftest import FIXTURES

    data = run_json(run_cli, "dependencies", "--data", FIXTURES / "money")
    chips = {
        r["supplier"].removeprefix(str(ENT)): r
        for r in data["dependencies"]
        if r["kind"] == "chips"
    }
    assert set(chips) == {"chipco", "fab", "fund"}  # the planner's 20 GW is only planned
    assert {r["basis"] for r in chips.values()} == {"capacity"}
    assert chips["chipco"]["capacity_gw"] == 10 and chips["chipco"]["capacity_bound"] == "AtLeast"
    assert chips["chipco"]["share"] == round(10 / 15, 6) and chips["fab"]["share"] == round(
        5 / 15, 6
    )
    assert chips["fund"]["share"] is None  # no capacity reported
    assert chips["chipco"]["figure"] == "at least 10 GW"
    table = run_cli("dependencies", "--data", FIXTURES / "money").stdout
    row = next(
        line for line in table.splitlines() if line.startswith("Lab Co     chips    Chip Co")
    )
    assert "at least 10 GW" in row and "66.7%" in row and "capacity" in row
    supplier = next(line for line in table.splitlines() if line.startswith("chips    Chip Co"))
    assert "at least 10 GW" in supplier  # the bound in the suppliers' table too
    [chipco] = [
        s for s in data["suppliers"] if s["supplier"] == ent("chipco") and s["kind"] == "chips"
    ]
    assert (chipco["capacity_gw"], chipco["capacity_bound"]) == (10, "AtLeast")
    compute = [r for r in data["dependencies"] if r["kind"] == "compute"]
    assert [(r["supplier"], r["basis"], r["figure"]) for r in compute] == [
        (ent("cloud"), "amount", "$250B purchase commitment"),
        (ent("chipco"), "amount", "$11.9B contract value"),
    ]


def test_dependencies_match_supply_statements(seed_graph: Graph, run_cli: RunCli) -> None:
    rows = seed_graph.query(
        HEADER
        + """SELECT DISTINCT ?s ?o WHERE {
          ?s ?p ?o . ?p ai:relationFamily "supply" . FILTER(isIRI(?o)) }"""
    )
    expected = {(str(s), str(o)) for s, o in rows}  # type: ignore[misc]
    data = run_json(run_cli, "dependencies")
    got = {(r["supplier"], r["dependant"]) for r in data["dependencies"]}
    assert got == expected
    for r in data["dependencies"]:
        assert 0 < r["concentration"] <= 1


def test_dependencies_table_and_unknown_entity(run_cli: RunCli) -> None:
    result = run_cli("dependencies")
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "compute     Microsoft" in line)
    assert "$250B purchase commitment" in row and "95.5%" in row and "amount" in row
    bad = run_cli("dependencies", "--entity", "nvdia")
    assert bad.exit_code == 1
    assert "unknown entity 'nvdia'" in bad.stderr and "nvidia" in bad.stderr
    assert "Traceback" not in bad.stderr and bad.stdout == ""


def test_share_by_amount_with_mixed_reporting() -> None:
    G = nx.MultiDiGraph()
    for supplier, amount in (("a", "30"), ("b", "10"), ("c", None)):
        st = {"iri": supplier, "sources": []}
        if amount:
            st |= {"amount": amount, "currency": "USD"}
        G.add_edge(supplier, "lab", relation="providesComputeTo", family="supply", statements=[st])
    rows = compute_dependencies(G)
    assert [(r["supplier"], r["share"]) for r in rows] == [("a", 0.75), ("b", 0.25), ("c", None)]
    assert rows[0]["concentration"] == 0.625


# --- cycles ----------------------------------------------------------------------------------


def test_circular_flows_on_shipped_data(run_cli: RunCli) -> None:
    # Only Microsoft and OpenAI: Amazon's compute and chips for Anthropic have no reported
    # price (no payer, no payee: no known money back), and NVIDIA's chips and $100B are a
    # letter of intent (Proposed), which holds on no day.
    data = run_json(run_cli, "cycles")
    assert [tuple(c["entities"]) for c in data["cycles"]] == [(ent("microsoft"), ent("openai"))]
    out, back = data["cycles"][0]["hops"]
    [invest] = out["flows"]
    assert (invest["relation"], invest["kind"]) == ("investsIn", "investment")
    assert (invest["payer"], invest["payee"]) == (ent("microsoft"), ent("openai"))
    assert invest["amount"] == "about $11B investment"
    assert [s["iri"].rsplit("/", 1)[-1] for s in invest["statements"]] == [
        "microsoft-invests-openai-2019-1b",
        "microsoft-invests-openai-2023-10b",
    ]  # the ~$135B stake value and the undisclosed 2024 part move no known money
    [pay] = back["flows"]
    assert (pay["relation"], pay["kind"]) == ("providesComputeTo", "payment")
    assert (pay["subject"], pay["object"]) == (ent("microsoft"), ent("openai"))
    assert (pay["payer"], pay["payee"]) == (ent("openai"), ent("microsoft"))  # the buyer pays
    assert pay["amount"] == "$250B purchase commitment"
    [st] = pay["statements"]
    assert st["amount_kind"] == "PurchaseCommitment" and float(st["amount"]) == 250e9
    assert st["deal_label"].startswith("Microsoft-OpenAI restructuring")


def test_microsoft_openai_cycle_has_its_amounts_and_sources(run_cli: RunCli) -> None:
    result = run_cli("cycles")
    assert result.exit_code == 0
    text = result.stdout
    assert (
        "1. Microsoft =[invests in (about $11B investment)]=> OpenAI =[pays for: provides "
        "compute to ($250B purchase commitment)]=> Microsoft"
    ) in text.splitlines()
    assert (
        "microsoft-compute-openai-nonexclusive; 2025-10-28; $250B purchase commitment; "
        "Active; Reported"
    ) in text
    assert "microsoft-invests-openai-2023-10b; 2023-01-23; about $10B investment" in text
    assert "business-standard-microsoft-27pc-stake" in text
    # OpenAI's CoreWeave shares are a stake's value, not money paid; its CoreWeave contract
    # moves money to CoreWeave: nothing comes back, so no cycle.
    assert "CoreWeave" not in text


def test_cycles_follow_payer_and_payee(run_cli: RunCli) -> None:
    from tests.conftest import FIXTURES

    data = run_json(run_cli, "cycles", "--data", FIXTURES / "money")
    cycles = [c["entities"] for c in data["cycles"]]
    # Cloud invests about $10B in the lab, and the lab commits $250B to the cloud's compute.
    assert cycles == [[ent("cloud"), ent("lab")]]
    # The fund invests in the lab and supplies it chips, but no price is reported: by the
    # relations' direction that was a cycle; by payer and payee no money comes back.
    assert not any(ent("fund") in c for c in cycles)
    # The lab's shares in the chip maker are a stake's value; its contract pays the chip
    # maker: both ways the money leaves the lab, so no cycle either.
    assert not any(ent("chipco") in c for c in cycles)
    text = run_cli("cycles", "--data", FIXTURES / "money").stdout
    assert (
        "Cloud Co =[invests in (about $10B investment)]=> Lab Co =[pays for: provides "
        "compute to ($250B purchase commitment)]=> Cloud Co"
    ) in text
    assert "Lab Co pays Cloud Co $250B purchase commitment (cloud provides compute to lab)" in text


def test_cycles_as_of_use_the_terms_of_that_day(run_cli: RunCli) -> None:
    # On 2024-06-30 the compute was exclusive, with no reported amount and no known start:
    # no payment back is known that day.
    early = run_json(run_cli, "cycles", "--as-of", "2024-06-30")
    # Undated that day: the exclusive compute, the undated investment and 32.5% stake of
    # Microsoft, Broadcom's chip design, Amazon's compute and chips for Anthropic.
    assert early["cycles"] == [] and early["undated_left_out"] == 6
    late = run_json(run_cli, "cycles", "--as-of", "2025-12-31")
    [microsoft] = late["cycles"]
    compute = [
        f for h in microsoft["hops"] for f in h["flows"] if f["relation"] == "providesComputeTo"
    ]
    assert [s["iri"].rsplit("/", 1)[-1] for s in compute[0]["statements"]] == [
        "microsoft-compute-openai-nonexclusive"
    ]


def test_cycles_show_dates_with_the_precision_of_the_data(run_cli: RunCli) -> None:
    # microsoft-invests-openai-2019-1b is dated 2019: not a day, whatever the computed
    # ai:holdsFrom says.
    result = run_cli("cycles", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "2019-01-01" not in result.stdout
    flows = {
        (f["subject"], f["relation"], f["object"]): f
        for c in json.loads(result.stdout)["cycles"]
        for h in c["hops"]
        for f in h["flows"]
    }
    microsoft = flows[(ent("microsoft"), "investsIn", ent("openai"))]
    assert microsoft["summary"]["first_start"] == "2019"
    [st] = [
        s for s in microsoft["statements"] if s["iri"].endswith("/microsoft-invests-openai-2019-1b")
    ]
    assert st["point_in_time"] == "2019"
    assert not {"holds_from", "holds_until"} & {k for s in microsoft["statements"] for k in s}
    for fmt in ("table", "csv"):
        text = run_cli("cycles", "--format", fmt).stdout
        assert "microsoft-invests-openai-2019-1b; 2019; $1B investment" in text


def _money(iri: str, payer: str, payee: str, kind: str = "InvestmentAmount") -> dict[str, Any]:
    return {"iri": iri, "payer": payer, "payee": payee, "amount": "1", "currency": "USD",
            "amount_kind": kind, "sources": []}  # fmt: skip


def test_longer_cycles_and_their_bound() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("fund", "lab", relation="investsIn", family="investment",
               statements=[_money("a", "fund", "lab")])  # fmt: skip
    G.add_edge("lab", "cloud", relation="investsIn", family="investment",
               statements=[_money("b", "lab", "cloud")])  # fmt: skip
    G.add_edge("fund", "cloud", relation="providesTo", family="supply",
               statements=[_money("c", "cloud", "fund", "ContractValue")])  # fmt: skip
    G.add_edge("x", "y", relation="investsIn", family="investment",
               statements=[_money("d", "x", "y")])  # fmt: skip
    G.add_edge(
        "y", "x", relation="investsIn", family="investment", statements=[_money("e", "y", "x")]
    )  # no payment
    G.add_edge("p", "q", relation="investsIn", family="investment",
               statements=[_money("f", "p", "q")])  # fmt: skip
    G.add_edge("p", "q", relation="providesTo", family="supply", statements=[
        {"iri": "g", "amount": "9", "currency": "USD", "amount_kind": "AssetValue",
         "sources": []}])  # an asset's value: no money back  # fmt: skip
    found = find_circular_flows(G)
    assert [c["entities"] for c in found] == [["fund", "lab", "cloud"]]
    assert [f["kind"] for f in found[0]["hops"][2]["flows"]] == ["payment"]
    assert find_circular_flows(G, max_length=2) == []


def test_cycles_rejects_short_bound(run_cli: RunCli) -> None:
    assert run_cli("cycles", "--max-length", "1").exit_code == 2


# --- path ------------------------------------------------------------------------------------


def test_path_softbank_microsoft(run_cli: RunCli) -> None:
    result = run_cli("path", "softbank", "Microsoft")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == "SoftBank Group —invests in→ OpenAI ←invests in— Microsoft"
    assert "softbank-invests-openai-2024; 2024-10-02" in result.stdout
    assert "ndtvprofit-openai-funding-round" in result.stdout
    every = run_cli("path", "SOFTBANK GROUP", "microsoft", "--all").stdout
    chains = [line for line in every.splitlines() if line and not line.startswith(" ")]
    assert chains == [
        "SoftBank Group —invests in→ OpenAI ←invests in— Microsoft",
        "SoftBank Group —invests in→ Stargate Project ←technology partner of— Microsoft",
    ]


def test_path_hops_are_statements_of_the_rdf(run_cli: RunCli, seed_graph: Graph) -> None:
    from rdflib import RDF

    data = run_json(run_cli, "path", "softbank", "microsoft", "--all")
    assert len(data["paths"]) == 2
    for chain in data["paths"]:
        for hop in chain:
            for edge in hop["edges"]:
                assert {edge["subject"], edge["object"]} == {hop["from"], hop["to"]}
                for st in edge["statements"]:
                    node = URIRef(st["iri"])
                    assert seed_graph.value(node, RDF.predicate) == URIRef(
                        PREFIXES["ai"] + edge["relation"]
                    )
                    ends = {str(seed_graph.value(node, RDF.subject)),
                            str(seed_graph.value(node, RDF.object))}  # fmt: skip
                    assert ends == {edge["subject"], edge["object"]}


def test_path_shows_dates_with_the_precision_of_the_data(run_cli: RunCli) -> None:
    data = run_json(run_cli, "path", "softbank", "microsoft")
    [st] = [
        st
        for hop in data["paths"][0]
        for edge in hop["edges"]
        for st in edge["statements"]
        if st["iri"].endswith("/microsoft-invests-openai-2019-1b")
    ]
    assert st["start"] == "2019" and st["end"] == ""
    assert (st["amount_kind"], st["amount_bound"]) == ("InvestmentAmount", "Exact")
    text = run_cli("path", "softbank", "microsoft").stdout
    assert "- microsoft-invests-openai-2019-1b; 2019; $1B investment; Completed" in text
    assert "- microsoft-invests-openai-2023-10b; 2023-01-23; about $10B investment" in text
    amazon = run_cli("path", "amazon", "anthropic", "--relations", "investment").stdout
    assert "amazon-invests-anthropic-2023-1-25b; 2023-09; $1.25B investment" in amazon
    assert "2023-09-01" not in amazon


def test_path_errors(run_cli: RunCli) -> None:
    unknown = run_cli("path", "softbank", "nvidea")
    assert unknown.exit_code == 1
    assert "unknown entity 'nvidea'; did you mean nvidia?" in unknown.stderr
    none = run_cli("path", "microsoft", "openai", "--relations", "competition")
    assert none.exit_code == 1
    assert "no connection between Microsoft and OpenAI" in none.stderr
    same = run_cli("path", "openai", "OpenAI")
    assert same.exit_code == 1 and "same entity" in same.stderr


def test_path_as_of_uses_only_what_held_that_day(run_cli: RunCli) -> None:
    # Before the October 2024 round SoftBank did not yet invest in OpenAI, Stargate did not
    # exist (inception 2025-01-21), and undated statements are not known to hold: no path.
    result = run_cli("path", "softbank", "microsoft", "--all", "--as-of", "2024-06-30")
    assert result.exit_code == 1
    assert "no connection between SoftBank Group and Microsoft" in result.stderr
    assert "as of 2024-06-30; 36 undated statements left out" in result.stderr
    later = run_cli("path", "softbank", "microsoft", "--all", "--as-of", "2024-12-31")
    assert later.exit_code == 0, later.stderr
    chains = [line for line in later.stdout.splitlines() if line and not line.startswith(" ")]
    assert chains == [
        "SoftBank Group —invests in→ OpenAI ←invests in— Microsoft",
        "(36 undated statements left out: no known start, so not known to hold on 2024-12-31)",
    ]
    assert "softbank-invests-openai-2024; 2024-10-02" in later.stdout
    assert "microsoft-invests-openai-major-investor" not in later.stdout  # undated


# --- entity names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [("nvidia", "nvidia"), ("NVIDIA", "nvidia"), ("OpenAI Group PBC", "openai"),
     ("  softbank group ", "softbank"), (str(ENT) + "xai", "xai")],
)  # fmt: skip
def test_resolve_entity(seed_graph: Graph, name: str, slug: str) -> None:
    assert resolve_entity(seed_graph, name) == URIRef(ent(slug))


def test_resolve_entity_suggests(seed_graph: Graph) -> None:
    with pytest.raises(UnknownEntityError, match=r"did you mean .*microsoft"):
        resolve_entity(seed_graph, "microsft")
    with pytest.raises(UnknownEntityError, match="unknown entity 'zzz'"):
        resolve_entity(seed_graph, "zzz")


def test_circular_flows_agree_with_networkx_simple_cycles() -> None:
    """Money by payer and payee, whatever the edge's direction, against nx.simple_cycles."""
    rng = nx.utils.create_random_state(5)
    G = nx.MultiDiGraph()
    for i in range(400):
        u, v = (f"n{j}" for j in rng.randint(0, 80, size=2))
        relation, family = [("investsIn", "investment"), ("providesTo", "supply")][rng.randint(2)]
        kind = ["InvestmentAmount", "ContractValue", "PurchaseCommitment", "StakeValue"][
            rng.randint(4)
        ]
        payer, payee = (u, v) if rng.randint(2) else (v, u)
        st = _money(f"s{i}", payer, payee, kind)
        if G.has_edge(u, v, relation):
            G.edges[u, v, relation]["statements"].append(st)
        else:
            G.add_edge(u, v, key=relation, relation=relation, family=family, statements=[st])
    payments = nx.DiGraph()
    for _u, _v, statements in G.edges(data="statements"):
        for st in statements:
            if st["payer"] == st["payee"] or st["amount_kind"] == "StakeValue":
                continue
            kind = "investment" if st["amount_kind"] == "InvestmentAmount" else "payment"
            edge = payments.get_edge_data(st["payer"], st["payee"], {"kinds": set()})
            payments.add_edge(st["payer"], st["payee"], kinds=edge["kinds"] | {kind})
    expected = set()
    for cycle in nx.simple_cycles(payments, length_bound=4):
        hops = [payments[a][b]["kinds"] for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True)]
        invest = {i for i, k in enumerate(hops) if "investment" in k}
        paid = {i for i, k in enumerate(hops) if "payment" in k}
        if invest and paid and len(invest | paid) >= 2:
            expected.add(frozenset(zip(cycle, cycle[1:] + cycle[:1], strict=True)))
    found = find_circular_flows(G, max_length=4)
    got = {frozenset((h["from"], h["to"]) for h in c["hops"]) for c in found}
    assert len(expected) > 20
    assert got == expected and len(found) == len(got)


@pytest.mark.slow
def test_analyze_samples_betweenness_on_large_graphs(run_cli: RunCli, tmp_path: Path) -> None:
    data = tmp_path / "synth"
    assert run_cli("synth", "--entities", "3000", "--seed", "1", "--out", data).exit_code == 0
    result = run_cli("analyze", "--data", data, "--top", "3")
    assert result.exit_code == 0, result.stderr
    assert "betweenness estimated from 100 sampled entities, seed 0" in result.stdout
    exact = run_cli("analyze", "--top", "3")
    assert "estimated" not in exact.stdout

"""Centrality, communities, dependencies, circular flows and paths on the shipped data."""

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
    run_cli: RunCli, shipped_graph: Graph
) -> None:
    rows = shipped_graph.query(
        HEADER
        + """SELECT DISTINCT ?other WHERE {
          { ent:openai ?p ?other } UNION { ?other ?p ent:openai }
          ?p ai:relationFamily ?f . FILTER(?f IN ("investment", "supply")) FILTER(isIRI(?other))
        }"""
    )
    data = run_json(run_cli, "analyze")
    openai = next(r for r in data["centrality"] if r["entity"] == ent("openai"))
    assert openai["degree"] == len(rows) == 10
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


def test_communities_are_stable_and_group_rivals(shipped_graph: Graph) -> None:
    G = to_networkx(shipped_graph, families=["competition", "partnership"])
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
    assert set(compute) == {"microsoft", "coreweave", "oracle"}
    assert {r["basis"] for r in compute.values()} == {"amount"}
    assert compute["microsoft"]["amount"] == 250e9
    assert compute["microsoft"]["share"] == round(250 / 261.9, 6)
    assert compute["coreweave"]["share"] == round(11.9 / 261.9, 6)
    assert compute["oracle"]["share"] is None  # 4.5 GW, no amount reported
    assert compute["oracle"]["count_share"] == round(1 / 3, 6)
    assert "business-standard-microsoft-27pc-stake" in " ".join(compute["microsoft"]["sources"])
    chips = [r for r in data["dependencies"] if r["kind"] == "chips"]
    assert {r["basis"] for r in chips} == {"count"}
    assert {r["supplier"] for r in chips} == {ent("nvidia"), ent("broadcom"), ent("tsmc")}


def test_who_relies_on_nvidia(run_cli: RunCli) -> None:
    data = run_json(run_cli, "dependencies", "--entity", "nvidia")
    assert [(r["dependant"], r["kind"]) for r in data["dependencies"]] == [(ent("openai"), "chips")]
    assert [s["supplier"] for s in data["suppliers"]] == [ent("nvidia")]


def test_dependencies_match_supply_statements(shipped_graph: Graph, run_cli: RunCli) -> None:
    rows = shipped_graph.query(
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
    assert "250B USD" in result.stdout and "95.5%" in result.stdout
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
    data = run_json(run_cli, "cycles")
    pairs = [tuple(c["entities"]) for c in data["cycles"]]
    assert pairs == [
        (ent("amazon"), ent("anthropic")),
        (ent("microsoft"), ent("openai")),
        (ent("nvidia"), ent("openai")),
    ]
    nvidia = data["cycles"][2]
    out, back = nvidia["hops"]
    assert [f["relation"] for f in out["flows"]] == ["investsIn"]
    assert [f["relation"] for f in back["flows"]] == ["suppliesChipsTo"]
    loi = [s for s in out["flows"][0]["statements"] if s["iri"].endswith("100b-loi")]
    assert loi and float(loi[0]["amount"]) == 100e9 and loi[0]["point_in_time"] == "2025-09-22"
    assert loi[0]["sources"] == [PREFIXES["src"] + "openai-nvidia-systems-partnership"]


def test_microsoft_openai_cycle_has_its_amounts_and_sources(run_cli: RunCli) -> None:
    result = run_cli("cycles")
    assert result.exit_code == 0
    text = result.stdout
    assert (
        "Microsoft =[invests in" in text
        and "OpenAI =[pays for: provides compute to]=> Microsoft" in text
    )
    assert "microsoft-compute-openai-nonexclusive; 2025-10-28; 250B USD" in text
    assert "business-standard-microsoft-27pc-stake" in text
    # OpenAI investing in CoreWeave and buying its compute is not circular:
    # both move money to CoreWeave.
    assert "CoreWeave" not in text


def test_cycles_as_of_use_the_terms_of_that_day(run_cli: RunCli) -> None:
    data = run_json(run_cli, "cycles", "--as-of", "2024-06-30")
    by_pair = {tuple(c["entities"]): c for c in data["cycles"]}
    assert (ent("nvidia"), ent("openai")) not in by_pair  # the chip deal starts in 2026
    microsoft = by_pair[(ent("microsoft"), ent("openai"))]
    compute = [
        f for h in microsoft["hops"] for f in h["flows"] if f["relation"] == "providesComputeTo"
    ]
    assert [s["iri"].rsplit("/", 1)[-1] for s in compute[0]["statements"]] == [
        "microsoft-compute-openai-exclusive"
    ]


def test_cycles_show_dates_with_the_precision_of_the_data(run_cli: RunCli) -> None:
    # microsoft-invests-openai-2019-1b is dated 2019 and amazon-invests-anthropic-2023-1-25b
    # 2023-09: neither is a day, whatever the computed ai:holdsFrom says.
    result = run_cli("cycles", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "2019-01-01" not in result.stdout and "2023-09-01" not in result.stdout
    flows = {
        (f["subject"], f["relation"], f["object"]): f
        for c in json.loads(result.stdout)["cycles"]
        for h in c["hops"]
        for f in h["flows"]
    }
    microsoft = flows[(ent("microsoft"), "investsIn", ent("openai"))]
    amazon = flows[(ent("amazon"), "investsIn", ent("anthropic"))]
    assert microsoft["summary"]["first_start"] == "2019"
    assert amazon["summary"]["first_start"] == "2023-09"
    [st] = [
        s for s in microsoft["statements"] if s["iri"].endswith("/microsoft-invests-openai-2019-1b")
    ]
    assert st["point_in_time"] == "2019"
    assert not {"holds_from", "holds_until"} & {k for s in microsoft["statements"] for k in s}
    for fmt in ("table", "csv"):
        text = run_cli("cycles", "--format", fmt).stdout
        assert "microsoft-invests-openai-2019-1b; 2019; 1B USD" in text
        assert "amazon-invests-anthropic-2023-1-25b; 2023-09; 1.25B USD" in text


def test_longer_cycles_and_their_bound() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("fund", "lab", relation="investsIn", family="investment", statements=[])
    G.add_edge("lab", "cloud", relation="investsIn", family="investment", statements=[])
    G.add_edge("fund", "cloud", relation="providesTo", family="supply", statements=[])
    G.add_edge("x", "y", relation="investsIn", family="investment", statements=[])
    G.add_edge("y", "x", relation="investsIn", family="investment", statements=[])  # no supply
    found = find_circular_flows(G)
    assert [c["entities"] for c in found] == [["fund", "lab", "cloud"]]
    assert [f["kind"] for f in found[0]["hops"][2]["flows"]] == ["payment for supply"]
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


def test_path_hops_are_statements_of_the_rdf(run_cli: RunCli, shipped_graph: Graph) -> None:
    from rdflib import RDF

    data = run_json(run_cli, "path", "softbank", "microsoft", "--all")
    assert len(data["paths"]) == 2
    for chain in data["paths"]:
        for hop in chain:
            for edge in hop["edges"]:
                assert {edge["subject"], edge["object"]} == {hop["from"], hop["to"]}
                for st in edge["statements"]:
                    node = URIRef(st["iri"])
                    assert shipped_graph.value(node, RDF.predicate) == URIRef(
                        PREFIXES["ai"] + edge["relation"]
                    )
                    ends = {str(shipped_graph.value(node, RDF.subject)),
                            str(shipped_graph.value(node, RDF.object))}  # fmt: skip
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
    text = run_cli("path", "softbank", "microsoft").stdout
    assert "- microsoft-invests-openai-2019-1b; 2019; 1B USD; Reported" in text


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
    # Before the October 2024 round SoftBank did not yet invest in OpenAI; only
    # undated statements (which hold on any day) link it to Microsoft then.
    result = run_cli("path", "softbank", "microsoft", "--all", "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.stderr
    chains = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert chains == ["SoftBank Group —announced→ Stargate Project —partners with→ Microsoft"]
    assert "softbank-invests-openai-2024" not in result.stdout


# --- entity names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [("nvidia", "nvidia"), ("NVIDIA", "nvidia"), ("OpenAI Group PBC", "openai"),
     ("  softbank group ", "softbank"), (str(ENT) + "xai", "xai")],
)  # fmt: skip
def test_resolve_entity(shipped_graph: Graph, name: str, slug: str) -> None:
    assert resolve_entity(shipped_graph, name) == URIRef(ent(slug))


def test_resolve_entity_suggests(shipped_graph: Graph) -> None:
    with pytest.raises(UnknownEntityError, match=r"did you mean .*microsoft"):
        resolve_entity(shipped_graph, "microsft")
    with pytest.raises(UnknownEntityError, match="unknown entity 'zzz'"):
        resolve_entity(shipped_graph, "zzz")


def test_circular_flows_agree_with_networkx_simple_cycles() -> None:
    rng = nx.utils.create_random_state(5)
    G = nx.MultiDiGraph()
    for _ in range(400):
        u, v = (f"n{i}" for i in rng.randint(0, 80, size=2))
        relation, family = [("investsIn", "investment"), ("providesTo", "supply")][rng.randint(2)]
        G.add_edge(u, v, key=relation, relation=relation, family=family, statements=[])
    payments = nx.DiGraph()
    for u, v, family in G.edges(data="family"):
        if u != v:
            payer, payee = (u, v) if family == "investment" else (v, u)
            kinds = payments.get_edge_data(payer, payee, {"kinds": set()})["kinds"]
            payments.add_edge(payer, payee, kinds=kinds | {family})
    expected = set()
    for cycle in nx.simple_cycles(payments, length_bound=4):
        hops = [payments[a][b]["kinds"] for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True)]
        invest = {i for i, k in enumerate(hops) if "investment" in k}
        supply = {i for i, k in enumerate(hops) if "supply" in k}
        if invest and supply and len(invest | supply) >= 2:
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

"""Time the network analytics on a synthetic, seeded, AI-industry-shaped graph.

Usage: python bench/analytics.py [--entities 100000] [--seed 7] [--k 100] [--max-cycle 4]

Prints a Markdown table for docs/benchmarks.md: wall-clock and CPU seconds per
step (CPU time is steadier on a shared machine), and the CPU ratio to a baseline
measured in the same run (one pass over every edge summarising its statements).
"""

from __future__ import annotations

import argparse
import itertools
import platform
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from graph.model import AI, default_data_dir
from graph.network import (
    compute_centrality,
    compute_dependencies,
    find_circular_flows,
    find_communities,
    find_paths,
    serialize_network,
    to_networkx,
)
from graph.network.dependencies import summarize_suppliers
from graph.network.edges import summarize_edge

ENT = "https://w3id.org/aikg/entity/"

#: Share of entities of each kind, roughly as in the curated data.
KINDS = {
    "AILab": 0.04,
    "CloudProvider": 0.01,
    "ChipCompany": 0.01,
    "Investor": 0.14,
    "Person": 0.40,
    "Project": 0.05,
    "AIModel": 0.15,
    "DataCenter": 0.10,
    "Place": 0.10,
}

FAMILY = {
    "investsIn": "investment",
    "providesComputeTo": "supply",
    "suppliesChipsTo": "supply",
    "licensesTechnologyTo": "supply",
    "competesWith": "competition",
    "partnersWith": "partnership",
    "ceoOf": "people",
    "develops": "assets",
    "locatedIn": "assets",
}
SYMMETRIC = {"competesWith", "partnersWith"}


def make_graph(entities: int, seed: int) -> nx.MultiDiGraph:
    """About ``entities`` nodes and 2.5 edges per node, heavy-tailed like deal networks."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    by_kind: dict[str, list[str]] = {}
    for kind, share in KINDS.items():
        count = max(2, int(entities * share))
        names = [f"{ENT}{kind.lower()}-{i}" for i in range(count)]
        by_kind[kind] = names
        for name in names:
            G.add_node(name, label=name.rsplit("/", 1)[-1], kind=kind, classes=[kind, "Entity"],
                       description="", wikidata="")  # fmt: skip
    cumulative = {
        k: list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(v))))
        for k, v in by_kind.items()
    }
    day0 = date(2015, 1, 1)
    counter = 0

    def pick(kind: str) -> str:
        return rng.choices(by_kind[kind], cum_weights=cumulative[kind])[0]

    def add(s: str, rel: str, o: str, money: bool) -> None:
        nonlocal counter
        if s == o:
            return
        statements = []
        for _ in range(rng.choice((1, 1, 1, 2))):
            counter += 1
            start = day0 + timedelta(days=rng.randrange(0, 4000))
            st: dict[str, Any] = {
                "iri": f"https://w3id.org/aikg/statement/s{counter}",
                "start": start.isoformat(),
                "holds_from": start,
                "status": "Active",
                "sources": [f"https://w3id.org/aikg/source/src{rng.randrange(5000)}"],
            }
            if money and rng.random() < 0.6:
                st["amount"] = str(rng.randrange(1, 500) * 10**7)
                st["currency"] = "USD"
                # Who pays, as the build derives it: the investor, or the buyer of a supply.
                st["amount_kind"] = MONEY_KIND.get(rel, "ContractValue")
                st["payer"], st["payee"] = (s, o) if rel == "investsIn" else (o, s)
            statements.append(st)
        pairs = ((s, o), (o, s)) if rel in SYMMETRIC else ((s, o),)
        for a, b in pairs:
            G.add_edge(a, b, key=rel, relation=rel, label=rel, family=FAMILY[rel],
                       symmetric=rel in SYMMETRIC, statements=statements)  # fmt: skip

    n = entities
    for _ in range(int(n * 0.40)):
        add(pick("Investor"), "investsIn", pick(rng.choice(("AILab", "AILab", "Project"))), True)
    for _ in range(int(n * 0.05)):
        add(pick("CloudProvider"), "investsIn", pick("AILab"), True)
    for _ in range(int(n * 0.15)):
        add(pick("CloudProvider"), "providesComputeTo", pick("AILab"), True)
    for _ in range(int(n * 0.08)):
        add(pick("ChipCompany"), "suppliesChipsTo", pick(rng.choice(("AILab", "CloudProvider"))),
            True)  # fmt: skip
    for _ in range(int(n * 0.03)):
        add(pick("AILab"), "licensesTechnologyTo", pick("CloudProvider"), True)
    for _ in range(int(n * 0.10)):
        add(pick("AILab"), "competesWith", pick("AILab"), False)
    for _ in range(int(n * 0.15)):
        add(pick(rng.choice(("AILab", "CloudProvider", "ChipCompany"))), "partnersWith",
            pick("Project"), False)  # fmt: skip
    for person in by_kind["Person"][: int(n * 0.3)]:
        add(person, "ceoOf", pick(rng.choice(("AILab", "Investor", "CloudProvider"))), False)
    for model in by_kind["AIModel"]:
        add(pick("AILab"), "develops", model, False)
    for site in by_kind["DataCenter"]:
        add(site, "locatedIn", pick("Place"), False)
    return G


#: The amount kind of a synthetic money statement, by relation (ContractValue otherwise).
MONEY_KIND = {"investsIn": "InvestmentAmount", "providesComputeTo": "PurchaseCommitment"}


def family_view(G: nx.MultiDiGraph, families: set[str]) -> nx.MultiDiGraph:
    """A copy with the edges of ``families`` only, like ``to_networkx(families=…)``."""
    H = nx.MultiDiGraph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(
        (u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d["family"] in families
    )
    return H


def to_rdf(G: nx.MultiDiGraph) -> Graph:
    """``G`` as the build would write it: typed, labelled entities, statements, truthy triples."""
    g = Graph()
    g += Graph().parse(default_data_dir() / "ontology.ttl", format="turtle")
    for node, data in G.nodes(data=True):
        g.add((URIRef(node), RDF.type, AI.Entity))
        g.add((URIRef(node), RDF.type, AI[data["kind"]]))
        g.add((URIRef(node), RDFS.label, Literal(data["label"], lang="en")))
    for u, v, key, data in G.edges(keys=True, data=True):
        s, p, o = URIRef(u), AI[key], URIRef(v)
        g.add((s, p, o))
        for st in data["statements"]:
            node = URIRef(st["iri"])
            g.add((node, RDF.type, RDF.Statement))
            g.add((node, RDF.subject, s))
            g.add((node, RDF.predicate, p))
            g.add((node, RDF.object, o))
            g.add((node, AI.startDate, Literal(st["holds_from"])))
            g.add((node, AI.holdsFrom, Literal(st["holds_from"])))
            g.add((node, PROV.wasDerivedFrom, URIRef(st["sources"][0])))
            if "amount" in st:
                g.add((node, AI.amount, Literal(st["amount"], datatype=XSD.decimal)))
                g.add((node, AI.currency, Literal(st["currency"])))
                g.add((node, AI.amountKind, AI[st["amount_kind"]]))
                g.add((node, AI.payer, URIRef(st["payer"])))
                g.add((node, AI.payee, URIRef(st["payee"])))
    return g


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of ``fn()``, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--k", type=int, default=100, help="betweenness sample size")
    parser.add_argument("--max-cycle", type=int, default=4)
    parser.add_argument(
        "--rdf-entities", type=int, default=10_000, help="size of the RDF graph projected"
    )
    args = parser.parse_args()

    rows: list[tuple[str, float, float, str]] = []
    wall, cpu, G = timed(lambda: make_graph(args.entities, args.seed))
    rows.append(("generate the graph", wall, cpu, f"{G.number_of_nodes()} nodes, "
                 f"{G.number_of_edges()} edges"))  # fmt: skip
    wall, base, _ = timed(lambda: [summarize_edge(d) for _u, _v, d in G.edges(data=True)])
    rows.append(("baseline: summarise every edge's statements once", wall, base, ""))

    flows = family_view(G, {"investment", "supply"})
    social = family_view(G, {"competition", "partnership"})
    supply = family_view(G, {"supply"})
    steps: list[tuple[str, Callable[[], Any], Callable[[Any], str]]] = [
        (f"centrality, investment+supply (PageRank, betweenness k={args.k})",
         lambda: compute_centrality(flows, betweenness_k=args.k), lambda r: f"{len(r)} ranked"),
        (f"centrality, all families (PageRank, betweenness k={args.k})",
         lambda: compute_centrality(G, betweenness_k=args.k), lambda r: f"{len(r)} ranked"),
        ("communities, competition+partnership (Louvain, seed 42)",
         lambda: find_communities(social), lambda r: f"{len(r)} communities"),
        ("dependencies (all dependants)", lambda: compute_dependencies(supply),
         lambda r: f"{len(r)} rows"),
        ("supplier shares", lambda: summarize_suppliers(supply), lambda r: f"{len(r)} rows"),
        (f"circular flows (up to {args.max_cycle} entities)",
         lambda: find_circular_flows(flows, max_length=args.max_cycle),
         lambda r: f"{len(r)} cycles"),
        ("shortest paths, all, between two labs",
         lambda: find_paths(G, f"{ENT}ailab-0", f"{ENT}ailab-1", all_paths=True),
         lambda r: f"{len(r)} paths"),
        ("export GraphML (all families)", lambda: serialize_network(G, "graphml"),
         lambda r: f"{len(r) / 1e6:.0f} MB"),
    ]  # fmt: skip
    analyze_cpu = 0.0
    for name, fn, describe in steps:
        wall, cpu, result = timed(fn)
        rows.append((name, wall, cpu, describe(result)))
        if name.startswith(("centrality, investment", "communities")):
            analyze_cpu += cpu

    small = make_graph(args.rdf_entities, args.seed)
    g = to_rdf(small)
    wall, cpu, H = timed(lambda: to_networkx(g))
    name = f"RDF → networkx (to_networkx), {args.rdf_entities} entities, {len(g)} triples"
    rows.append((name, wall, cpu, f"{H.number_of_nodes()} nodes, {H.number_of_edges()} edges"))

    print(f"Synthetic graph: {args.entities} entities, seed {args.seed}; "
          f"Python {platform.python_version()}, networkx {nx.__version__}, "
          f"{platform.machine()}.\n")  # fmt: skip
    print("| step | wall s | CPU s | CPU x baseline | result |")
    print("|---|---:|---:|---:|---|")
    for name, wall, cpu, note in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {cpu / base:.1f} | {note} |")
    print(f"\n`aikg analyze` defaults (centrality over investment+supply, communities): "
          f"{analyze_cpu:.1f} CPU s.")  # fmt: skip


if __name__ == "__main__":
    main()

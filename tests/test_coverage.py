"""The second batch of sources is encoded in full: every reported fact maps to sourced
statements or entities in the built graph, every page supports something, flagged pages
carry only deprecated versions, and the disagreements the batch names are kept and ranked.

The map lives in tests/data/coverage/batch-2-part-*.csv (fact, statements, entities,
left_out): which ids encode each of the batch's 87 facts, and what of a fact is left out."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDFS, SDO

from graph import AI, ENT, STMT
from graph.sparql import result_rows

from .conftest import FIXTURES, RunCli

COVERAGE = FIXTURES / "coverage"
FACTS = range(1, 88)

# Pages the batch flags as wrong or low quality where they contradict the others.
FLAGGED = (
    "openaimpact.com",
    "winzhengfund.com",
    "world-today-news.com",
    "convergenceeranews.com",
    "littletool.com",
    "ciente.io",
    "alwaysbestcare.com",
)

# Disagreements the batch names: the fact, and the entity whose conflicts show it (the
# deal itself where the versions are of the deal's own total).
NAMED_CONFLICTS = {
    3: "anthropic",  # Google's stake: about 14% or 10%
    38: "nscale-microsoft-contract-2025-10",  # the deal's value: up to $14B or up to $24B
    44: "xai",  # Series C valuation: $40B, $45B or $50B
    48: "xai",  # SpaceX-xAI merger: how the $1.25T splits
    19: "openai",  # $300B post-money or $260B
    41: "intel",  # the US government's stake: its value
    52: "softbank-t-mobile-share-sale-2025",  # what the sale fetched: $9.17B or $4.8B
}


def coverage_rows() -> list[tuple[Path, int, dict[str, str]]]:
    rows = []
    for path in sorted(COVERAGE.glob("batch-2-part-*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [(path, line, row) for line, row in enumerate(csv.DictReader(handle), 2)]
    return rows


def ids(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def statements_of(fact: int) -> list[str]:
    return [
        s
        for _, _, row in coverage_rows()
        if int(row["fact"]) == fact
        for s in ids(row["statements"])
    ]


def test_every_fact_of_the_batch_is_mapped_once() -> None:
    counts = Counter(int(row["fact"]) for _, _, row in coverage_rows())
    assert sorted(counts) == list(FACTS)
    assert [fact for fact, n in counts.items() if n > 1] == []
    empty = [
        f"{p.name}:{line}"
        for p, line, row in coverage_rows()
        if not ids(row["statements"]) and not ids(row["entities"])
    ]
    assert empty == []


def test_mapped_statements_and_entities_are_in_the_graph_with_sources(shipped_graph: Graph) -> None:
    missing = []
    for path, line, row in coverage_rows():
        for sid in ids(row["statements"]):
            if shipped_graph.value(STMT[sid], PROV.wasDerivedFrom) is None:
                missing.append(f"{path.name}:{line}: statement {sid}")
        for eid in ids(row["entities"]):
            if (
                shipped_graph.value(ENT[eid], RDFS.label) is None
                or shipped_graph.value(ENT[eid], DCTERMS.description) is None
            ):
                missing.append(f"{path.name}:{line}: entity {eid}")
    assert missing == []


def test_the_graph_holds_hundreds_of_sourced_statements(shipped_graph: Graph) -> None:
    [row] = result_rows(
        shipped_graph.query(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) "
            "WHERE { ?s a rdf:Statement ; prov:wasDerivedFrom ?x }",
            initNs={"prov": PROV},
        )
    )
    assert row["n"] >= 300


def test_every_source_supports_a_statement_or_an_entity(shipped_graph: Graph) -> None:
    unused = result_rows(
        shipped_graph.query(
            """SELECT ?source WHERE {
             ?source a ai:Source .
             FILTER NOT EXISTS { ?anything prov:wasDerivedFrom ?source }
           } ORDER BY ?source""",
            initNs={"ai": AI, "prov": PROV},
        )
    )
    assert [str(row["source"]) for row in unused] == []


@pytest.mark.parametrize("host", FLAGGED)
def test_a_flagged_page_carries_only_deprecated_versions(shipped_graph: Graph, host: str) -> None:
    rows = result_rows(
        shipped_graph.query(
            """SELECT ?statement ?rank WHERE {
                 ?statement prov:wasDerivedFrom ?source ; ai:rank ?rank .
                 ?source schema:url ?url .
                 FILTER(CONTAINS(STR(?url), ?host))
                 # Only what the flagged page alone says: a fact it shares with
                 # other pages keeps their rank.
                 FILTER NOT EXISTS {
                   ?statement prov:wasDerivedFrom ?other .
                   ?other schema:url ?otherUrl .
                   FILTER(!CONTAINS(STR(?otherUrl), ?host))
                 }
               }""",
            initNs={"ai": AI, "prov": PROV, "schema": SDO},
            initBindings={"host": Literal(host)},
        )
    )
    assert rows, f"no statement cites only {host}"
    assert {row["rank"] for row in rows} == {AI.DeprecatedRank}


@pytest.mark.parametrize(("fact", "entity"), sorted(NAMED_CONFLICTS.items()))
def test_named_disagreements_keep_every_version_ranked(
    run_cli: RunCli, fact: int, entity: str
) -> None:
    result = run_cli("query", "conflicts", "-p", f"entity={entity}", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    mapped = set(statements_of(fact))
    versions = {r["statement"].rsplit("/", 1)[-1]: r for r in rows}
    shown = {s: versions[s] for s in mapped if s in versions}
    assert len(shown) >= 2, f"fact {fact}: versions in conflicts: {sorted(shown)}"
    ranks = {r["rank"].rsplit("#", 1)[-1] for r in shown.values()}
    assert ranks & {"PreferredRank", "DeprecatedRank"}
    sources = {
        s: {r["sourceTitle"] for r in rows if r["statement"].endswith("/" + s)} for s in shown
    }
    # Each version keeps its own pages: no two versions rest on the same sources.
    assert len({frozenset(v) for v in sources.values()}) == len(sources)

"""`aikg view --size-by`, `--path` and `--cycles`: the network analytics drawn as pages."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from graph import ENT
from graph.network import compute_centrality, to_networkx

from .conftest import RunCli
from .test_views_query import drawn, node_ids

# Figures worked out by hand on the frozen seed data (tests/data/seed), not data/.
pytestmark = pytest.mark.usefixtures("on_seed_data")


def iri(slug: str) -> str:
    return str(ENT[slug])


def thick(data: dict[str, object]) -> set[tuple[str, str, str]]:
    edges = data["edges"]
    assert isinstance(edges, list)
    return {
        (e["from"], e["to"], e["title"].split(": ", 1)[1].split(" (", 1)[0])
        for e in edges
        if e.get("width") == 5
    }


@pytest.mark.parametrize("measure", ["pagerank", "betweenness", "degree"])
def test_size_by_follows_the_centrality(
    run_cli: RunCli, tmp_path: Path, seed_graph: Graph, measure: str
) -> None:
    page = tmp_path / "v.html"
    result = run_cli("view", "--focus", "openai", "--size-by", measure, "-o", page)
    assert result.exit_code == 0, result.stderr
    data = drawn(page)
    G = to_networkx(seed_graph, merge_symmetric=True)
    measured = {r["entity"]: float(r[measure]) for r in compute_centrality(G)}
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert set(sizes) == {iri("openai"), *nx.all_neighbors(G, iri("openai"))}
    others = [n for n in sizes if n != iri("openai")]  # the focus is drawn larger anyway
    by_size = sorted(others, key=lambda n: (sizes[n], n))
    by_measure = sorted(others, key=lambda n: (measured.get(n, 0.0), n))
    assert [measured.get(n, 0.0) for n in by_size] == [measured.get(n, 0.0) for n in by_measure]
    assert len(set(sizes.values())) > 3
    label = {"pagerank": "PageRank", "betweenness": "betweenness", "degree": "degree"}[measure]
    assert all(f"\n{label}: " in n["title"] for n in data["nodes"])
    assert f"Size: {label}." in page.read_text(encoding="utf-8")


def test_path_draws_the_chain_with_its_relations_thick(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    result = run_cli("view", "--path", "SoftBank Group", "microsoft", "-o", page)
    assert result.exit_code == 0, result.stderr
    data = drawn(page)
    assert node_ids(data) == {iri("softbank"), iri("openai"), iri("microsoft")}
    emphasised = thick(data)
    assert (iri("softbank"), iri("openai"), "investsIn") in emphasised
    assert (iri("microsoft"), iri("openai"), "investsIn") in emphasised
    assert "SoftBank Group —invests in→ OpenAI ←invests in— Microsoft" in page.read_text(
        encoding="utf-8"
    )


def test_cycles_draws_each_circular_flow(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "c.html"
    result = run_cli("view", "--cycles", "-o", page)
    assert result.exit_code == 0, result.stderr
    data = drawn(page)
    # Money by payer and payee: Microsoft invests in OpenAI, OpenAI pays for Azure. Amazon's
    # supply to Anthropic has no price and NVIDIA's deal is a letter of intent: no cycle.
    assert node_ids(data) == {iri("microsoft"), iri("openai")}
    assert thick(data) == {
        (iri("microsoft"), iri("openai"), "investsIn"),
        (iri("microsoft"), iri("openai"), "providesComputeTo"),
    }
    text = page.read_text(encoding="utf-8")
    assert "1 cycle of at most 4 entities" in text
    [compute] = [e for e in data["edges"] if "providesComputeTo" in e["title"].split("\n")[0]]
    assert "$250B purchase commitment, paid by OpenAI to Microsoft" in compute["title"]
    earlier = tmp_path / "c2.html"
    result = run_cli("view", "--cycles", "--as-of", "2024-06-30", "-o", earlier)
    assert result.exit_code == 0, result.stderr
    assert node_ids(drawn(earlier)) == set()  # no payment back was known then
    text = earlier.read_text(encoding="utf-8")
    assert "0 cycles of at most 4 entities" in text
    assert "6 undated statements left out (no known start)" in text


def test_path_as_of_leaves_undated_statements_out(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    result = run_cli("view", "--path", "softbank", "microsoft", "--as-of", "2024-12-31", "-o", page)
    assert result.exit_code == 0, result.stderr
    data = drawn(page)
    assert node_ids(data) == {iri("softbank"), iri("openai"), iri("microsoft")}
    assert not any(e.get("dashes") for e in data["edges"])
    assert "36 undated statements left out (no known start)" in page.read_text(encoding="utf-8")
    none = run_cli("view", "--path", "softbank", "microsoft", "--as-of", "2024-06-30", "-o", page)
    assert none.exit_code == 1 and "36 undated statements left out" in none.stderr


def test_analytics_view_errors_are_named(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    for args, message in (
        (["--path", "openai", "OpenAI"], "are the same entity"),
        (["--path", "openai", "nvidea"], "nvidia"),
        (["--query", "competitors_of", "--size-by", "degree"], "--size-by goes with --focus"),
        (["--focus", "openai", "--all-paths"], "--all-paths goes with --path"),
        (["--cycles", "--focus", "openai"], "give one of"),
        (["--focus", "openai", "--size-by", "fame"], "'fame' is not one of"),
        (["--cycles", "--relations", "people"], "leave out --relations"),
    ):
        result = run_cli("view", *args, "--output", page)
        assert result.exit_code != 0, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert not page.exists()

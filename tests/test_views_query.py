"""`aikg view --query`: stored query results drawn as self-contained pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from graph import ENT
from graph.network import to_networkx

from .conftest import RunCli

DATA = re.compile(r"var DATA = (\{.*?\});\n")


def drawn(page: Path) -> dict[str, Any]:
    """The nodes and edges a view page hands to vis-network."""
    match = DATA.search(page.read_text(encoding="utf-8"))
    assert match, page
    data: dict[str, Any] = json.loads(match[1])
    return data


def node_ids(data: dict[str, Any]) -> set[str]:
    return {str(n["id"]) for n in data["nodes"]}


def test_construct_query_draws_the_subgraph(
    run_cli: RunCli, tmp_path: Path, shipped_graph: Graph
) -> None:
    page = tmp_path / "sub.html"
    result = run_cli(
        "view", "--query", "subgraph_around", "--param", "entity=OpenAI", "--output", page
    )
    assert result.exit_code == 0, result.stderr
    data = drawn(page)
    openai = str(ENT.openai)
    current = to_networkx(shipped_graph)
    expected = {openai, *nx.all_neighbors(current, openai)}
    assert node_ids(data) == expected
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[str(ENT.microsoft)] == "Microsoft" and labels[openai] == "OpenAI"
    # Every relation that holds now to or from OpenAI, once (symmetric ones merged).
    merged = to_networkx(shipped_graph, merge_symmetric=True)
    expected_edges = {(u, v) for u, v in merged.edges() if openai in (u, v)}
    assert {(e["from"], e["to"]) for e in data["edges"]} == expected_edges
    assert len(data["edges"]) == sum(1 for e in merged.edges() if openai in e) > 20


def test_select_query_links_rows_to_the_entity_asked_about(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "comp.html"
    result = run_cli("view", "--query", "competitors_of", "-p", "entity=openai", "-o", page)
    assert result.exit_code == 0, result.stderr
    data = drawn(page)
    rivals = {str(ENT[s]) for s in ("anthropic", "google", "xai")}
    assert node_ids(data) == rivals | {str(ENT.openai)}
    assert {(e["from"], e["to"]) for e in data["edges"]} == {(str(ENT.openai), r) for r in rivals}


def test_view_query_errors_are_named_and_write_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    for args, message in (
        (["--query", "competitors_of"], "missing required parameter 'entity'"),
        (["--query", "competitor_of"], "did you mean competitors_of"),
        (["--query", "competitors_of", "-p", "entity=opnai"], "did you mean openai"),
        (["--query", "competitors_of", "-p", "entity"], "write NAME=VALUE"),
        (["--focus", "openai", "--query", "competitors_of"], "give one of"),
        ([], "give one of"),
        (["--focus", "openai", "-p", "entity=openai"], "--param goes with --query"),
    ):
        result = run_cli("view", *args, "--output", page)
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert not page.exists()

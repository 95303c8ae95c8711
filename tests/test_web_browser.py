"""`aikg serve` pages in headless Chromium over a real socket; only the server is reachable."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph

from graph import ENT
from graph.network import to_networkx

from .browser import launch, open_page, open_url, ready_frame
from .conftest import RunCli, serving

pytestmark = pytest.mark.browser

AIKG = Path(sys.executable).parent / "aikg"


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    """`aikg serve --port 0` in a subprocess; yields http://127.0.0.1:PORT."""
    with serving("--timeout", "10") as url:
        yield url.removesuffix("/sparql")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


def frame_counts(frame: Any) -> tuple[set[str], int]:
    """The nodes and the number of edges the frame draws (the date slider's, hidden, left out)."""
    ids = frame.evaluate("network.body.data.nodes.getIds({filter: n => !n.hidden})")
    edges = frame.evaluate("network.body.data.edges.get({filter: e => !e.hidden}).length")
    return {str(i) for i in ids}, int(edges)


def test_entity_page_in_a_browser(browser: Any, origin: str, shipped_graph: Graph) -> None:
    opened = open_url(browser, f"{origin}/entities/openai", origin=origin)
    frame = ready_frame(opened, "/entities/openai/graph")
    page = opened.page
    assert page.locator("h1").inner_text() == "OpenAI"
    rows = page.locator("#statements tbody tr")
    heading = page.locator("h2", has_text="Statements").inner_text()
    assert heading == f"Statements ({rows.count()})" and rows.count() > 20
    assert page.locator("#statements a[href='/entities/microsoft']").count() >= 1
    current = to_networkx(shipped_graph, merge_symmetric=True)
    openai = str(ENT.openai)
    nodes, _edges = frame_counts(frame)
    assert nodes == {openai, *nx.all_neighbors(current, openai)}
    assert opened.external == [] and opened.errors == [] and opened.dialogs == []


def test_query_page_in_a_browser(browser: Any, origin: str) -> None:
    opened = open_url(browser, f"{origin}/query?name=competitors_of&entity=openai", origin=origin)
    frame = ready_frame(opened, "/query/graph")
    page = opened.page
    labels = page.locator("#results tbody tr td:nth-child(2)").all_inner_texts()
    assert labels == ["Anthropic", "Google", "xAI"]
    nodes, edges = frame_counts(frame)
    assert nodes == {str(ENT[s]) for s in ("openai", "anthropic", "google", "xai")}
    assert edges == 3
    # The form runs another query in place.
    page.locator("input[name='entity']").fill("Anthropic")
    page.locator("button[type='submit']").click()
    page.wait_for_url(re.compile(r"entity=Anthropic"))
    assert "OpenAI" in page.locator("#results tbody").all_inner_texts()[0]
    assert opened.external == [] and opened.errors == [] and opened.dialogs == []


def test_view_query_page_in_a_browser(browser: Any, run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "comp.html"
    result = run_cli("view", "--query", "competitors_of", "-p", "entity=openai", "-o", page)
    assert result.exit_code == 0, result.stderr
    opened = open_page(browser, page)
    nodes, edges = frame_counts(opened.page)
    assert nodes == {str(ENT[s]) for s in ("openai", "anthropic", "google", "xai")}
    assert edges == 3
    assert opened.external == [] and opened.errors == []


@pytest.mark.usefixtures("on_seed_data")  # one cycle, counted by hand on the seed data
def test_cycles_view_in_a_browser(
    browser: Any, run_cli: RunCli, tmp_path: Path, seed_graph: Graph
) -> None:
    page = tmp_path / "cycles.html"
    result = run_cli("view", "--cycles", "-o", page)
    assert result.exit_code == 0, result.stderr
    opened = open_page(browser, page)
    nodes, edges = frame_counts(opened.page)
    # Money by payer and payee: Microsoft invests in OpenAI, OpenAI pays for Azure.
    members = {str(ENT[s]) for s in ("microsoft", "openai")}
    assert nodes == members
    G = to_networkx(seed_graph, families=["investment", "supply"], merge_symmetric=True)
    assert edges == G.subgraph(members).number_of_edges()
    widths = opened.page.evaluate("network.body.data.edges.get().map(e => e.width || 0)")
    assert sorted(widths).count(5) == 2  # investsIn one way, providesComputeTo's payment back
    assert opened.external == [] and opened.errors == []

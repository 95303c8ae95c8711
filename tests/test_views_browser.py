"""The HTML views in real headless Chromium: offline, counts, tooltips, hostile labels."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from rdflib import Graph

from graph.network import to_networkx
from graph.views import write_views

from .browser import ARTIFACTS, Opened, launch, open_page
from .conftest import FIXTURES, RunCli

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def rendered(shipped_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views")
    write_views(shipped_graph, out)
    return out


def counts(opened: Opened) -> tuple[int, int]:
    """How many nodes and edges the page draws (the date slider's, hidden, left out)."""
    nodes, edges = opened.page.evaluate(
        "[network.body.data.nodes.get({filter: n => !n.hidden}).length,"
        " network.body.data.edges.get({filter: e => !e.hidden}).length]"
    )
    return int(nodes), int(edges)


def hover_edge(opened: Opened, edge_id: str) -> str:
    """Zoom in on an edge, move the mouse onto it and return its tooltip's text. In a
    crowded overview another edge may run along part of it, so the mouse moves from the
    middle outwards, as a reader would, until the tooltip is this edge's own."""
    page = opened.page
    title = page.evaluate("(id) => network.body.data.edges.get(id).title.split('\\n')[0]", edge_id)
    page.evaluate(
        """(id) => network.moveTo({
            position: network.body.edges[id].edgeType.getPoint(0.5), scale: 3, animation: false
        })""",
        edge_id,
    )
    box = page.locator("#network").bounding_box()
    text = ""
    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        point = page.evaluate(
            "([id, t]) => network.canvasToDOM(network.body.edges[id].edgeType.getPoint(t))",
            [edge_id, t],
        )
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        text = tooltip_text(page, starting=title, patience_ms=1_000)
        if text.startswith(title):
            break
    return text


def hover_node(opened: Opened, node_id: str) -> str:
    page = opened.page
    point = page.evaluate(
        """(id) => {
            const p = network.getPositions([id])[id];
            network.moveTo({position: p, animation: false});  // in view, whatever the zoom
            return network.canvasToDOM(p);
        }""",
        node_id,
    )
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    label = page.evaluate("(id) => network.body.data.nodes.get(id).label", node_id)
    return tooltip_text(page, starting=label, patience_ms=2_000)


def tooltip_text(page: Any, *, starting: str, patience_ms: int) -> str:
    """The tooltip's text once it shows, given up to ``patience_ms`` to turn into the one
    that starts with ``starting``: the popup follows the object under the mouse after a
    short delay, and an earlier object's tooltip may still be up."""
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "(start) => document.querySelector('div.vis-tooltip').innerText.startsWith(start)",
            arg=starting,
            timeout=patience_ms,
        )
    return str(tooltip.inner_text())


def find_edge(opened: Opened, source: str, target: str, relation: str) -> dict[str, Any]:
    found = opened.page.evaluate(
        """([s, t, r]) => network.body.data.edges.get({
            filter: (e) => e.from.endsWith('/' + s) && e.to.endsWith('/' + t)
                           && e.title.includes(': ' + r + ' (')
        })""",
        [source, target, relation],
    )
    assert len(found) == 1, found
    return dict(found[0])


def test_every_view_loads_offline_with_expected_counts(
    browser: Any, rendered: Path, shipped_graph: Graph
) -> None:
    pages = sorted(p.name for p in rendered.glob("*.html"))
    assert "index.html" in pages and "overview.html" in pages
    assert {"asof-2024-12-31.html", "asof-2025-12-31.html"} <= set(pages)
    whole = to_networkx(shipped_graph, merge_symmetric=True)
    for name in pages:
        opened = open_page(browser, rendered / name, wait_ready=name != "index.html")
        assert opened.external == [], name
        assert opened.errors == [], name
        if name == "index.html":
            links = opened.page.eval_on_selector_all("a", "els => els.map(e => e.href)")
            assert len(links) == len(pages) - 1
            rows = opened.page.eval_on_selector_all(
                "tbody tr", "rs => rs.map(r => [...r.cells].map(c => c.textContent))"
            )
            assert [
                "Microsoft",
                "OpenAI",
                "providesComputeTo",
                "changed",
                "providesComputeTo (Exclusive) · 1 statement · undated",
                "providesComputeTo (NonExclusive) · 1 statement",
            ] in rows
        elif name == "overview.html":
            assert counts(opened) == (whole.number_of_nodes(), whole.number_of_edges())
        elif name.startswith("family-"):
            family = name.removeprefix("family-").removesuffix(".html")
            G = to_networkx(shipped_graph, families=[family], merge_symmetric=True)
            linked = {n for e in G.edges() for n in e}
            assert counts(opened) == (len(linked), G.number_of_edges()), name
            fams = opened.page.evaluate("network.body.data.edges.map(e => e.family)")
            assert set(fams) == {family}
        opened.page.close()


def test_as_of_pair_shows_microsoft_exclusivity_ending(browser: Any, rendered: Path) -> None:
    before = open_page(browser, rendered / "asof-2024-12-31.html")
    edge = find_edge(before, "microsoft", "openai", "providesComputeTo")
    assert edge["label"] == "providesComputeTo (Exclusive)"
    assert edge["dashes"] is True  # the exclusive phase has no known start
    after = open_page(browser, rendered / "asof-2025-12-31.html")
    edge = find_edge(after, "microsoft", "openai", "providesComputeTo")
    assert edge["label"] == "providesComputeTo (NonExclusive)"
    assert edge["width"] == 5  # it differs between the two dates, so it is drawn thick
    text = hover_edge(after, edge["id"])
    assert "NonExclusive" in text
    # A source without a title shows by its label and publisher, not by its slug.
    assert (
        "source: business-standard.com report: Microsoft keeps about 27% of OpenAI, valued "
        "near $135B, under the new terms (business-standard.com, 2025-10-28)"
    ) in text
    assert "business-standard-microsoft-27pc-stake" not in text
    assert "https://www.business-standard.com/" in text
    ARTIFACTS.mkdir(exist_ok=True)
    after.page.screenshot(path=str(ARTIFACTS / "asof-2025-12-31.png"))


def test_tooltip_and_details_show_the_source(browser: Any, rendered: Path) -> None:
    opened = open_page(browser, rendered / "overview.html")
    edge = find_edge(opened, "microsoft", "openai", "providesComputeTo")
    text = hover_edge(opened, edge["id"])
    assert "Microsoft → OpenAI: providesComputeTo (supply)" in text
    assert "Microsoft and OpenAI evolve partnership" not in text  # that phase has ended
    assert "https://www.business-standard.com/" in text
    node_text = hover_node(opened, "https://w3id.org/aikg/entity/openai")
    assert node_text.startswith("OpenAI\nType: AILab")
    assert "https://www.wikidata.org/wiki/Q21708200" in node_text
    # Clicking the node lists its Wikidata link as a real link in the side panel.
    opened.page.mouse.down()
    opened.page.mouse.up()
    link = opened.page.locator("#details a")
    assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q21708200"
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "overview.png"))


def test_search_menu_focuses_an_entity(browser: Any, rendered: Path) -> None:
    opened = open_page(browser, rendered / "overview.html")
    options = opened.page.eval_on_selector_all("#find option", "els => els.length")
    assert options == counts(opened)[0] + 1
    opened.page.select_option("#find", "https://w3id.org/aikg/entity/nvidia")
    assert opened.page.evaluate("network.getSelectedNodes()") == [
        "https://w3id.org/aikg/entity/nvidia"
    ]
    assert "NVIDIA\nType: ChipCompany" in opened.page.locator("#details").inner_text()


def test_ego_view_from_the_cli(
    browser: Any, run_cli: RunCli, tmp_path: Path, shipped_graph: Graph
) -> None:
    page = tmp_path / "openai.html"
    result = run_cli("view", "--focus", "OpenAI", "--depth", "1", "--output", page)
    assert result.exit_code == 0, result.stderr
    opened = open_page(browser, page)
    assert opened.external == [] and opened.errors == []
    G = to_networkx(shipped_graph, merge_symmetric=True)
    focus = "https://w3id.org/aikg/entity/openai"
    expected = {focus, *G.successors(focus), *G.predecessors(focus)}
    ids = set(opened.page.evaluate("network.body.data.nodes.getIds({filter: n => !n.hidden})"))
    assert ids == expected
    assert counts(opened)[1] == G.subgraph(expected).number_of_edges()
    size = opened.page.evaluate("(id) => network.body.data.nodes.get(id).size", focus)
    sizes = opened.page.evaluate("network.body.data.nodes.map(n => n.size)")
    assert size == max(sizes)
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "ego-openai.png"))


def test_physics_stops_and_the_drawing_is_the_same_every_time(browser: Any, rendered: Path) -> None:
    drawings = []
    for _ in range(2):
        opened = open_page(browser, rendered / "overview.html")
        assert opened.page.evaluate("network.physics.options.enabled") is False
        drawings.append(opened.page.evaluate("network.getPositions()"))
        opened.page.close()
    assert drawings[0] == drawings[1]
    assert len(drawings[0]) > 40


def test_hostile_labels_are_text_and_run_nothing(
    browser: Any, run_cli: RunCli, tmp_path: Path
) -> None:
    data = FIXTURES / "hostile"
    result = run_cli("render", "--data", data, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    result = run_cli(
        "view", "--data", data, "--focus", "microsoft", "--output", tmp_path / "ego.html"
    )
    assert result.exit_code == 0, result.stderr
    for name in ("overview.html", "ego.html", "index.html"):
        ready = name != "index.html"
        opened = open_page(browser, tmp_path / name, wait_ready=ready)
        page = opened.page
        assert opened.external == [] and opened.errors == [], name
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        if not ready:
            continue
        hostile = "https://w3id.org/aikg/entity/openai"
        text = hover_node(opened, hostile)
        assert text.startswith("<img src=x onerror=alert(1)>\nType: AILab")
        page.mouse.down()
        page.mouse.up()
        assert "<img src=x onerror=alert(1)>" in page.locator("#details").inner_text()
        edge = find_edge(opened, "microsoft", "openai", "investsIn")
        text = hover_edge(opened, edge["id"])
        assert "<b onmouseover=alert(4)>Bold claims</b>" in text
        assert "<img src=y onerror=alert(5)>" in text
        options = page.eval_on_selector_all("#find option", "els => els.map(e => e.text)")
        assert "<img src=x onerror=alert(1)>" in options
        assert page.evaluate("document.querySelectorAll('img, b, #details script').length") == 0
        page.wait_for_timeout(300)
        assert opened.dialogs == [], name
    ego = open_page(browser, tmp_path / "ego.html")
    assert ego.page.title() == "Around Microsoft</title><script>alert(3)</script>"


def dashes(opened: Opened, edge_id: str) -> Any:
    """Whether vis-network draws this edge dashed (its live options, not the input data)."""
    return opened.page.evaluate("(id) => network.body.edges[id].options.dashes", edge_id)


def test_undated_edges_are_dashed_with_a_legend_entry(
    browser: Any, rendered: Path, shipped_graph: Graph, tmp_path: Path
) -> None:
    opened = open_page(browser, rendered / "asof-2024-12-31.html")
    assert opened.external == [] and opened.errors == []
    page = opened.page
    undated = find_edge(opened, "microsoft", "openai", "providesComputeTo")
    assert dashes(opened, undated["id"]) is True
    dated = find_edge(opened, "amazon", "anthropic", "investsIn")  # 2023-09: it held
    assert dashes(opened, dated["id"]) is False
    count = page.evaluate("network.body.data.edges.get({filter: (e) => e.dashes === true}).length")
    G = to_networkx(
        shipped_graph, as_of=date(2024, 12, 31), merge_symmetric=True, keep_undated=True
    )
    assert count == sum(1 for *_e, d in G.edges(data="undated") if d) > 0
    legend = page.locator("#legend-undated")
    assert legend.is_visible() and legend.inner_text() == "undated: no known start"
    style = page.evaluate(
        "getComputedStyle(document.querySelector('#legend-undated .line')).borderTopStyle"
    )
    assert style == "dashed"
    note = page.locator("#undated-note")
    assert note.is_visible()
    assert note.inner_text() == f"{count} undated relations drawn dashed (no known start)"
    text = hover_edge(opened, undated["id"])
    assert "undated: no known start" in text and "Exclusive" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "asof-2024-12-31-undated.png"))
    # --hide-undated: the same day without them, and the page says how many it hid.
    hidden_dir = tmp_path / "hidden"
    write_views(shipped_graph, hidden_dir, hide_undated=True)
    hidden = open_page(browser, hidden_dir / "asof-2024-12-31.html")
    assert hidden.external == [] and hidden.errors == []
    assert (
        hidden.page.evaluate("network.body.data.edges.get({filter: (e) => e.dashes}).length") == 0
    )
    assert hidden.page.locator("#legend-undated").count() == 0
    assert hidden.page.locator("#undated-note").inner_text() == (
        f"{count} undated relations hidden (no known start)"
    )
    assert counts(hidden)[1] == counts(opened)[1] - count


def test_tooltip_gives_the_bound_of_an_amount(
    browser: Any, run_cli: RunCli, tmp_path: Path
) -> None:
    page = tmp_path / "lab.html"
    result = run_cli("view", "--data", FIXTURES / "money", "--focus", "lab", "--output", page)
    assert result.exit_code == 0, result.stderr
    opened = open_page(browser, page)
    assert opened.external == [] and opened.errors == []
    edge = find_edge(opened, "fund", "lab", "investsIn")
    text = hover_edge(opened, edge["id"])
    assert "up to $100B investment, paid by Fund Co to Lab Co" in text
    assert "deal: Lab Co funding round, 2024" in text

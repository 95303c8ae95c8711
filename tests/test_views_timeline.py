"""The date slider of the views, in real headless Chromium: what the page says holds on a
day is what `aikg query holds_on` answers, and the controls redraw the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from graph.model import AI, ENT
from graph.network import to_networkx
from graph.views import write_views

from .browser import Opened, launch, open_page
from .conftest import RunCli

pytestmark = pytest.mark.browser

DAYS = ("2019-07-22", "2023-01-15", "2024-12-31", "2025-01-21", "2025-06-30", "2026-03-01")

Key = tuple[str, str, str]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def rendered(shipped_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views")
    write_views(shipped_graph, out)
    return out


@pytest.fixture
def overview(browser: Any, rendered: Path) -> Iterator[Opened]:
    opened = open_page(browser, rendered / "overview.html")
    yield opened
    assert opened.errors == [] and opened.external == []
    opened.page.close()


def page_states(opened: Opened, day: str) -> dict[str, set[Key]]:
    """The page's answer for ``day``: the edges (subject, relation, object) by state."""
    found: dict[str, set[Key]] = {}
    for e in opened.page.evaluate("(day) => window.aikgStatesOn(day)", day):
        found.setdefault(e["state"], set()).add((e["from"], e["relation"], e["to"]))
    return found


def symmetric_relations(opened: Opened) -> set[str]:
    return set(
        opened.page.evaluate("""
        network.body.data.edges.get({filter: e => e.arrows === ''}).map(e => e.relation)
    """)
    )


def cli_states(run_cli: RunCli, day: str, symmetric: set[str]) -> dict[str, set[Key]]:
    """`aikg query holds_on` for ``day``, per edge: an edge holds when one of its
    statements holds, and is undated when none holds and one is undated."""
    result = run_cli("query", "holds_on", "-p", f"as_of={day}", "-f", "json")
    assert result.exit_code == 0, result.stderr
    states: dict[Key, set[str]] = {}
    for row in json.loads(result.stdout)["results"]["bindings"]:
        subject, obj = row["subject"]["value"], row["object"]["value"]
        if not obj.startswith(str(ENT)):
            continue  # an amount or a count: not an edge
        relation = row["relation"]["value"].removeprefix(str(AI))
        if relation in symmetric and obj < subject:
            subject, obj = obj, subject
        states.setdefault((subject, relation, obj), set()).add(row["state"]["value"])
    found: dict[str, set[Key]] = {"holds": set(), "undated": set()}
    for key, seen in states.items():
        found["holds" if "holds" in seen else "undated"].add(key)
    return found


def test_the_page_answers_as_holds_on_does(overview: Opened, run_cli: RunCli) -> None:
    symmetric = symmetric_relations(overview)
    assert "competesWith" in symmetric
    for day in DAYS:
        page, cli = page_states(overview, day), cli_states(run_cli, day, symmetric)
        assert page.get("holds", set()) == cli["holds"], day
        assert page.get("undated", set()) == cli["undated"], day
    # the answer moves with the day: Microsoft's compute for OpenAI begins to hold
    microsoft = (str(ENT.microsoft), "providesComputeTo", str(ENT.openai))
    assert microsoft in page_states(overview, "2025-06-30")["holds"]
    assert microsoft not in page_states(overview, "2019-07-22").get("holds", set())


def visible_edges(opened: Opened) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = opened.page.evaluate(
        "network.body.data.edges.get({filter: e => !e.hidden})"
    )
    return edges


def drawing(edges: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What a reader sees of each edge."""
    return [
        (e["id"], e.get("label"), e["title"], bool(e.get("dashes")), e.get("width", 1.5))
        for e in edges
    ]


def slide_to(opened: Opened, day: str) -> None:
    first = date.fromisoformat(opened.page.get_attribute("#date-since", "min") or "")
    opened.page.locator("#date-slider").fill(str((date.fromisoformat(day) - first).days))


def test_the_slider_redraws_the_page(overview: Opened) -> None:
    page = overview.page
    drawn = visible_edges(overview)
    slide_to(overview, "2025-06-30")
    assert page.is_checked("#date-on")  # moving the slider turns the date on
    assert page.text_content("#date-shown") == "2025-06-30"
    states = page_states(overview, "2025-06-30")
    shown = {(e["from"], e["relation"], e["to"]): e for e in visible_edges(overview)}
    assert set(shown) == states["holds"] | states["undated"]
    assert {k for k, e in shown.items() if e.get("dashes")} == states["undated"]
    assert page.text_content("#date-counts") == (
        f"{len(states['holds'])} holding, {len(states['undated'])} undated, "
        f"{len(states.get('ended', ()))} ended, {len(states.get('not yet', ()))} not yet begun"
    )
    microsoft = shown[(str(ENT.microsoft), "providesComputeTo", str(ENT.openai))]
    assert microsoft["title"].startswith("On 2025-06-30: holds\n")
    assert microsoft["label"] == "providesComputeTo (RightOfFirstRefusal)"

    # nodes with nothing drawn are hidden, and come back with their edges
    hidden = set(page.evaluate("network.body.data.nodes.getIds({filter: n => n.hidden})"))
    ends = {n for key in shown for n in (key[0], key[2])}
    assert hidden and not hidden & ends

    page.uncheck("#date-undated")
    assert {(e["from"], e["relation"], e["to"]) for e in visible_edges(overview)} == states["holds"]

    page.uncheck("#date-on")  # back to the page as rendered
    assert drawing(visible_edges(overview)) == drawing(drawn)
    assert page.evaluate("network.body.data.nodes.get({filter: n => n.hidden})") == []


def test_changes_since_a_day_are_drawn_thick(overview: Opened) -> None:
    page = overview.page
    slide_to(overview, "2025-12-31")
    page.fill("#date-since", "2024-12-31")
    page.dispatch_event("#date-since", "change")
    microsoft = page.evaluate(
        """([from, to]) => network.body.data.edges.get({filter: e =>
            e.from === from && e.to === to && e.relation === 'providesComputeTo'})[0]""",
        [str(ENT.microsoft), str(ENT.openai)],
    )
    assert microsoft["width"] == 5
    assert microsoft["label"] == "providesComputeTo (NonExclusive)"
    assert "(changed since 2024-12-31: undated (no known start) then)" in microsoft["title"]
    unchanged = [
        e for e in visible_edges(overview) if e["width"] != 5 and "changed since" in e["title"]
    ]
    assert unchanged == []


def test_play_runs_to_the_last_date(overview: Opened) -> None:
    page = overview.page
    last = page.get_attribute("#date-since", "max")
    slide_to(overview, "2026-01-01")
    page.click("#date-play")
    assert page.text_content("#date-play") == "pause"
    page.wait_for_function(
        "(last) => document.getElementById('date-shown').textContent === last",
        arg=last,
        timeout=30_000,
    )
    assert page.text_content("#date-play") == "play"


def test_a_focus_view_reaches_what_held_on_other_days(
    browser: Any, run_cli: RunCli, tmp_path: Path
) -> None:
    page_file = tmp_path / "microsoft.html"
    result = run_cli("view", "--focus", "microsoft", "--depth", "1", "-o", page_file)
    assert result.exit_code == 0, result.stderr
    opened = open_page(browser, page_file)
    try:
        states = page_states(opened, "2019-07-22")
        # every edge of the slider touches the focus, or joins two of its neighbours
        assert states.get("holds")
        slide_to(opened, "2019-07-22")
        shown = {(e["from"], e["relation"], e["to"]) for e in visible_edges(opened)}
        assert shown == states["holds"] | states.get("undated", set())
        assert (str(ENT.microsoft), "investsIn", str(ENT.openai)) in states["holds"]
        assert opened.errors == []
    finally:
        opened.page.close()


def dated(shipped_graph: Graph, family: str | None) -> bool:
    """Whether any statement of the family (or of all) has a known start or end."""
    G = to_networkx(shipped_graph, families=[family] if family else None, history=True)
    return any(
        st.get("holds_from") or st.get("holds_until")
        for *_ends, statements in G.edges(data="statements")
        for st in statements
    )


def test_every_standard_view_with_dates_has_the_slider(
    browser: Any, rendered: Path, shipped_graph: Graph
) -> None:
    assert not dated(shipped_graph, "competition")  # nothing dates who competes with whom
    for page_file in sorted(rendered.glob("*.html")):
        if page_file.name == "index.html":
            continue
        opened = open_page(browser, page_file)
        try:
            slider = opened.page.locator("#date-slider")
            family = page_file.stem.removeprefix("family-") if "family-" in page_file.stem else None
            if not dated(shipped_graph, family):
                assert slider.count() == 0, page_file.name  # nothing for it to move
                continue
            assert slider.is_visible(), page_file.name
            day = page_file.stem.removeprefix("asof-")
            if page_file.name.startswith("asof-"):  # it starts on the view's own day
                assert opened.page.text_content("#date-shown") == day
            else:  # and elsewhere on the last date of the data
                assert slider.get_attribute("value") == slider.get_attribute("max")
            assert not opened.page.is_checked("#date-on")  # the page as rendered, until used
        finally:
            opened.page.close()

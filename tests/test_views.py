"""The HTML views as files: self-contained, policy-locked, deterministic; names and limits."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from graph import ENT
from graph.model import FAMILIES, AikgError, UnknownEntityError, resolve_entity
from graph.network import to_networkx
from graph.views import MAX_NODES, PHYSICS_MAX_NODES, layout_positions, render_network

from .conftest import FIXTURES, RunCli
from .test_views_query import drawn

# Figures worked out by hand on the frozen seed data (tests/data/seed), not data/.
pytestmark = pytest.mark.usefixtures("on_seed_data")

SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from click.testing import CliRunner

    from graph.cli import cli

    out = tmp_path_factory.mktemp("views")
    result = CliRunner().invoke(cli, ["render", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out, result.stdout


def test_render_writes_every_standard_view_and_an_index(
    rendered: tuple[Path, str], seed_graph: Graph
) -> None:
    out, stdout = rendered
    names = {p.name for p in out.iterdir()}
    families = [f for f in FAMILIES if to_networkx(seed_graph, families=[f]).number_of_edges()]
    expected = {"index.html", "overview.html", "asof-2024-12-31.html", "asof-2025-12-31.html"}
    expected |= {f"family-{f}.html" for f in families}
    assert names == expected
    index = (out / "index.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r"href='([^']+)'", index)) == sorted(expected - {"index.html"})
    assert "wrote" in stdout and "index.html" in stdout


def test_pages_are_self_contained_and_locked_by_a_policy(rendered: tuple[Path, str]) -> None:
    out, _ = rendered
    for page in sorted(out.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", text), page
        assert not re.search(r"@import|url\((?!\"?data:)", text), page
        policy = CSP.search(text)
        assert policy, page
        directives = dict(
            d.strip().split(" ", 1) for d in policy.group(1).split(";") if " " in d.strip()
        )
        assert directives["default-src"] == "'none'"
        assert directives.get("connect-src", "'none'") == "'none'"
        scripts = SCRIPT.findall(text)
        if page.name == "index.html":
            assert scripts == [] and "script-src" not in directives
            continue
        assert len(scripts) == 2  # vis-network and the page's own script
        allowed = set(re.findall(r"'sha256-([^']+)'", directives["script-src"]))
        assert allowed == {sha256(s) for s in scripts}
        assert directives["style-src"] == "'unsafe-inline'"
        assert directives["img-src"] == "data:"


@pytest.mark.slow
def test_rendering_is_deterministic_across_processes(tmp_path: Path) -> None:
    outputs = []
    for run in ("a", "b"):
        target = tmp_path / run
        subprocess.run(
            [Path(sys.executable).parent / "aikg", "render", "--out", str(target)],
            check=True,
            capture_output=True,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(target.iterdir())})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 5


def test_tooltips_show_dates_with_the_precision_of_the_data(rendered: tuple[Path, str]) -> None:
    out, _ = rendered
    edges = {e["id"]: e for e in drawn(out / "overview.html")["edges"]}
    titles = [
        e["title"] for e in edges.values() if e["title"].startswith("Amazon → Anthropic: investsIn")
    ]
    [title] = titles
    line = "• on 2023-09 · $1.25B investment, paid by Amazon to Anthropic · Completed · Reported"
    assert line in title.splitlines()
    microsoft = [
        e["title"] for e in edges.values() if e["title"].startswith("Microsoft → OpenAI: investsIn")
    ]
    line = "• on 2019 · $1B investment, paid by Microsoft to OpenAI · Completed · SingleReport"
    assert line in microsoft[0].splitlines()
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        # what a reader sees: the page's text, and every tooltip (the date slider's too);
        # the slider's own range starts on a day, which is not a date of the data
        shown = [re.sub(r"<script>.*?</script>|<[^>]+>", " ", text, flags=re.DOTALL)]
        if page.name != "index.html":
            data = drawn(page)
            items = [*data["nodes"], *data["edges"]]
            timeline = data.get("timeline", {"nodes": [], "edges": []})
            items += [*timeline["nodes"], *timeline["edges"]]
            shown += [str(item.get(key, "")) for item in items for key in ("title", "dateTitle")]
        for words in shown:
            assert "2019-01-01" not in words and "2023-09-01" not in words, page


def test_view_finds_an_entity_by_label_in_any_case(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "ms.html"
    result = run_cli("view", "--focus", "mIcRoSoFt", "--depth", "0", "--output", page)
    assert result.exit_code == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert "<title>Around Microsoft</title>" in text
    assert '"id":"https://w3id.org/aikg/entity/openai"' not in text  # depth 0: itself only
    assert '"id":"https://w3id.org/aikg/entity/microsoft"' in text


def test_unknown_entity_suggests_near_names_and_writes_nothing(
    run_cli: RunCli, tmp_path: Path
) -> None:
    page = tmp_path / "x.html"
    result = run_cli("view", "--focus", "Anthropik", "--output", page)
    assert result.exit_code == 1
    assert "unknown entity 'Anthropik'" in result.stderr
    assert "did you mean" in result.stderr and "anthropic" in result.stderr
    assert "Traceback" not in result.stderr
    assert not page.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--relations", "investment,gossip"], "'--relations': unknown relation family gossip"),
        (["--as-of", "2025-02-30"], "--as-of: '2025-02-30' is not a date"),
        (["--depth", "-1"], "-1 is not in the range x>=0"),
    ],
)
def test_bad_view_options_are_named(
    run_cli: RunCli, tmp_path: Path, args: list[str], message: str
) -> None:
    page = tmp_path / "x.html"
    result = run_cli("view", "--focus", "openai", *args, "--output", page)
    assert result.exit_code != 0
    assert message in result.stderr
    assert not page.exists()


def test_relations_and_as_of_narrow_an_ego_view(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "ms.html"
    result = run_cli(
        "view", "--focus", "microsoft", "--relations", "supply", "--as-of", "2024-12-31",
        "--output", page,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert '"label":"providesComputeTo (Exclusive)"' in text
    assert "investsIn" not in text.split("<script>")[2]


def test_resolve_entity_by_slug_label_and_alias(seed_graph: Graph) -> None:
    openai = resolve_entity(seed_graph, "openai")
    assert resolve_entity(seed_graph, "OPENAI") == openai
    assert resolve_entity(seed_graph, "OpenAI Group PBC") == openai  # an alias
    with pytest.raises(UnknownEntityError, match="did you mean"):
        resolve_entity(seed_graph, "opnai")
    with pytest.raises(UnknownEntityError) as err:
        resolve_entity(seed_graph, "zzzzqqq")
    assert "did you mean" not in str(err.value)


def test_a_graph_above_the_cap_is_refused_with_a_suggestion() -> None:
    G = nx.MultiDiGraph()
    G.add_nodes_from(str(i) for i in range(MAX_NODES + 1))
    with pytest.raises(AikgError, match=r"--focus NAME"):
        render_network(G, title="too big")


def test_large_graphs_get_a_fixed_layout_with_physics_off() -> None:
    G = nx.MultiDiGraph()
    for i in range(PHYSICS_MAX_NODES + 50):
        G.add_node(f"n{i:04d}", label=f"n{i}", kind="AILab" if i % 2 else "Person")
    for i in range(1, PHYSICS_MAX_NODES + 50):
        G.add_edge(f"n{i:04d}", f"n{i // 2:04d}", key="investsIn", relation="investsIn",
                   family="investment", symmetric=False, statements=[])  # fmt: skip
    page = render_network(G, title="big")
    assert '"physics":{"enabled":false' in page.replace(" ", "")
    positions = layout_positions(G)
    assert len(set(positions.values())) == len(G)  # no two nodes on the same spot
    assert layout_positions(G) == positions


def test_hostile_strings_never_reach_the_markup_raw(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("render", "--data", FIXTURES / "hostile", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    for page in tmp_path.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<img" not in text and "<b " not in text, page
        assert text.count("</script>") == len(SCRIPT.findall(text)), page
        assert "alert(3)</script>" not in text, page


def test_render_takes_the_two_dates_of_the_as_of_pair(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("render", "--out", tmp_path, "--dates", "2025-01-01,2025-06-30")
    assert result.exit_code == 0, result.stderr
    assert {p.name for p in tmp_path.glob("asof-*")} == {
        "asof-2025-01-01.html",
        "asof-2025-06-30.html",
    }
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "What changed between 2025-01-01 and 2025-06-30" in index
    # Between these days the exclusivity went from exclusive to a right of first refusal.
    assert "providesComputeTo (Exclusive) · 1 statement" in index
    assert "providesComputeTo (RightOfFirstRefusal) · 1 statement" in index
    bad = run_cli("render", "--out", tmp_path / "x", "--dates", "2025-01-01")
    assert bad.exit_code == 1 and "--dates: give two dates" in bad.stderr
    assert not (tmp_path / "x").exists()


# --- undated relations as of a day -------------------------------------------------------------


def _ego_expected(g: Graph, focus: str, day: str) -> nx.MultiDiGraph:
    G = to_networkx(g, as_of=date.fromisoformat(day), merge_symmetric=True, keep_undated=True)
    reach = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, 1)
    return G.subgraph(reach).copy()


def test_as_of_view_draws_undated_relations_dashed(
    run_cli: RunCli, tmp_path: Path, seed_graph: Graph
) -> None:
    page = tmp_path / "openai.html"
    result = run_cli("view", "--focus", "openai", "--as-of", "2024-12-31", "-o", page)
    assert result.exit_code == 0, result.stderr
    data, text = drawn(page), page.read_text(encoding="utf-8")
    # Stargate's inception (2025-01-21) dates everything about it: nothing of it on 2024-12-31.
    stargate = str(ENT.stargate)
    assert stargate not in {n["id"] for n in data["nodes"]}
    assert not any(stargate in (e["from"], e["to"]) for e in data["edges"])
    expected = _ego_expected(seed_graph, str(ENT.openai), "2024-12-31")
    undated = {(u, v, k) for u, v, k, d in expected.edges(keys=True, data="undated") if d}
    dashed = [e for e in data["edges"] if e.get("dashes")]
    assert len(dashed) == len(undated) == 12 and len(data["edges"]) == 18
    for e in dashed:
        assert "(undated: no known start, so not known to hold on the day shown)" in e["title"]
    for e in data["edges"]:
        if not e.get("dashes"):  # a solid edge has a statement that held that day
            assert any(
                line.startswith("• ") and "undated" not in line for line in e["title"].splitlines()
            ), e["title"]
    assert (
        "<li id='legend-undated'><span class='line dashed'></span>undated: no known start" in text
    )
    assert "12 undated relations drawn dashed (no known start)" in text
    # Without a day nothing is undated: no dashes, no legend entry, no count.
    now = tmp_path / "now.html"
    assert run_cli("view", "--focus", "openai", "-o", now).exit_code == 0
    assert not any(e.get("dashes") for e in drawn(now)["edges"])
    assert "legend-undated" not in now.read_text(encoding="utf-8")


def test_hide_undated_leaves_them_out_and_says_how_many(
    run_cli: RunCli, tmp_path: Path, seed_graph: Graph
) -> None:
    page = tmp_path / "openai.html"
    result = run_cli(
        "view", "--focus", "openai", "--as-of", "2024-12-31", "--hide-undated", "-o", page
    )
    assert result.exit_code == 0, result.stderr
    data, text = drawn(page), page.read_text(encoding="utf-8")
    assert not any(e.get("dashes") for e in data["edges"])
    assert "legend-undated" not in text
    assert "12 undated relations hidden (no known start)" in text
    held = to_networkx(seed_graph, as_of=date(2024, 12, 31), merge_symmetric=True)
    openai = str(ENT.openai)
    reach = nx.single_source_shortest_path_length(held.to_undirected(as_view=True), openai, 1)
    assert {n["id"] for n in data["nodes"]} == set(reach)
    # What held that day: the investments of Microsoft, SoftBank, NVIDIA, Thrive and MGX.
    assert len(data["edges"]) == held.subgraph(reach).number_of_edges() == 5
    for args, message in (
        (["--focus", "openai"], "--hide-undated goes with --focus and --as-of"),
        (["--cycles", "--as-of", "2025-01-01"], "--hide-undated goes with --focus and --as-of"),
    ):
        bad = run_cli("view", *args, "--hide-undated", "-o", tmp_path / "x.html")
        assert bad.exit_code == 1 and message in bad.stderr
        assert not (tmp_path / "x.html").exists()


def test_render_draws_or_hides_undated_relations_on_the_as_of_pair(
    run_cli: RunCli, tmp_path: Path, seed_graph: Graph
) -> None:
    assert run_cli("render", "--out", tmp_path / "a").exit_code == 0
    assert run_cli("render", "--out", tmp_path / "b", "--hide-undated").exit_code == 0
    for day in ("2024-12-31", "2025-12-31"):
        shown = tmp_path / "a" / f"asof-{day}.html"
        hidden = tmp_path / "b" / f"asof-{day}.html"
        dashed = [e for e in drawn(shown)["edges"] if e.get("dashes")]
        assert dashed and "legend-undated" in shown.read_text(encoding="utf-8")
        assert f"{len(dashed)} undated relations drawn dashed" in shown.read_text(encoding="utf-8")
        assert not any(e.get("dashes") for e in drawn(hidden)["edges"])
        assert f"{len(dashed)} undated relations hidden" in hidden.read_text(encoding="utf-8")
        assert len(drawn(hidden)["edges"]) == len(drawn(shown)["edges"]) - len(dashed)
        G = to_networkx(
            seed_graph, as_of=date.fromisoformat(day), merge_symmetric=True, keep_undated=True
        )
        assert len(dashed) == sum(1 for *_e, undated in G.edges(data="undated") if undated)
    index = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert "as of 2024-12-31; 34 undated relations dashed" in index
    for name in ("overview.html", "family-investment.html"):  # current facts: none undated
        assert not any(e.get("dashes") for e in drawn(tmp_path / "a" / name)["edges"])


def test_tooltips_give_amounts_in_words_with_payer_payee_and_deal(
    run_cli: RunCli, tmp_path: Path
) -> None:
    page = tmp_path / "lab.html"
    result = run_cli("view", "--data", FIXTURES / "money", "--focus", "lab", "-o", page)
    assert result.exit_code == 0, result.stderr
    data = drawn(page)
    titles = {e["title"].split("\n", 1)[0]: e["title"] for e in data["edges"]}
    fund = titles["Fund Co → Lab Co: investsIn (investment)"]
    assert "• on 2024-03-01 · up to $100B investment, paid by Fund Co to Lab Co" in fund
    assert "  deal: Lab Co funding round, 2024" in fund.splitlines()
    cloud = titles["Cloud Co → Lab Co: providesComputeTo (supply)"]
    assert "$250B purchase commitment, paid by Lab Co to Cloud Co" in cloud  # the buyer pays
    assert "source: Cloud Co blog post on its lab commitment (Cloud Co, 2025-10-28)" in cloud
    chips = titles["Chip Co → Lab Co: suppliesChipsTo (supply)"]
    assert "at least 10 GW" in chips
    cloud_invests = titles["Cloud Co → Lab Co: investsIn (investment)"]
    assert "about $10B investment" in cloud_invests
    ids = {n["id"] for n in data["nodes"]}
    assert str(ENT["lab-round-2024"]) not in ids  # a deal qualifies statements: no node
    assert str(ENT.planner) not in ids  # its chips are only planned


def test_a_deal_has_its_own_focus_view(run_cli: RunCli, tmp_path: Path) -> None:
    page = tmp_path / "deal.html"
    result = run_cli("view", "--focus", "openai-funding-round-2024-10", "-o", page)
    assert result.exit_code == 0, result.stderr
    data = drawn(page)
    assert [n["id"] for n in data["nodes"]] == [str(ENT["openai-funding-round-2024-10"])]
    assert "<title>Around OpenAI funding round, October 2024</title>" in page.read_text(
        encoding="utf-8"
    )


def test_render_and_view_take_the_same_output_options(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    """``render --out`` and ``view --output`` were each the only spelling: both take both."""
    for option in ("--output", "-o"):
        folder = tmp_path / f"views{option}"
        result = run_cli("render", "--data", data_dir, option, folder)
        assert result.exit_code == 0, result.stderr
        assert (folder / "index.html").is_file()
    for option in ("--out", "-o"):
        page = tmp_path / f"page{option}.html"
        result = run_cli("view", "--data", data_dir, "--focus", "openai", option, page)
        assert result.exit_code == 0, result.stderr
        assert "<title>Around OpenAI</title>" in page.read_text(encoding="utf-8")

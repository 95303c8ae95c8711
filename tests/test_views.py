"""The HTML views as files: self-contained, policy-locked, deterministic; names and limits."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from graph.model import FAMILIES, AikgError, UnknownEntityError, resolve_entity
from graph.network import to_networkx
from graph.views import MAX_NODES, PHYSICS_MAX_NODES, layout_positions, render_network

from .conftest import FIXTURES, RunCli
from .test_views_query import drawn

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
    rendered: tuple[Path, str], shipped_graph: Graph
) -> None:
    out, stdout = rendered
    names = {p.name for p in out.iterdir()}
    families = [f for f in FAMILIES if to_networkx(shipped_graph, families=[f]).number_of_edges()]
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
    assert "• on 2023-09 · 1,250,000,000 USD · Completed" in title.splitlines()
    microsoft = [
        e["title"] for e in edges.values() if e["title"].startswith("Microsoft → OpenAI: investsIn")
    ]
    assert "• on 2019 · 1,000,000,000 USD · Completed" in microsoft[0].splitlines()
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "2019-01-01" not in text and "2023-09-01" not in text, page


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


def test_resolve_entity_by_slug_label_and_alias(shipped_graph: Graph) -> None:
    openai = resolve_entity(shipped_graph, "openai")
    assert resolve_entity(shipped_graph, "OPENAI") == openai
    assert resolve_entity(shipped_graph, "OpenAI Group PBC") == openai  # an alias
    with pytest.raises(UnknownEntityError, match="did you mean"):
        resolve_entity(shipped_graph, "opnai")
    with pytest.raises(UnknownEntityError) as err:
        resolve_entity(shipped_graph, "zzzzqqq")
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

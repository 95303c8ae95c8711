"""Benchmark of the HTML views: generation time, file size and drawing time in headless Chromium.

Run with ``make bench`` or ``.venv/bin/python bench/views.py [--nodes 5000] [--no-browser]``.
Views of the shipped data and of a synthetic graph (made in memory, seeded) are generated;
the baseline in the same run is stock pyvis (``add_node``/``add_edge`` then ``generate_html``
in ``in_line`` mode) on the same synthetic graph. Drawing time is from navigation to the
page reporting that vis-network has drawn (physics stopped), with the network blocked.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import load_graph  # noqa: E402
from graph.model import FAMILIES  # noqa: E402
from graph.rdf import write_atomic  # noqa: E402
from graph.views import render_ego, render_network, write_views  # noqa: E402

KINDS = ["AILab", "CloudProvider", "ChipCompany", "Investor", "Person", "Project", "Product"]
RELATIONS = {
    "investment": "investsIn",
    "supply": "providesComputeTo",
    "competition": "competesWith",
    "partnership": "partnerOf",
    "people": "ceoOf",
    "assets": "owns",
}


def synthetic_graph(n: int, *, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free graph of ``n`` entities and about 2n relations shaped like the projection."""
    rng = random.Random(seed)
    skeleton = nx.barabasi_albert_graph(n, 2, seed=seed)
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(
            f"https://example.org/e/{i}",
            label=f"Entity {i}",
            kind=rng.choice(KINDS),
            classes=[],
            description=f"Synthetic entity number {i}.",
            wikidata=f"Q{i + 1}",
        )
    for u, v in sorted(skeleton.edges()):
        family = rng.choice(FAMILIES)
        relation = RELATIONS[family]
        G.add_edge(
            f"https://example.org/e/{u}",
            f"https://example.org/e/{v}",
            key=relation,
            relation=relation,
            family=family,
            symmetric=family == "competition",
            statements=[
                {
                    "iri": f"https://example.org/s/{u}-{v}",
                    "start": "2024-01-01",
                    "status": "Reported",
                    "sources": [f"https://example.org/src/{u % 50}"],
                }
            ],
        )
    return G


def timed(func: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def stock_pyvis(G: nx.MultiDiGraph) -> str:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for node, attrs in G.nodes(data=True):
        net.add_node(node, label=attrs["label"], title=attrs["description"])
    for u, v, attrs in G.edges(data=True):
        net.add_edge(u, v, title=attrs["relation"])
    net.toggle_physics(False)
    return str(net.generate_html())


def draw_times(paths: list[Path]) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    args = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ]  # fmt: skip
    times: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for path in paths:
            best = float("inf")
            for _ in range(2):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
                )
                start = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function("window.aikgReady === true", timeout=120_000)
                best = min(best, time.perf_counter() - start)
                page.close()
            times[path.name] = best
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000, help="size of the synthetic graph")
    parser.add_argument("--no-browser", action="store_true", help="skip drawing times")
    options = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="aikg-bench-views-"))

    g = load_graph()
    shipped_time, views = timed(lambda: write_views(g, out / "shipped"), repeat=3)
    ego_time, ego = timed(lambda: render_ego(g, "openai", depth=1), repeat=3)
    write_atomic(out / "shipped" / "ego-openai.html", ego)

    G = synthetic_graph(options.nodes)
    ours_time, page = timed(lambda: render_network(G, title="Synthetic"), repeat=3)
    big = write_atomic(out / f"synthetic-{options.nodes}.html", page)
    stock_time, _ = timed(lambda: stock_pyvis(G), repeat=1)

    print(f"shipped data: {len(views)} standard views + index in {shipped_time:.2f} s (best of 3)")
    print(f"ego view (openai, depth 1): {ego_time:.3f} s")
    print(f"\n{'view':28} {'entities':>8} {'relations':>9} {'size KB':>8}")
    for v in views:
        size = (out / "shipped" / v.name).stat().st_size / 1024
        print(f"{v.name:28} {v.nodes:>8} {v.edges:>9} {size:>8.0f}")
    print(f"{'ego-openai.html':28} {'':>8} {'':>9} {len(ego.encode()) / 1024:>8.0f}")
    print(
        f"\nsynthetic {G.number_of_nodes()} nodes, {G.number_of_edges()} edges: "
        f"ours {ours_time:.2f} s (layout included), stock pyvis {stock_time:.2f} s "
        f"(no layout, physics off) -> {stock_time / ours_time:.1f}x; "
        f"{big.stat().st_size / 1e6:.1f} MB"
    )
    if not options.no_browser:
        pages = [out / "shipped" / v.name for v in views] + [out / "shipped" / "ego-openai.html"]
        times = draw_times([*pages, big])
        print("\ndrawing time in headless Chromium (navigation to drawn and settled, best of 2):")
        for name, seconds in times.items():
            print(f"  {name:28} {seconds:6.2f} s")


if __name__ == "__main__":
    main()

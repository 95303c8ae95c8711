"""Benchmark: the network projection read from an oxigraph store by SPARQL, against fetching
the whole store into rdflib and walking it (the path views and analytics took before).

Synthetic data (``aikg synth``, seed 1) is loaded into an ``oxigraph:PATH`` store with
``aikg load``; each measurement then runs in its own subprocess, which reports its wall
time and peak resident memory. The table goes into docs/benchmarks.md between the
``bench:projection`` markers, so other sections of that file are left alone.

    python bench/projection.py                          # about 100k and 1M triples
    python bench/projection.py --sizes 100k --no-doc    # a quicker run, printed only
    python bench/projection.py --stores /tmp/stores     # keep (and reuse) the filled stores

Steps (a focus view: the neighbourhood of ``--focus`` up to ``--depth`` hops, with what
its page needs besides the network: the entity found by name, its sources' details):

- ``baseline``: start Python, import the package, open the store.
- ``old-whole``: ``Store.graph()`` then the rdflib walk (the projection before, kept as
  the test oracle in tests/reference_network.py), all families, symmetric pairs merged.
- ``new-whole``: :func:`graph.projection.project_store` on the store.
- ``old-focus``: ``Store.graph()``, the entity found by name, the whole network by the
  rdflib walk, its subgraph around the entity, every source's details.
- ``new-focus``: the entity found by name (:func:`graph.projection.find_entity`),
  :func:`graph.projection.project_neighbourhood`, the drawn sources' details.
- ``cli-focus``: ``aikg --store oxigraph:PATH view --focus NAME --depth N`` end to end.
- ``old-memory``, ``new-memory`` (up to ``--memory-max``): the memory backend, where the
  graph is built from the data in the process (not timed): the rdflib walk against the
  same SPARQL projection (``to_networkx`` on an rdflib graph: it runs on a pyoxigraph
  copy of the graph, which is included).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
KEY = "projection"
#: Synthetic entities for each size (``aikg synth --entities N --seed 1``).
ENTITIES = {"100k": 3_724, "1M": 37_558}
STEPS = ("baseline", "old-whole", "new-whole", "old-focus", "new-focus", "cli-focus")
#: The memory backend's steps (the rdflib graph built from the data, then projected).
MEMORY_STEPS = ("old-memory", "new-memory")
ENT = "https://w3id.org/aikg/entity/"


def aikg() -> str:
    return str(Path(sys.executable).parent / "aikg")


def prepare(stores: Path, size: str) -> Path:
    """A filled oxigraph store of synthetic data of ``size``, made once under ``stores``."""
    store = stores / f"store-{size}"
    if (stores / f"store-{size}.done").exists():
        return store
    data = stores / f"data-{size}"
    started = time.perf_counter()
    subprocess.run(
        [aikg(), "synth", "--entities", str(ENTITIES[size]), "--seed", "1", "--out", str(data)],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [aikg(), "--store", f"oxigraph:{store}", "load", "--data", str(data)],
        check=True,
        capture_output=True,
    )
    (stores / f"store-{size}.done").write_text("", encoding="utf-8")
    print(f"  filled {store} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return store


def measure(step: str, store_path: Path, focus: str, depth: int) -> dict[str, Any]:
    """Run one step in this process; return its timing and what it made."""
    sys.path.insert(0, str(ROOT))
    import networkx as nx

    from graph.model import resolve_entity
    from graph.network import find_entity, project_neighbourhood, project_store
    from graph.network.lookup import fetch_sources, network_sources
    from graph.store import OxigraphStore
    from graph.views import source_details
    from tests.reference_network import reference_networkx

    out: dict[str, Any] = {}
    G = nx.MultiDiGraph()
    if step == "cli-focus":  # the CLI opens the store: an open store is locked to its process
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "focus.html"
            subprocess.run(
                [aikg(), "--store", f"oxigraph:{store_path}", "view", "--focus", focus,
                 "--depth", str(depth), "-o", str(page)],
                check=True,
                capture_output=True,
            )  # fmt: skip
            out["page_kb"] = page.stat().st_size / 1024
        out["seconds"] = time.perf_counter() - started
        return out | {"nodes": 0, "edges": 0}
    if step in MEMORY_STEPS:
        from graph.ingest import build_graph, read_data
        from graph.network import to_networkx

        g = build_graph(read_data(store_path.parent / store_path.name.replace("store", "data")))
        started = time.perf_counter()
        walk = reference_networkx if step == "old-memory" else to_networkx
        G = walk(g, merge_symmetric=True)
        out["seconds"] = time.perf_counter() - started
        return out | {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    store = OxigraphStore(store_path)
    started = time.perf_counter()
    if step == "old-whole":
        G = reference_networkx(store.graph(), merge_symmetric=True)
    elif step == "new-whole":
        G = project_store(store, merge_symmetric=True)
    elif step == "old-focus":
        g = store.graph()
        iri = str(resolve_entity(g, focus))
        whole = reference_networkx(g, merge_symmetric=True)
        reach = nx.single_source_shortest_path_length(whole.to_undirected(as_view=True), iri, depth)
        G = whole.subgraph(reach).copy()
        out["sources"] = len(source_details(g))
    elif step == "new-focus":
        iri = str(find_entity(store, focus))
        G = project_neighbourhood(store, iri, depth=depth, merge_symmetric=True)
        out["sources"] = len(fetch_sources(store, network_sources(G)))
    out["seconds"] = time.perf_counter() - started
    out["nodes"], out["edges"] = G.number_of_nodes(), G.number_of_edges()
    return out


def run_step(step: str, store: Path, focus: str, depth: int) -> dict[str, Any]:
    """Run ``step`` in a fresh interpreter; add its wall time and peak memory in MB."""
    command = [sys.executable, __file__, "--step", step, "--store", str(store),
               "--focus", focus, "--depth", str(depth)]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    print(
        f"  {step}: {result['seconds']:.2f} s, {result['peak_mb']:.0f} MB "
        f"({result['nodes']} nodes, {result['edges']} edges)",
        file=sys.stderr,
    )
    return result


def fmt_s(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def table(results: dict[str, dict[str, dict[str, Any]]], focus: str, depth: int) -> str:
    """The Markdown of the section."""
    sizes = list(results)
    lines = [
        f"Measured on {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.system()}; `python bench/projection.py` (each step in its own "
        "subprocess: wall time of the step itself, peak resident memory of the whole "
        "process; the baseline process only imports the package and opens the store).",
        "",
        "| step | " + " | ".join(f"{s} triples: time | memory" for s in sizes) + " |",
        "|---|" + "---:|---:|" * len(sizes),
    ]
    names = {
        "baseline": "baseline: import, open the store",
        "old-whole": "whole network, before: `Store.graph()` + rdflib walk",
        "new-whole": "whole network, now: `project_store` (SPARQL)",
        "old-focus": f"focus view data, before: `Store.graph()` + whole network + subgraph "
        f"(`{focus}`, depth {depth})",
        "new-focus": "focus view data, now: `find_entity` + `project_neighbourhood` "
        "+ drawn sources",
        "cli-focus": f"`aikg --store oxigraph:PATH view --focus {focus} --depth {depth}` "
        "(end to end, now)",
        "old-memory": "memory backend, whole network, before: rdflib walk",
        "new-memory": "memory backend, whole network, now: the same SPARQL on a pyoxigraph copy",
    }
    for step in STEPS + MEMORY_STEPS:
        cells = []
        for size in sizes:
            r = results[size].get(step)
            cells += [fmt_s(r["seconds"]), f"{r['peak_mb']:,.0f} MB"] if r else ["-", "-"]
        lines.append(f"| {names[step]} | " + " | ".join(cells) + " |")
    lines.append("")
    for size in sizes:
        r = results[size]
        whole = r["old-whole"]["seconds"] / r["new-whole"]["seconds"]
        whole_mb = r["old-whole"]["peak_mb"] / r["new-whole"]["peak_mb"]
        focus_s = r["old-focus"]["seconds"] / r["new-focus"]["seconds"]
        focus_mb = r["old-focus"]["peak_mb"] / r["new-focus"]["peak_mb"]
        lines.append(
            f"- {size} triples: whole network {whole:.1f}x faster, {whole_mb:.1f}x less "
            f"memory ({r['new-whole']['nodes']:,} entities, {r['new-whole']['edges']:,} "
            f"relations, the same in both); focus view {focus_s:.0f}x faster, "
            f"{focus_mb:.1f}x less memory ({r['new-focus']['nodes']} entities, "
            f"{r['new-focus']['edges']} relations, {r['new-focus']['sources']} sources drawn)."
        )
        if "new-memory" in r:
            slower = r["new-memory"]["seconds"] / r["old-memory"]["seconds"]
            lines.append(
                f"- {size} triples, memory backend: the projection by SPARQL, on a pyoxigraph "
                f"copy of the graph made first, is {slower:.1f}x slower than the rdflib walk it "
                "replaces (one projection for every backend; run by rdflib's SPARQL engine, "
                "which pays per solution, it was 3.5x slower)."
            )
    return "\n".join(lines)


def update_doc(section: str) -> None:
    """Replace our section between its markers, keeping the rest of the file."""
    sys.path.insert(0, str(ROOT))
    from graph.rdf import write_atomic

    text = DOC.read_text(encoding="utf-8")
    start, end = f"<!-- bench:{KEY}:start -->", f"<!-- bench:{KEY}:end -->"
    block = f"{start}\n{section}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n## Projection from a store\n\n{block}\n"
    write_atomic(DOC, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M", help="100k, 1M or both (default)")
    parser.add_argument("--focus", default="ailab-000001", help="entity of the focus view")
    parser.add_argument("--depth", type=int, default=2, help="hops of the focus view")
    parser.add_argument(
        "--memory-max",
        default="100k",
        choices=list(ENTITIES),
        help="largest size whose memory backend is measured too (default: 100k)",
    )
    parser.add_argument("--stores", type=Path, default=None,
                        help="folder to make (and reuse) the filled stores in")  # fmt: skip
    parser.add_argument("--no-doc", action="store_true", help="print, do not write the doc")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        result = measure(args.step, args.store, args.focus, args.depth)
        peak = max(resource.getrusage(who).ru_maxrss
                   for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))  # fmt: skip
        result["peak_mb"] = peak / 1024
        print(json.dumps(result))
        return
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in ENTITIES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; use {', '.join(ENTITIES)}")
    with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
        stores = args.stores or Path(tmp)
        stores.mkdir(parents=True, exist_ok=True)
        results: dict[str, dict[str, dict[str, Any]]] = {}
        for size in sizes:
            print(f"{size} triples ({ENTITIES[size]} entities)", file=sys.stderr)
            store = prepare(stores, size)
            steps = STEPS
            if list(ENTITIES).index(size) <= list(ENTITIES).index(args.memory_max):
                steps += MEMORY_STEPS
            results[size] = {step: run_step(step, store, args.focus, args.depth) for step in steps}
            for kind in ("whole", "focus", "memory")[: 3 if "new-memory" in results[size] else 2]:
                old, new = results[size][f"old-{kind}"], results[size][f"new-{kind}"]
                if (old["nodes"], old["edges"]) != (new["nodes"], new["edges"]):
                    raise SystemExit(f"{size} {kind}: the two paths disagree: {old} {new}")
    section = table(results, args.focus, args.depth)
    print(section)
    if not args.no_doc:
        update_doc(section)


if __name__ == "__main__":
    main()

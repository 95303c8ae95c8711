"""Benchmark: synthetic data at several sizes through synth, build, validation, export and loading.

Each measurement runs in its own subprocess, which reports its wall time and
peak resident memory; the tables go into docs/benchmarks.md between marker
comments, so other sections of that file are left alone.

    python bench/run.py                       # 10k, 100k and 1M triples
    python bench/run.py --sizes 10k,100k      # a quicker run
    python bench/run.py --only stores --sizes 100k,1M   # one section
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SEED = 1
#: Built triples per synthetic entity, and the ontology's share (measured: 1,011,082
#: triples from 38,000 entities, 2,907 from 40 entities).
TRIPLES_PER_ENTITY = 26.6
FIXED_TRIPLES = 950
SECTIONS = ("build-validation", "loading", "stores")


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 10k, 100k, 1M)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


def label(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1_000 and size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


# -- measurements, each run in a fresh interpreter ----------------------------


def measure(step: str, work: Path, entities: int) -> dict[str, Any]:
    """Run one step in this process; return its timings (seconds) and counts."""
    data_dir = work / "data"
    nt_path = work / "graph.nt"
    out: dict[str, Any] = {}
    if step == "synth":
        from graph.ingest import generate_data, write_data

        started = time.perf_counter()
        data = generate_data(entities=entities, seed=SEED)
        write_data(data, data_dir)
        out["seconds"] = time.perf_counter() - started
        out["facts"] = len(data.facts)
        return out
    if step in ("build", "validate-oxigraph", "validate-pyshacl", "export"):
        from graph.ingest import build_graph, read_data

        started = time.perf_counter()
        data = read_data(data_dir)
        read_done = time.perf_counter()
        g = build_graph(data)
        built = time.perf_counter()
        out.update(read=read_done - started, build=built - read_done, triples=len(g))
        if step == "build":
            out["seconds"] = built - started
        elif step.startswith("validate-"):
            from graph.validate import find_violations

            problems = find_violations(g, data, engine=step.split("-", 1)[1])
            out["seconds"] = time.perf_counter() - built
            out["violations"] = len(problems)
        else:
            from graph.rdf import serialize_graph, write_atomic

            write_atomic(nt_path, serialize_graph(g, "nt"))
            out["seconds"] = time.perf_counter() - built
        return out
    if step == "build-validate":
        from graph.cli.common import load_checked

        started = time.perf_counter()
        out["triples"] = len(load_checked(data_dir))
        out["seconds"] = time.perf_counter() - started
        return out
    if step == "build-graph-add":
        # The way build_graph filled the graph before: Graph.add for every triple.
        from rdflib import Graph

        from graph.ingest import read_data
        from graph.ingest.build import iter_graph_triples

        data = read_data(data_dir)
        started = time.perf_counter()
        g = Graph()
        for triple in iter_graph_triples(data):
            g.add(triple)
        out.update(seconds=time.perf_counter() - started, triples=len(g))
        return out
    if step == "load-rdflib":
        from rdflib import Graph

        started = time.perf_counter()
        g = Graph()
        g.parse(nt_path, format="nt")
        out.update(seconds=time.perf_counter() - started, triples=len(g))
        return out
    if step in ("load-oxigraph", "bulk-load-oxigraph"):
        import pyoxigraph as ox

        started = time.perf_counter()
        store = ox.Store()
        loader = store.load if step == "load-oxigraph" else store.bulk_load
        loader(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
        out.update(seconds=time.perf_counter() - started, triples=len(store))
        return out
    if step == "cli-build":
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "from graph.cli import main; main()", "build",
             "--data", str(data_dir),
             "--output", str(work / "cli.nt")],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        out["seconds"] = time.perf_counter() - started
        return out
    if step == "store-load":
        # What `aikg --store oxigraph:PATH load` does, with its store step timed apart.
        from graph.ingest import read_data
        from graph.store import open_store
        from graph.validate import checked_store

        started = time.perf_counter()
        staged = checked_store(read_data(data_dir))
        checked = time.perf_counter()
        count = open_store(f"oxigraph:{work / 'store'}").load(staged)
        done = time.perf_counter()
        out.update(seconds=done - checked, total=done - started, triples=count)
        return out
    if step == "store-open":
        # What a later command pays before its first answer: open the filled store, check it.
        from graph.store import open_store

        started = time.perf_counter()
        store = open_store(f"oxigraph:{work / 'store'}")
        assert not store.is_empty()
        store.query("ASK { ?s ?p ?o }")
        out["seconds"] = time.perf_counter() - started
        return out
    if step == "bulk-load-disk":
        import pyoxigraph as ox

        started = time.perf_counter()
        store = ox.Store(str(work / "raw-store"))
        store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        out.update(seconds=time.perf_counter() - started, triples=len(store))
        return out
    if step == "cli-store-load":
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "from graph.cli import main; main()",
             "--store", f"oxigraph:{work / 'cli-store'}", "load", "--data", str(data_dir)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        out["seconds"] = time.perf_counter() - started
        return out
    if step == "store-queries":
        out["seconds"] = 0.0
        out["queries"] = time_store_queries(work)
        return out
    if step == "rdflib-queries":
        out["seconds"] = 0.0
        out["queries"] = time_rdflib_queries(work)
        return out
    if step == "store-session":
        out["seconds"] = run_session(work)
        return out
    if step == "baseline":
        out["seconds"] = 0.0
        return out
    raise SystemExit(f"unknown step {step}")


def _median(run: Any, *, budget: float = 2.0, most: int = 7) -> float:
    """The median wall time of ``run()``, repeated while under ``budget`` seconds (3 at least
    when each run is quick)."""
    times: list[float] = []
    while len(times) < most:
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
        if sum(times) > budget and len(times) >= (3 if times[0] < budget / 3 else 1):
            break
    times.sort()
    return times[len(times) // 2]


def _medians(runs: list[Any], *, budget: float = 4.0, most: int = 7) -> list[float]:
    """The median wall time of each of ``runs``, measured in turns (one of each per round) so
    that other load on the machine falls on all alike. A first call of each warms it up and
    sizes its batches: a quick run is repeated to last 20 ms, and the batch's mean is one time.
    Rounds go on while under ``budget`` seconds, 3 at least when the runs are quick."""
    batches: list[int] = []
    for run in runs:
        started = time.perf_counter()
        run()
        once = time.perf_counter() - started
        batches.append(max(1, round(0.02 / max(once, 1e-7))))
    times: list[list[float]] = [[] for _ in runs]
    spent = 0.0
    for done in range(1, most + 1):
        for run, batch, seen in zip(runs, batches, times, strict=True):
            started = time.perf_counter()
            for _ in range(batch):
                run()
            took = time.perf_counter() - started
            seen.append(took / batch)
            spent += took
        if spent > budget and done >= (3 if spent / done < budget / 3 else 1):
            break
    return [sorted(seen)[len(seen) // 2] for seen in times]


def query_params(work: Path) -> dict[str, str]:
    """The value of each stored-query parameter, as `aikg query --param` takes it: the entity
    with the most statements, its most frequent counterpart, the first source by IRI.
    Read from the filled store and kept in ``work`` so every step binds the same values."""
    saved = work / "query-params.json"
    if saved.exists():
        values: dict[str, str] = json.loads(saved.read_text(encoding="utf-8"))
        return values
    from collections import Counter

    import pyoxigraph as ox
    from rdflib.namespace import RDF

    from graph.model import AI
    from graph.store import OxigraphStore

    raw = OxigraphStore(work / "store")._store

    def iris(subject: Any, predicate: Any, obj: Any = None) -> list[str]:
        """The IRIs among the objects (or the subjects, when ``obj`` is given) of a pattern."""
        quads = raw.quads_for_pattern(subject, ox.NamedNode(predicate), obj)
        terms = (q.subject if obj is not None else q.object for q in quads)
        return [t.value for t in terms if isinstance(t, ox.NamedNode)]

    def most_common(counts: Counter[str]) -> str:
        return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]

    entity = most_common(Counter(iris(None, str(RDF.subject))))
    statements = iris(None, str(RDF.subject), ox.NamedNode(entity))
    partner = most_common(Counter(
        o for st in statements for o in iris(ox.NamedNode(st), str(RDF.object)) if o != entity
    ))  # fmt: skip
    source = min(iris(None, str(RDF.type), ox.NamedNode(str(AI.Source))))
    values = {"entity": entity, "a": entity, "b": partner, "target": entity, "project": entity,
              "subject": entity, "source": source, "as_of": "2025-06-30", "text": "a"}  # fmt: skip
    saved.write_text(json.dumps(values), encoding="utf-8")
    return values


def _params_for(stored: Any, values: dict[str, str]) -> dict[str, str]:
    return {p.name: values[p.name] for p in stored.params if p.name in values}


def time_store_queries(work: Path) -> dict[str, list[float]]:
    """Median seconds of each stored query on the oxigraph store (`Store.query`) and on raw
    pyoxigraph (the same bound text, its rows listed), in turns. Nothing else is held in
    memory: parameters are resolved on the store's names, as `aikg query` does."""
    from graph.model import PREFIXES
    from graph.sparql import bind_params, list_queries
    from graph.store import OxigraphStore
    from graph.store.text import bind_text

    values = query_params(work)
    store = OxigraphStore(work / "store")  # filled by the store-load step
    raw = store._store  # the same pyoxigraph Store, queried directly
    names = store.names()
    timings: dict[str, list[float]] = {}
    for stored in list_queries():
        bindings = bind_params(names, stored, _params_for(stored, values))
        bound = bind_text(stored.text, bindings)
        timings[stored.name] = _medians([
            lambda q=stored.text, b=bindings: store.query(q, bindings=b),
            lambda q=bound: [tuple(r) for r in raw.query(q, prefixes=dict(PREFIXES))],
        ])  # fmt: skip
        shown = ", ".join(f"{t * 1000:.1f} ms" for t in timings[stored.name])
        print(f"    {stored.name}: {shown}", file=sys.stderr)
    return timings


def time_rdflib_queries(work: Path) -> dict[str, float]:
    """Median seconds of each stored query on rdflib in memory (`execute_query`)."""
    from graph.ingest import build_graph, read_data
    from graph.sparql import bind_params, execute_query, list_queries

    values = query_params(work)
    g = build_graph(read_data(work / "data"))
    timings: dict[str, float] = {}
    for stored in list_queries():
        bindings = bind_params(g, stored, _params_for(stored, values))
        timings[stored.name] = _median(
            lambda q=stored.text, b=bindings: execute_query(g, q, bindings=b), budget=4.0
        )
        print(f"    {stored.name}: {timings[stored.name] * 1000:.1f} ms", file=sys.stderr)
    return timings


def run_session(work: Path) -> float:
    """Seconds taken by a session on the filled store that runs every stored query as
    `aikg --store oxigraph:PATH query NAME --param ...` does (open the store, resolve the
    parameters on its names, query, print a table), each in turn in this one process."""
    import contextlib

    from graph.cli import cli
    from graph.sparql import list_queries

    values = query_params(work)
    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        for stored in list_queries():
            params = [f"--param={k}={v}" for k, v in _params_for(stored, values).items()]
            args = ["--store", f"oxigraph:{work / 'store'}", "query", stored.name, *params]
            cli.main(args, standalone_mode=False)
    return time.perf_counter() - started


def run_step(step: str, work: Path, entities: int) -> dict[str, Any]:
    """Run ``step`` in a subprocess; add its peak memory in MB."""
    command = [sys.executable, __file__, "--step", step, "--work", str(work),
               "--entities", str(entities)]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    print(f"  {step}: {result['seconds']:.2f} s, {result['peak_mb']:.0f} MB", file=sys.stderr)
    return result


# -- the report -----------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def fmt_ms(seconds: float | None) -> str:
    """Seconds as milliseconds, with two decimals under one."""
    if seconds is None:
        return "-"
    ms = seconds * 1000
    return f"{ms:.2f}" if ms < 1 else f"{ms:.1f}"


def ratio(baseline: float | None, value: float | None) -> str:
    if not baseline or not value:
        return "-"
    return f"{baseline / value:.1f}x"


def _over(value: float | None, baseline: float | None) -> float | None:
    if not baseline or not value:
        return None
    return value / baseline


def tables(results: dict[int, dict[str, dict[str, Any]]]) -> dict[str, str]:
    """The Markdown of both sections."""
    sizes = sorted(results)
    head = "| | " + " | ".join(f"{label(s)} triples" for s in sizes) + " |"
    rule = "|---" * (len(sizes) + 1) + "|"

    def row(name: str, cells: list[str]) -> str:
        return f"| {name} | " + " | ".join(cells) + " |"

    def get(size: int, step: str, key: str = "seconds") -> float | None:
        value = results[size].get(step, {}).get(key)
        return float(value) if value is not None else None

    build = [
        head, rule,
        row("triples built", [f"{int(get(s, 'build', 'triples') or 0):,}" for s in sizes]),
        row("entities / facts", [
            f"{results[s]['entities']:,} / {int(get(s, 'synth', 'facts') or 0):,}" for s in sizes
        ]),
        row("`aikg synth`", [fmt_s(get(s, "synth")) for s in sizes]),
        row("read CSV (`read_data`)", [fmt_s(get(s, "build", "read")) for s in sizes]),
        row("fill rdflib Graph (`build_graph`)", [fmt_s(get(s, "build", "build")) for s in sizes]),
        row("fill rdflib Graph with `Graph.add` (before)",
            [fmt_s(get(s, "build-graph-add")) for s in sizes]),
        row("speed-up of `build_graph` vs `Graph.add`", [
            ratio(get(s, "build-graph-add"), get(s, "build", "build")) for s in sizes
        ]),
        row("validate, pyshacl (reference)", [fmt_s(get(s, "validate-pyshacl")) for s in sizes]),
        row("validate, shapes as SPARQL on pyoxigraph",
            [fmt_s(get(s, "validate-oxigraph")) for s in sizes]),
        row("speed-up of validation vs pyshacl", [
            ratio(get(s, "validate-pyshacl"), get(s, "validate-oxigraph")) for s in sizes
        ]),
        row("export N-Triples (sorted)", [fmt_s(get(s, "export")) for s in sizes]),
        row("`aikg build` end to end", [fmt_s(get(s, "cli-build")) for s in sizes]),
        row("peak memory, read+build+validate (fast)", [
            f"{get(s, 'validate-oxigraph', 'peak_mb') or 0:.0f} MB" for s in sizes
        ]),
        row("peak memory, read+build+validate (pyshacl)", [
            f"{v:.0f} MB" if (v := get(s, "validate-pyshacl", "peak_mb")) else "-" for s in sizes
        ]),
    ]  # fmt: skip
    loading = [
        head, rule,
        row("rdflib `Graph().parse` (baseline)", [fmt_s(get(s, "load-rdflib")) for s in sizes]),
        row("pyoxigraph `Store().load`", [fmt_s(get(s, "load-oxigraph")) for s in sizes]),
        row("pyoxigraph `Store().bulk_load`", [fmt_s(get(s, "bulk-load-oxigraph")) for s in sizes]),
        row("speed-up of `load` vs rdflib", [
            ratio(get(s, "load-rdflib"), get(s, "load-oxigraph")) for s in sizes
        ]),
        row("speed-up of `bulk_load` vs rdflib", [
            ratio(get(s, "load-rdflib"), get(s, "bulk-load-oxigraph")) for s in sizes
        ]),
        row("peak memory, rdflib", [f"{get(s, 'load-rdflib', 'peak_mb') or 0:.0f} MB"
                                    for s in sizes]),
        row("peak memory, pyoxigraph `load`", [
            f"{get(s, 'load-oxigraph', 'peak_mb') or 0:.0f} MB" for s in sizes
        ]),
        row("peak memory, pyoxigraph `bulk_load`", [
            f"{get(s, 'bulk-load-oxigraph', 'peak_mb') or 0:.0f} MB" for s in sizes
        ]),
        row("peak memory of an idle interpreter (baseline)", [
            f"{get(s, 'baseline', 'peak_mb') or 0:.0f} MB" for s in sizes
        ]),
    ]  # fmt: skip
    stores = [
        head, rule,
        row("`aikg load` into `oxigraph:PATH`, store step (`Store.load`)",
            [fmt_s(get(s, "store-load")) for s in sizes]),
        row("raw pyoxigraph `bulk_load` of the N-Triples file, on disk (baseline)",
            [fmt_s(get(s, "bulk-load-disk")) for s in sizes]),
        row("**ratio store step / raw `bulk_load`** (target ≤ 1.5)", [
            f"{v:.2f}" if (v := _over(get(s, "store-load"), get(s, "bulk-load-disk"))) else "-"
            for s in sizes
        ]),
        row("rdflib `Graph().parse` of the same file, in memory",
            [fmt_s(get(s, "load-rdflib")) for s in sizes]),
        row("**speed-up of the store step vs rdflib** (target ≥ 8)", [
            ratio(get(s, "load-rdflib"), get(s, "store-load")) for s in sizes
        ]),
        row("`aikg load` in process: read + build + validate + store",
            [fmt_s(get(s, "store-load", "total")) for s in sizes]),
        row("`aikg --store oxigraph:PATH load` end to end (CLI)",
            [fmt_s(get(s, "cli-store-load")) for s in sizes]),
        row("a later command on `oxigraph:PATH`: open the store, first answer",
            [fmt_s(get(s, "store-open")) for s in sizes]),
        row("a later command on `memory`: read + build + validate again (`build-validate`)",
            [fmt_s(v) if (v := get(s, "build-validate")) else "-" for s in sizes]),
        row("peak memory, `aikg --store oxigraph:PATH load` (CLI)", [
            f"{v:.0f} MB" if (v := get(s, "cli-store-load", "peak_mb")) else "-" for s in sizes
        ]),
        row("session on `oxigraph:PATH`: every stored query as `aikg query` runs it",
            [fmt_s(get(s, "store-session")) for s in sizes]),
        row("**peak memory of that session** (target < 1 GB at 1M triples)", [
            f"{v:.0f} MB ({'met' if v < 1024 else 'not met'})"
            if (v := get(s, "store-session", "peak_mb")) else "-" for s in sizes
        ]),
    ]  # fmt: skip
    sys.path.insert(0, str(ROOT))
    from graph.sparql import list_queries

    analytical = {q.name for q in list_queries() if q.analytical}
    query_tables: list[str] = []
    for size in sizes:
        timings = results[size].get("store-queries", {}).get("queries") or {}
        if not timings:
            continue
        in_memory = results[size].get("rdflib-queries", {}).get("queries") or {}
        worst = max(ox / raw for ox, raw in timings.values())
        slow = sorted(n for n, (ox, _) in timings.items() if ox >= 0.1 and n not in analytical)
        query_tables += [
            "", f"Stored queries at {label(size)} triples (median ms). Worst ratio to raw "
            f"pyoxigraph: {worst:.2f} (target ≤ 1.5: {'met' if worst <= 1.5 else 'not met'}). "
            "Lookup queries under 100 ms (target): "
            + ("met" if not slow else "not met: " + ", ".join(f"`{n}`" for n in slow)) + ".",
            "",
            "| query | cost | oxigraph store | raw pyoxigraph | ratio to raw | under 100 ms "
            "| rdflib in memory | speed-up vs rdflib |", "|---|---|---|---|---|---|---|---|",
        ]  # fmt: skip
        for name, (ox, raw) in sorted(timings.items()):
            mem = in_memory.get(name)
            if name in analytical:
                target = "exempt (analytical)"
            else:
                target = "met" if ox < 0.1 else "**not met**"
            query_tables.append(
                f"| `{name}` | {'analytical' if name in analytical else 'lookup'} "
                f"| {fmt_ms(ox)} | {fmt_ms(raw)} | {ox / raw:.2f} | {target} "
                f"| {fmt_ms(mem)} | {f'{mem / ox:.1f}x' if mem else '-'} |"
            )
    machine = (
        f"Measured by `make bench` (`bench/run.py`, seed {SEED}) on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. Each cell is one run in a fresh subprocess; "
        "peak memory is that process's maximum resident set."
    )
    return {
        "build-validation": "\n".join([
            machine, "",
            "Read is `read_data` over the three CSV files; build fills an rdflib `Graph`. "
            "Validation times exclude read and build. The fast validator compiles "
            "`data/shapes.ttl` into one SPARQL query per constraint and runs each once over "
            "all focus nodes in pyoxigraph (loading the store is included); pyshacl, the "
            "reference, evaluates SPARQL constraints once per focus node, so it is only run "
            "on the smaller sizes.", "", *build,
        ]),
        "loading": "\n".join([
            "Loading the exported N-Triples file (`aikg build -o graph.nt`) into a "
            "fresh store; speed-ups are against rdflib in the same run.", "", *loading,
        ]),
        "stores": "\n".join([
            "`aikg --store oxigraph:PATH load` reads the data and puts its triples straight "
            "into an in-memory pyoxigraph store, which runs the validation (no rdflib graph is "
            "made); its store step then bulk-loads that store's quads (`bulk_extend`) into a "
            "new on-disk store next to the target and swaps the two folders. The baseline is "
            "raw `bulk_load` of the exported N-Triples file into a fresh on-disk store; rdflib "
            "parses that file into memory. Query "
            "latencies: the oxigraph backend (`Store.query`: checks, VALUES binding, results "
            "as rdflib terms) vs raw pyoxigraph running the same bound text and listing its "
            "rows (in turns, each in a process holding nothing else), vs rdflib in memory "
            "(`execute_query`, timed only up to the size given by `--rdflib-queries-max`: it "
            "takes minutes per query beyond), on the same data, parameters bound to the "
            "entity with the most statements. Queries marked analytical (`aikg queries`, "
            "docs/queries.md) read the whole graph whatever their parameters; the 100 ms "
            "target is for the others. The session runs every stored query in one process "
            "as `aikg --store oxigraph:PATH query` does (open the store, resolve parameters "
            "on its names, print a table); its peak memory is that process's.",
            "", *stores, *query_tables,
        ]),
    }  # fmt: skip


def update_doc(sections: dict[str, str]) -> None:
    """Replace our sections between their markers, keeping the rest of the file."""
    headings = {"build-validation": "Build and validation", "loading": "Loading",
                "stores": "Stores"}  # fmt: skip
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    for key in sections:
        start, end = f"<!-- bench:{key}:start -->", f"<!-- bench:{key}:end -->"
        block = f"{start}\n{sections[key]}\n{end}"
        if start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + block + rest.split(end, 1)[1]
        else:
            text = text.rstrip("\n") + f"\n\n## {headings[key]}\n\n{block}\n"
    sys.path.insert(0, str(ROOT))
    from graph.rdf import write_atomic

    write_atomic(DOC, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="10k,100k,1M",
        help="comma-separated triple counts (default: 10k,100k,1M)",
    )
    parser.add_argument(
        "--pyshacl-max",
        type=parse_size,
        default=parse_size("10k"),
        help="largest size validated with pyshacl too (default: 10k)",
    )
    parser.add_argument(
        "--rdflib-queries-max",
        type=parse_size,
        default=parse_size("100k"),
        help="largest size whose stored queries are timed on rdflib in memory too (it takes "
        "minutes per query beyond; default: 100k)",
    )
    parser.add_argument("--no-doc", action="store_true", help="print, do not write the doc")
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        default=None,
        help="run only the steps of this section and rewrite only it",
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--entities", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()  # fmt: skip
    if args.step:
        sys.path.insert(0, str(ROOT))
        result = measure(args.step, args.work, args.entities)
        peak = max(resource.getrusage(who).ru_maxrss
                   for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))  # fmt: skip
        result["peak_mb"] = peak / 1024
        print(json.dumps(result))
        return
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        entities = max(40, round((size - FIXED_TRIPLES) / TRIPLES_PER_ENTITY))
        print(f"{label(size)} triples ({entities} entities)", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
            work = Path(tmp)
            steps = ["baseline", "synth", "build", "build-graph-add", "validate-oxigraph"]
            if size <= args.pyshacl_max:
                steps.append("validate-pyshacl")
            steps += ["export", "load-rdflib", "load-oxigraph", "bulk-load-oxigraph",
                      "cli-build", "build-validate", "store-load", "store-open",
                      "bulk-load-disk", "cli-store-load", "store-queries", "rdflib-queries",
                      "store-session"]  # fmt: skip
            if args.only == "stores":
                steps = ["synth", "export", "load-rdflib", "build-validate", "store-load",
                         "store-open", "bulk-load-disk", "cli-store-load", "store-queries",
                         "rdflib-queries", "store-session"]  # fmt: skip
            if size > args.rdflib_queries_max:
                steps = [s for s in steps if s != "rdflib-queries"]
            results[size] = {"entities": entities}
            for step in steps:
                results[size][step] = run_step(step, work, entities)
    sections = tables(results)
    if args.only:
        sections = {key: text for key, text in sections.items() if key == args.only}
    if args.no_doc:
        print("\n\n".join(sections.values()))
    else:
        update_doc(sections)
        print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()

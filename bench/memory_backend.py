"""Benchmark: the memory backend of this tree against another tree (the old path), in one run.

Both trees run the same commands on the same synthetic data, each in its own process
under ``/usr/bin/time -v`` (wall time and peak resident memory of the whole command):

- ``session``: one process builds the memory store from the data as every command does
  (``current_store``) and runs every stored query on it, parameters resolved on the
  store's names as ``aikg query`` does; the build and each query are timed inside;
- ``analyze``: ``aikg --data DIR analyze --top 5``, the whole command;
- named stored queries as whole commands (``aikg --data DIR query NAME -p ...``).

The other tree is a plain copy of an older commit (``git archive REV | tar -x -C DIR``);
it is put first on ``PYTHONPATH``, so the same virtual environment runs its code.

    python bench/memory_backend.py --old /tmp/aikg-old --entities 3724
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 3
#: Stored queries run as whole commands, with the parameters they take.
COMMANDS = ("investors_of", "money_flows", "reported_only_facts", "people_roles")


def _values(data: Path) -> dict[str, str]:
    """Parameter values: the entity with the most statements (by subject), the first source."""
    from collections import Counter

    from graph.cli.common import current_store
    from graph.sparql import result_rows

    store = current_store(data)
    rows = result_rows(store.query("SELECT ?s WHERE { ?st rdf:subject ?s }"))
    counts = Counter(str(row["s"]) for row in rows)
    entity = min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
    sources = store.query("SELECT ?s WHERE { ?s a ai:Source } ORDER BY ?s LIMIT 1")
    source = str(result_rows(sources)[0]["s"])
    slug = entity.rsplit("/", 1)[-1]
    return {"entity": slug, "a": slug, "b": slug, "target": slug, "project": slug,
            "subject": slug, "source": source, "as_of": "2025-06-30", "text": "a"}  # fmt: skip


def _params_for(stored: Any, values: dict[str, str]) -> dict[str, str]:
    return {p.name: values[p.name] for p in stored.params if p.name in values}


def session(data: Path, values: dict[str, str]) -> dict[str, Any]:
    """Build the memory store once, then run every stored query on it (seconds each)."""
    from graph.cli.common import current_store
    from graph.sparql import bind_params, list_queries
    from graph.store.names import names_for

    started = time.perf_counter()
    store = current_store(data)
    out: dict[str, Any] = {"build": time.perf_counter() - started, "queries": {}}
    for stored in list_queries():
        params = _params_for(stored, values)
        started = time.perf_counter()
        bindings = bind_params(names_for(store, stored, params), stored, params)
        result = store.query(stored.text, bindings=bindings)
        _ = result.bindings if result.type == "SELECT" else result.graph
        out["queries"][stored.name] = time.perf_counter() - started
        print(f"    {stored.name}: {out['queries'][stored.name]:.3f} s", file=sys.stderr)
    return out


def _timed(command: list[str], tree: Path) -> dict[str, Any]:
    """Run ``command`` with ``tree`` first on PYTHONPATH under /usr/bin/time -v."""
    env = {**os.environ, "PYTHONPATH": str(tree), "AIKG_STORE": "memory"}
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        done = subprocess.run(
            ["/usr/bin/time", "-v", "-o", report.name, *command],
            env=env, capture_output=True, text=True, cwd=tree, check=False,
        )  # fmt: skip
        text = report.read()
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {tree}:\n{done.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    assert wall is not None
    seconds = int(wall[1] or 0) * 3600 + int(wall[2]) * 60 + float(wall[3])
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    assert rss is not None
    return {"seconds": seconds, "peak_mb": int(rss[1]) / 1024, "stdout": done.stdout}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="the other tree (the old path)")
    parser.add_argument("--entities", type=int, default=3724)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--step", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "values":
        print(json.dumps(_values(args.data)))
        return
    if args.step == "session":
        values = json.loads((args.data.parent / "values.json").read_text(encoding="utf-8"))
        print(json.dumps(session(args.data, values)))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="aikg-membench-"))
    data = work / "data"
    aikg = [sys.executable, "-c", "from graph.cli import main; main()"]
    if not data.exists():
        subprocess.run([*aikg, "synth", "--entities", str(args.entities), "--seed", str(SEED),
                        "--out", str(data)], check=True, cwd=ROOT)  # fmt: skip
    if not (work / "values.json").exists():
        got = _timed([sys.executable, __file__, "--step", "values", "--data", str(data),
                      "--old", str(args.old)], ROOT)  # fmt: skip
        (work / "values.json").write_text(got["stdout"].strip().splitlines()[-1])
    values = json.loads((work / "values.json").read_text(encoding="utf-8"))
    report: dict[str, Any] = {"entities": args.entities, "values": values}
    for side, tree in (("old", args.old.resolve()), ("new", ROOT)):
        print(f"{side}: {tree}", file=sys.stderr)
        got = _timed([sys.executable, str(ROOT / "bench" / "memory_backend.py"), "--step",
                      "session", "--data", str(data), "--old", str(args.old)], tree)  # fmt: skip
        inner = json.loads(got["stdout"].strip().splitlines()[-1])
        report[f"{side}:session"] = {**inner, "seconds": got["seconds"], "peak_mb": got["peak_mb"]}
        for name in ("analyze", *COMMANDS):
            if name == "analyze":
                command = [*aikg, "analyze", "--data", str(data), "--top", "5"]
            else:
                from graph.sparql import load_query

                params = _params_for(load_query(name), values)
                command = [*aikg, "query", name, "--data", str(data),
                           *[f"--param={k}={v}" for k, v in params.items()]]  # fmt: skip
            got = _timed(command, tree)
            report[f"{side}:{name}"] = {"seconds": got["seconds"], "peak_mb": got["peak_mb"]}
            print(f"  {name}: {got['seconds']:.2f} s, {got['peak_mb']:.0f} MB", file=sys.stderr)
    (work / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

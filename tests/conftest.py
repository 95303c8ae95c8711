"""Shared fixtures: the shipped graph, a small editable data folder, and a CLI runner."""

from __future__ import annotations

import csv
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph
from starlette.testclient import TestClient

from graph import load_graph
from graph.cli import cli
from graph.ingest.columns import tables_text
from graph.web import Settings, create_app

TESTS = Path(__file__).parent
FIXTURES = TESTS / "data"


@pytest.fixture(scope="session")
def shipped_graph() -> Graph:
    """The graph built from the shipped data/ folder, validated."""
    return load_graph()


#: The shipped data as it stood before the second batch of sources: the tests of the
#: analytics, the network and the views check figures worked out by hand on it, which a
#: new article in data/ must not move. The tests of the shipped data itself
#: (test_coverage, test_trusted_answers, the docs' examples) read data/.
SEED = FIXTURES / "seed"


@pytest.fixture(scope="session")
def seed_graph() -> Graph:
    """The graph built from the frozen seed data (:data:`SEED`), validated."""
    return load_graph(SEED)


@pytest.fixture
def on_seed_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the seed data the default folder ($AIKG_DATA) of the CLI and ``load_graph``."""
    monkeypatch.setenv("AIKG_DATA", str(SEED))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the minimal fixture data folder that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


RunCli = Callable[..., Result]


@pytest.fixture
def run_cli() -> RunCli:
    """Invoke ``aikg`` in-process; stdout and stderr are kept apart."""

    def run(*args: str | Path) -> Result:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


def set_cell(path: Path, row_id: str, column: str, value: str) -> None:
    """Set one cell of a curated CSV file, found by the row's ``id`` (adding the column
    when its table has none of that name). A source file's tables (the source, then its
    facts, a blank line between) are kept apart."""
    tables: list[list[list[str]]] = [[]]
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if any(cell.strip() for cell in row):
                tables[-1].append(row)
            elif tables[-1]:
                tables.append([])  # a blank line: the next row starts the next table
    found = False
    for table in tables:
        if not table:
            continue
        header = table[0]
        for row in table[1:]:
            if row[header.index("id")] != row_id:
                continue
            if column not in header:
                header.append(column)  # an optional column the table did not have yet
                for other in table[1:]:
                    other.append("")
            row[header.index(column)] = value
            found = True
    assert found, f"no row {row_id} in {path}"
    path.write_text(
        tables_text(*((table[0], table[1:]) for table in tables if table)), encoding="utf-8"
    )


def line_of(path: Path, row_id: str) -> int:
    """The 1-based line of the row whose id is ``row_id``."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith(row_id + ","):
            return number
    raise AssertionError(f"no row {row_id} in {path}")


@contextmanager
def serving(*options: str, store: str = "memory") -> Iterator[str]:
    """Run ``aikg --store STORE serve --port 0 OPTIONS`` in a subprocess; yield its /sparql URL
    (the second of the two lines it prints first: the home page, then the endpoint)."""
    aikg = Path(sys.executable).parent / "aikg"
    process = subprocess.Popen(
        [str(aikg), "--store", store, "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        lines = process.stdout.readline() + process.stdout.readline()
        match = re.fullmatch(
            r"home page        (http://127\.0\.0\.1:\d+/)\nSPARQL endpoint  (\1sparql)\n", lines
        )
        assert match, f"unexpected first lines {lines!r}; stderr: {process.stderr.read()}"
        yield match[2]
    finally:
        process.terminate()
        process.wait(timeout=30)


def client_for(g: Graph, **settings: object) -> TestClient:
    """The HTTP app over ``g``, called in-process (3 s query limit unless overridden)."""
    app = create_app(g, settings=Settings(timeout=3.0, **settings))  # type: ignore[arg-type]
    return TestClient(app, base_url="http://localhost", raise_server_exceptions=False)


def free_port() -> int:
    """A loopback port nobody listens on (yet)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server (``oxigraph serve``) on a free loopback port; yields its address."""
    binary = Path(sys.executable).parent / "oxigraph"
    assert binary.exists(), "the oxigraph server binary comes with the dev extra"
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("the oxigraph server did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def loaded(server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Store specs (``oxigraph``, ``remote``), each filled by ``aikg --store SPEC load``
    from the shipped data."""
    specs = {
        "oxigraph": f"oxigraph:{tmp_path_factory.mktemp('ox') / 'store'}",
        "remote": f"sparql:{server}",
    }
    for spec in specs.values():
        result = CliRunner().invoke(cli, ["--store", spec, "load"], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("loaded ")
    return specs

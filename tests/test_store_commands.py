"""Every command answers on an oxigraph store and on a real SPARQL server as it does in memory."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from .conftest import RunCli, serving

#: Every command on every backend, a real Oxigraph server included: seconds per case.
pytestmark = pytest.mark.slow

BACKENDS = ["oxigraph", "remote"]

# Commands whose whole output must be the same on every backend.
SAME_OUTPUT = [
    ["stats"],
    ["dependencies"],
    ["dependencies", "--entity", "openai", "-f", "json"],
    ["cycles"],
    ["path", "softbank", "microsoft"],
    # As of a day (the path and the count of the undated statements left out).
    ["path", "softbank", "microsoft", "--as-of", "2024-12-31"],
    ["analyze", "--top", "5"],
    ["query", "investment_totals", "--param", "target=openai", "-f", "csv"],
    # Parameters resolved on the store: a label, an alias, a source's slug.
    ["query", "competitors_of", "-p", "entity=SoftBank Group", "-f", "csv"],
    ["query", "competitors_of", "-p", "entity=openai group pbc", "-f", "csv"],
    ["query", "facts_by_source", "-p", "source=nigeriadna-coreweave-openai", "-f", "csv"],
    ["export", "--format", "graphml"],
    # Dates as the data writes them (2019, 2023-09, a source's 2026), in every format.
    ["cycles", "-f", "json"],
    ["query", "facts_by_source", "-p", "source=mercuryoregon-openai-microsoft-cloud", "-f", "csv"],
    [
        "sparql",
        "SELECT ?s ?when WHERE { ?s ai:pointInTime|ai:startDate|ai:endDate|ai:termEnd ?when } "
        "ORDER BY ?s STR(?when)",  # a year and a day do not compare: order by text
        "-f",
        "tsv",
    ],
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("args", SAME_OUTPUT, ids=lambda a: " ".join(a))
def test_command_answers_as_in_memory(
    run_cli: RunCli, loaded: dict[str, str], backend: str, args: list[str]
) -> None:
    expected = run_cli(*args)
    assert expected.exit_code == 0 and expected.stdout, expected.stderr
    got = run_cli("--store", loaded[backend], *args)
    assert got.exit_code == 0, got.stderr
    assert got.stdout == expected.stdout


def _by_value(g: Graph) -> set[tuple[object, ...]]:
    """The triples, decimals compared by value (Decimal("27.0") == Decimal("27"))."""
    return {
        tuple(
            t.toPython() if isinstance(t, Literal) and t.datatype == XSD.decimal else t
            for t in triple
        )
        for triple in g
    }


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fmt", ["nt", "turtle", "jsonld"])
def test_export_holds_the_same_graph(
    run_cli: RunCli, loaded: dict[str, str], backend: str, fmt: str
) -> None:
    expected = run_cli("export", "--format", fmt).stdout
    got = run_cli("--store", loaded[backend], "export", "--format", fmt).stdout
    parse = {"nt": "nt", "turtle": "turtle", "jsonld": "json-ld"}[fmt]
    mine, theirs = Graph().parse(data=got, format=parse), Graph().parse(data=expected, format=parse)
    assert len(mine) == len(theirs) > 1900
    assert _by_value(mine) == _by_value(theirs)
    if fmt == "nt":  # decimals as the build writes them (27.0): the same bytes
        assert got == expected
    if fmt == "turtle":  # the project's prefixes, not ns1:
        assert "@prefix ai: <https://w3id.org/aikg/ontology#>" in got and "ns1:" not in got


@pytest.mark.parametrize("backend", BACKENDS)
def test_render_writes_the_same_pages(
    run_cli: RunCli, loaded: dict[str, str], backend: str, tmp_path: Path
) -> None:
    assert run_cli("render", "--out", tmp_path / "memory").exit_code == 0
    result = run_cli("--store", loaded[backend], "render", "--out", tmp_path / backend)
    assert result.exit_code == 0, result.stderr
    pages = sorted(p.name for p in (tmp_path / "memory").iterdir())
    assert len(pages) >= 4 and "index.html" in pages
    assert sorted(p.name for p in (tmp_path / backend).iterdir()) == pages
    for name in pages:
        ours = (tmp_path / backend / name).read_text(encoding="utf-8")
        theirs = (tmp_path / "memory" / name).read_text(encoding="utf-8")
        assert ours == theirs, name


def _ask(endpoint: str, query: str) -> dict[str, object]:
    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, object] = json.load(response)
        return answer


@pytest.mark.slow
def test_serve_answers_from_a_store(tmp_path: Path, server: str, loaded: dict[str, str]) -> None:
    folder = tmp_path / "store"
    aikg = Path(sys.executable).parent / "aikg"
    # Filled by another process: an open folder is locked to the process that opened it.
    subprocess.run([str(aikg), "--store", f"oxigraph:{folder}", "load"], check=True,
                   capture_output=True)  # fmt: skip
    query = "SELECT ?c WHERE { ent:openai ai:competesWith ?c } ORDER BY ?c"
    answers = []
    for store in ("memory", f"oxigraph:{folder}", loaded["remote"]):
        with serving(store=store) as endpoint:
            answers.append(_ask(endpoint, query))
    assert answers[0] == answers[1] == answers[2]
    assert len(answers[0]["results"]["bindings"]) == 3  # type: ignore[index]

"""Building and exporting: determinism, round trips, the truthy rule, atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, XSD

from graph import AI, ENT, STMT, build_graph, load_graph, read_data
from graph.rdf.serialize import GRAPH_IRI

from .conftest import RunCli, set_cell

ROOT = Path(__file__).resolve().parent.parent


def aikg(*args: str, seed: str) -> subprocess.CompletedProcess[bytes]:
    """Run the real console script in a fresh process with a chosen hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    script = Path(sys.executable).parent / "aikg"
    return subprocess.run([str(script), *args], capture_output=True, env=env, check=True)


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    aikg("build", "--output", str(first), seed="1")
    aikg("build", "--output", str(second), seed="2")
    assert first.read_bytes() == second.read_bytes()
    lines = first.read_bytes().splitlines()
    assert lines == sorted(lines)
    assert len(lines) > 500


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld"])
def test_export_formats_round_trip(run_cli: RunCli, shipped_graph: Graph, fmt: str) -> None:
    result = run_cli("export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "trig":
        dataset = Dataset()
        dataset.parse(data=result.stdout_bytes, format="trig")
        parsed = dataset.graph(GRAPH_IRI)
    else:
        parsed = Graph().parse(data=result.stdout_bytes, format={"jsonld": "json-ld"}.get(fmt, fmt))
    assert len(parsed) == len(shipped_graph)
    assert isomorphic(parsed, shipped_graph)


def test_export_to_file_matches_stdout(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "nested" / "graph.nt"
    assert run_cli("export", "--format", "nt", "--output", target).exit_code == 0
    assert target.read_bytes() == run_cli("export", "--format", "nt").stdout_bytes


def test_build_suffix_picks_format(run_cli: RunCli, tmp_path: Path, shipped_graph: Graph) -> None:
    target = tmp_path / "graph.ttl"
    result = run_cli("build", "--output", target)
    assert result.exit_code == 0, result.stderr
    assert "(turtle)" in result.stdout
    assert isomorphic(Graph().parse(target, format="turtle"), shipped_graph)


def test_statements_carry_subject_predicate_object_and_source(shipped_graph: Graph) -> None:
    statements = set(shipped_graph.subjects(RDF.type, RDF.Statement))
    assert len(statements) > 50
    for statement in statements:
        assert isinstance(statement, URIRef)
        assert str(statement).startswith(str(STMT))
        for prop in (RDF.subject, RDF.predicate, RDF.object):
            assert len(list(shipped_graph.objects(statement, prop))) == 1, (statement, prop)
        assert list(shipped_graph.objects(statement, PROV.wasDerivedFrom)), statement


def test_truthy_rule(data_dir: Path) -> None:
    g = build_graph(read_data(data_dir))
    # An open statement yields the direct triple; an ended one does not on its own.
    assert (ENT.microsoft, AI.investsIn, ENT.openai) in g
    assert (ENT.microsoft, AI.providesComputeTo, ENT.openai) in g  # the open ROFR phase
    ended = STMT["microsoft-compute-exclusive"]
    assert g.value(ended, AI.endDate) == Literal("2025-01-21", datatype=XSD.date)
    # Symmetric relations are materialised both ways; statements stay one-way.
    assert (ENT.openai, AI.competesWith, ENT.google) in g
    assert (ENT.google, AI.competesWith, ENT.openai) in g
    # Non-symmetric sub-properties are not mirrored.
    assert (ENT.stargate, AI.technologyPartnerOf, ENT.openai) not in g
    # Figures are typed by the ontology's range.
    assert (ENT.openai, AI.valuation, Literal("157000000000.0", datatype=XSD.decimal)) in g


def test_ended_relation_is_not_truthy(data_dir: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-competes-google", "start", "2020")
    set_cell(facts, "openai-competes-google", "end", "2024-01-01")
    g = build_graph(read_data(data_dir))
    assert (ENT.openai, AI.competesWith, ENT.google) not in g
    assert (ENT.google, AI.competesWith, ENT.openai) not in g
    statement = STMT["openai-competes-google"]
    assert g.value(statement, AI.holdsFrom) == Literal("2020-01-01", datatype=XSD.date)
    assert g.value(statement, AI.holdsUntil) == Literal("2024-01-01", datatype=XSD.date)


def test_superclasses_are_materialised(shipped_graph: Graph) -> None:
    types = set(shipped_graph.objects(ENT.openai, RDF.type))
    assert {AI.AILab, AI.Organization, AI.Entity} <= types


def test_load_graph_validates_custom_folder(data_dir: Path) -> None:
    g = load_graph(data_dir)
    assert (ENT.openai, AI.competesWith, ENT.google) in g


def test_stats(run_cli: RunCli) -> None:
    result = run_cli("stats")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert "triples" in first and "statements" in first
    assert "seed-article" in result.stdout
    assert "investsIn" in result.stdout
    assert "AILab" in result.stdout


def test_stats_as_csv_and_json(run_cli: RunCli) -> None:
    """The same counts for a spreadsheet or a script, each table's rows apart."""
    as_json = json.loads(run_cli("stats", "-f", "json").stdout)
    rows = list(csv.reader(io.StringIO(run_cli("stats", "--format", "csv").stdout)))
    assert rows[0] == ["table", "name", "count"]
    counts = {(t, n): int(c) for t, n, c in rows[1:]}
    assert counts[("total", "triples")] == as_json["triples"] > 0
    assert {n: c for (t, n), c in counts.items() if t == "relation"} == as_json["by_relation"]
    assert {n: c for (t, n), c in counts.items() if t == "source"} == as_json["facts_per_source"]
    assert as_json["by_class"]["AILab"] > 0

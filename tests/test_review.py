"""Review: who checked a fact against its source, when, and the words that support it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from graph import AI, STMT, build_graph, read_data

from .conftest import RunCli, line_of, set_cell

FACTS = ("microsoft-invests-openai", "microsoft-compute-exclusive", "microsoft-compute-rofr",
         "openai-competes-google", "openai-partner-stargate", "openai-valuation")  # fmt: skip


def review_all(facts: Path) -> None:
    for fact in FACTS:
        set_cell(facts, fact, "reviewed_by", "jdoe")
        set_cell(facts, fact, "reviewed_on", "2026-11-30")


def test_a_review_becomes_attribution_day_and_quote(data_dir: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-valuation", "reviewed_by", "jdoe")
    set_cell(facts, "openai-valuation", "reviewed_on", "2026-11-30")
    set_cell(facts, "openai-valuation", "quote", "valued at $157 billion")
    g = build_graph(read_data(data_dir))
    node = STMT["openai-valuation"]
    editor = URIRef("https://w3id.org/aikg/editor/jdoe")
    assert g.value(node, PROV.wasAttributedTo) == editor
    assert (editor, RDF.type, PROV.Agent) in g
    assert g.value(editor, RDFS.label) == Literal("jdoe")
    assert g.value(node, AI.reviewedOn) == Literal("2026-11-30", datatype=XSD.date)
    assert g.value(node, AI.quote) == Literal("valued at $157 billion", lang="en")


def test_strict_lists_the_unreviewed_facts(run_cli: RunCli, data_dir: Path) -> None:
    facts = data_dir / "facts.csv"
    review_all(facts)
    set_cell(facts, "openai-valuation", "reviewed_by", "")
    set_cell(facts, "openai-valuation", "reviewed_on", "")
    assert run_cli("validate", "--data", data_dir).exit_code == 0
    result = run_cli("validate", "--data", data_dir, "--strict")
    assert result.exit_code == 1
    line = line_of(facts, "openai-valuation")
    assert f"facts.csv:{line}: reviewed_by: openai-valuation is not reviewed" in result.stderr
    assert "--strict: 1 of 6 facts are not reviewed" in result.stderr
    set_cell(facts, "openai-valuation", "reviewed_by", "jdoe")
    assert run_cli("validate", "--data", data_dir, "--strict").exit_code == 0


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("reviewed_by", "j doe", "'j doe' is not a handle"),
        ("reviewed_on", "2026-11", "reviewed_on is a day: YYYY-MM-DD"),
        ("quote", "word " * 80, "a quote is a few words, at most 300 characters"),
    ],
)
def test_bad_review_cells(
    run_cli: RunCli, data_dir: Path, column: str, value: str, expected: str
) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-valuation", "reviewed_by", "jdoe")
    set_cell(facts, "openai-valuation", column, value)
    result = run_cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    line = line_of(facts, "openai-valuation")
    assert f"facts.csv:{line}: {column}: {expected}" in result.stderr


def test_a_review_day_needs_its_reviewer(run_cli: RunCli, data_dir: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-valuation", "reviewed_on", "2026-11-30")
    result = run_cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert "reviewed_on: reviewed_on needs reviewed_by (who checked it)" in result.stderr
